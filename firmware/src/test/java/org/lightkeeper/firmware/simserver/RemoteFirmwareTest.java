package org.lightkeeper.firmware.simserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.ring.RingLockState;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.bus.remote.RemoteBusProvider;
import org.lightkeeper.hal.time.SystemClock;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * The firmware on the system clock, driving a sim-server's buses over loopback (both in this process,
 * on their own threads, as they would be in two): every devkit ring locks, on the line the simulator's
 * ground truth says it sits on. Wall-clock by nature (the simulator is paced to the wall), so it
 * waits for the outcome with a generous deadline rather than timing anything.
 */
class RemoteFirmwareTest {
    /** Locking takes about 1.5 s of board time; the rest is slack for a loaded 2-core machine. */
    private static final long DEADLINE_NS = 8_000_000_000L;

    @Test
    void everyDevkitRingLocksOverTheRemoteBusesOnItsTrueLine() throws Exception {
        BoardSpec spec = BoardFile.load("devkit");
        SystemClock wall = new SystemClock();
        try (SimServer sim = SimServer.start(spec, 11L, 1.0, wall,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null);
             RemoteBusProvider buses = RemoteBusProvider.connect(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), sim.busPort()), wall)) {
            Firmware firmware = new Firmware(spec, buses, wall);
            Thread control = new Thread(() -> firmware.runUntil(Long.MAX_VALUE, t -> {
                long left;
                while ((left = t - wall.nanos()) > 0) {
                    LockSupport.parkNanos(left);
                }
            }), "control");
            control.start();
            BoardSnapshot snap = firmware.snapshot();
            long end = wall.nanos() + DEADLINE_NS;
            while (wall.nanos() < end && snap.ringsLocked() < 16) {
                LockSupport.parkNanos(100_000_000L);
                snap = firmware.snapshot();
            }
            long lockedAfterNs = wall.nanos();
            List<RingTruth> truth = sim.board().execute(() -> sim.board().board().truth()).get();
            firmware.stop();
            control.join(5_000);

            for (BoardSnapshot.LoopStats l : snap.loops()) {
                System.out.printf("remote loop %s: %d runs, %d overruns, max run %d us%n", l.name(), l.runs(),
                        l.overruns(), l.maxRunNs() / 1000);
            }
            long spi = firmware.drivers().meters().get("spi0").transactions();
            long ringRuns = snap.loops().stream().filter(l -> l.name().equals("rings")).findFirst().orElseThrow().runs();
            System.out.printf("remote: %d SPI transactions over %d ring ticks (%.1f a tick, ELS and board loops aside)%n",
                    spi, ringRuns, (double) spi / ringRuns);
            System.out.printf("remote: %d rings locked after %.2f s wall%n", snap.ringsLocked(), lockedAfterNs / 1e9);
            assertEquals(16, snap.ringsLocked(), "rings locked within " + DEADLINE_NS / 1e9 + " s: " + snap.rings());
            Set<String> taken = new HashSet<>();
            for (BoardSnapshot.Ring r : snap.rings()) {
                assertEquals(RingLockState.LOCKED, r.state());
                RingTruth t = truth.get(r.ring());
                assertEquals(r.lane(), t.nearestLane(), "ring " + r.ring() + ": the firmware's line is the true one");
                assertTrue(taken.add(r.waveguide() + "/" + t.nearestLane()), "ring " + r.ring() + " shares its line");
            }
        }
    }
}
