package org.lightkeeper.firmware.simserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.lightkeeper.api.v1.BoardState;
import org.lightkeeper.api.v1.GetGroundTruthRequest;
import org.lightkeeper.api.v1.GetStateRequest;
import org.lightkeeper.api.v1.GroundTruth;
import org.lightkeeper.api.v1.LaneTruth;
import org.lightkeeper.api.v1.RingLockState;
import org.lightkeeper.api.v1.SimulatorServiceGrpc;
import org.lightkeeper.api.v1.StateServiceGrpc;

/**
 * sim-server and firmware as two processes: the firmware locks every devkit ring over the remote
 * buses, is killed with SIGKILL, and the simulated hardware stays powered (the lanes it lit are still
 * lit, per the simulator's ground truth). The base the lead's warm-restart test builds on.
 */
class KillRestartProcessTest {
    private static final Duration START = Duration.ofSeconds(15);

    @Test
    void theBoardStaysLitWhenTheFirmwareIsKilled() throws Exception {
        try (LightkeeperProcess sim = LightkeeperProcess.start("sim-server", "sim-server", "--board", "devkit",
                "--listen", "127.0.0.1:0", "--grpc-port", "0", "--seed", "11")) {
            int busPort = sim.awaitPort(LightkeeperProcess.BUS_SERVER, START);
            int simGrpc = sim.awaitPort(LightkeeperProcess.SIMULATOR_GRPC, START);
            ManagedChannel simChannel = ManagedChannelBuilder.forAddress("127.0.0.1", simGrpc).usePlaintext().build();
            try (LightkeeperProcess fw = LightkeeperProcess.start("firmware", "--board", "devkit", "--backend", "remote",
                    "--bus-server", "127.0.0.1:" + busPort, "--port", "0", "--status-interval", "0")) {
                int fwGrpc = fw.awaitPort(LightkeeperProcess.FIRMWARE_GRPC, START);
                ManagedChannel fwChannel = ManagedChannelBuilder.forAddress("127.0.0.1", fwGrpc).usePlaintext().build();
                try {
                    BoardState st = awaitAllLocked(fwChannel, fw);
                    assertEquals(16, st.getRingsCount());
                } finally {
                    fwChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
                fw.kill();
                assertFalse(fw.isAlive());
            }
            try {
                // Let the board run on unattended for a while: nothing switches the lasers off.
                LockSupport.parkNanos(500_000_000L);
                GroundTruth truth = SimulatorServiceGrpc.newBlockingStub(simChannel).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getGroundTruth(GetGroundTruthRequest.getDefaultInstance());
                assertEquals(8, truth.getLanesCount());
                for (LaneTruth l : truth.getLanesList()) {
                    assertTrue(l.getOutputMw() > 1, "lane " + l.getLane() + " dark after the kill: " + l.getOutputMw() + " mW");
                }
                assertTrue(sim.isAlive());
            } finally {
                simChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Issue #7's restart test: the firmware process is killed with SIGKILL while every ring is locked and
     * the lanes are lit; a new process on the same state directory adopts the board. Across the restart
     * no lane goes dark and no heater moves by more than one tracking step (the simulator's ground truth,
     * polled throughout), and the new firmware locks every ring without a sweep (its time from start is
     * printed: 70 ms on an idle 2-core host, a few hundred under a full parallel build).
     */
    @Test
    void aKilledFirmwareIsAdoptedByTheNextProcess(@org.junit.jupiter.api.io.TempDir java.nio.file.Path state)
            throws Exception {
        try (LightkeeperProcess sim = LightkeeperProcess.start("sim-server", "sim-server", "--board", "devkit",
                "--listen", "127.0.0.1:0", "--grpc-port", "0", "--seed", "11")) {
            int busPort = sim.awaitPort(LightkeeperProcess.BUS_SERVER, START);
            int simGrpc = sim.awaitPort(LightkeeperProcess.SIMULATOR_GRPC, START);
            ManagedChannel simChannel = ManagedChannelBuilder.forAddress("127.0.0.1", simGrpc).usePlaintext().build();
            var truthStub = SimulatorServiceGrpc.newBlockingStub(simChannel);
            String[] args = {"--board", "devkit", "--backend", "remote", "--bus-server", "127.0.0.1:" + busPort,
                    "--port", "0", "--status-interval", "0", "--state-dir", state.toString()};
            try {
                try (LightkeeperProcess first = LightkeeperProcess.start("firmware-1", args)) {
                    int port = first.awaitPort(LightkeeperProcess.FIRMWARE_GRPC, START);
                    ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
                    awaitAllLocked(ch, first);
                    ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                    // Wait for a calibration with every ring locked in it (a save taken while rings were still
                    // acquiring has no resonance for them; the one after the last lock has).
                    long end = System.nanoTime() + START.toNanos();
                    while (!calibratedWhileLocked(state)) {
                        assertTrue(System.nanoTime() < end, "calibration with every ring's resonance saved");
                        LockSupport.parkNanos(50_000_000L);
                    }
                    LockSupport.parkNanos(300_000_000L); // tracking on, mid-operation
                    first.kill();
                }
                GroundTruth atKill = truthStub.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getGroundTruth(GetGroundTruthRequest.getDefaultInstance());
                var cal = org.lightkeeper.firmware.persist.StateStore.open(state)
                        .load(org.lightkeeper.firmware.persist.Documents.CALIBRATION).orElseThrow();
                double[] bound = new double[16];
                for (var r : cal.engine(0).orElseThrow().rings()) {
                    // One tracking step: dither +-h/32 and the largest integral step h/4; a ring with no line holds.
                    bound[r.ring()] = r.resonance() == null ? 0 : r.resonance().halfWidthMw() * (1.0 / 4 + 2.0 / 32);
                }
                try (LightkeeperProcess second = LightkeeperProcess.start("firmware-2", args)) {
                    int samples = 0;
                    long end = System.nanoTime() + START.toNanos();
                    String locked = null;
                    while (locked == null) {
                        assertTrue(System.nanoTime() < end && second.isAlive(), "second firmware: " + second.output());
                        GroundTruth t = truthStub.withDeadlineAfter(5, TimeUnit.SECONDS)
                                .getGroundTruth(GetGroundTruthRequest.getDefaultInstance());
                        samples++;
                        for (LaneTruth l : t.getLanesList()) {
                            assertTrue(l.getOutputMw() > 1, "lane " + l.getLane() + " went dark across the restart");
                        }
                        for (int i = 0; i < 16; i++) {
                            double moved = Math.abs(t.getRings(i).getHeaterMw() - atKill.getRings(i).getHeaterMw());
                            assertTrue(moved <= bound[i], "ring " + i + " heater moved " + moved + " mW (bound "
                                    + bound[i] + ")");
                        }
                        locked = second.output().stream().filter(l -> l.contains("locked") && l.contains("after start"))
                                .findFirst().orElse(null);
                    }
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("locked ([0-9.]+) ms after start").matcher(locked);
                    assertTrue(m.find(), locked);
                    double ms = Double.parseDouble(m.group(1));
                    System.out.println("[test] restart: every ring locked " + ms + " ms after the new firmware's start; "
                            + samples + " ground-truth samples, no lane dark, heaters within a tracking step");
                    // Wall-clock time on a shared machine over the remote link is reported, not asserted (no timed
                    // tests): the 100 ms bound is checked deterministically on virtual time in WarmRestartTest.
                    assertTrue(ms > 0, locked);
                    assertTrue(second.output().stream().anyMatch(l -> l.contains("warm start")), "" + second.output());
                }
            } finally {
                simChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean calibratedWhileLocked(java.nio.file.Path state) throws java.io.IOException {
        var cal = org.lightkeeper.firmware.persist.StateStore.open(state)
                .load(org.lightkeeper.firmware.persist.Documents.CALIBRATION).optional();
        return cal.isPresent() && cal.get().engine(0).isPresent() && cal.get().engine(0).get().rings().stream()
                .allMatch(r -> r.assignedLane() == null || r.resonance() != null);
    }

    private static BoardState awaitAllLocked(ManagedChannel channel, LightkeeperProcess fw) {
        long end = System.nanoTime() + START.toNanos();
        BoardState st = null;
        while (System.nanoTime() < end && fw.isAlive()) {
            try {
                st = StateServiceGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
                        .getState(GetStateRequest.getDefaultInstance());
                if (st.getRingsCount() > 0 && st.getRingsList().stream()
                        .allMatch(r -> r.getLockState() == RingLockState.RING_LOCK_STATE_LOCKED)) {
                    return st;
                }
            } catch (StatusRuntimeException e) {
                // Not serving yet.
            }
            LockSupport.parkNanos(200_000_000L);
        }
        throw new AssertionError("rings not all locked within " + START + ": " + st + "; firmware output " + fw.output());
    }
}
