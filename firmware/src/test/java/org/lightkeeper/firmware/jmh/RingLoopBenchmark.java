package org.lightkeeper.firmware.jmh;

import java.util.concurrent.TimeUnit;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.ring.EngineLock;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one steady-state ring-loop tick of one engine (read every monitor, update every tracker,
 * write the heaters that changed; with gradient tracking, one group of rings), every ring locked. The simulated chips answer below the drivers,
 * so the figure includes the emulators; {@code -prof gc} shows the allocation rate (zero).
 * Run: see docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingLoopBenchmark {
    /**
     * A shipped board, or {@code board@hz}: the board with its SPI clocked at hz, where a full dither tick
     * does not fit the budget and the engines track by gradient, a group of rings a tick
     * ({@link org.lightkeeper.firmware.ring.TrackingPlan}).
     */
    @Param({"devkit", "ref-51t2", "devkit@1000000", "ref-51t2@10000000"})
    public String board;

    private VirtualClock clock;
    private EngineLock lock;
    private long period;

    @Setup(Level.Trial)
    public void lockEverything() {
        int at = board.indexOf('@');
        BoardSpec spec = at < 0 ? BoardFile.load(board)
                : org.lightkeeper.firmware.ring.BoardVariants.of(board.substring(0, at), Integer.parseInt(board.substring(at + 1)), null);
        clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        Firmware fw = new Firmware(spec, sim, clock);
        fw.runUntil(8_000_000_000L, clock::advanceTo);
        lock = fw.engines().get(0);
        for (int i = 0; i < lock.ringCount(); i++) {
            if (lock.state(i) != org.lightkeeper.firmware.ring.RingLockState.LOCKED) {
                System.err.println(board + ": ring " + i + " not locked (" + lock.why(i) + ")");
            }
        }
        System.err.println(board + ": " + lock.trackingPlan().reason());
        period = spec.control().ringPeriodNs();
    }

    @Benchmark
    public void oneEngineTick() {
        clock.advance(period);
        lock.tick(clock.nanos());
    }
}
