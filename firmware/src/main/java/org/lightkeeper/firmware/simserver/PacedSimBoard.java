package org.lightkeeper.firmware.simserver;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.lightkeeper.firmware.grpc.sim.SimulatorGrpcService;
import org.lightkeeper.hal.bus.remote.BusServer;
import org.lightkeeper.hal.time.Clock;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * A simulated board standing alone, touched by a bus server's session and by the simulator's gRPC
 * service: one lock for both, and before anything touches the board its virtual clock is caught up
 * with the wall clock (times {@code speed}). Nothing in the simulator needs time to pass between
 * touches (physics and chip timers are evaluated at the time they are read), so no ticking thread is
 * needed. Bus transactions still charge their wire time on the virtual clock, so under heavy traffic
 * virtual time may run slightly ahead of the wall; it never runs behind it.
 */
public final class PacedSimBoard implements BusServer.Gate, SimulatorGrpcService.SimExecutor {
    private final SimBoard sim;
    private final VirtualClock clock;
    private final Clock wall;
    private final double speed;
    private final long wallStart;
    private final long virtualStart;

    public PacedSimBoard(SimBoard sim, Clock wall, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, got " + speed);
        }
        this.sim = sim;
        this.clock = sim.clock();
        this.wall = wall;
        this.speed = speed;
        this.wallStart = wall.nanos();
        this.virtualStart = clock.nanos();
    }

    public SimBoard board() {
        return sim;
    }

    /** Moves virtual time up to the paced wall time. Call holding the lock. */
    private void catchUp() {
        clock.advanceTo(virtualStart + (long) ((wall.nanos() - wallStart) * speed));
    }

    @Override
    public synchronized void pass(Runnable request) {
        catchUp();
        request.run();
    }

    @Override
    public synchronized <T> CompletableFuture<T> execute(Callable<T> work) {
        catchUp();
        try {
            return CompletableFuture.completedFuture(work.call());
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
