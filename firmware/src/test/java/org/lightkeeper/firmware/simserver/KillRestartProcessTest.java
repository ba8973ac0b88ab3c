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
