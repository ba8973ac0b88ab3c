package org.lightkeeper.firmware.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightkeeper.api.v1.GetStateRequest;
import org.lightkeeper.api.v1.GetVersionRequest;
import org.lightkeeper.api.v1.MaintenanceServiceGrpc;
import org.lightkeeper.api.v1.StateServiceGrpc;
import org.lightkeeper.api.v1.WarmRestartReply;
import org.lightkeeper.api.v1.WarmRestartRequest;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.ServedFirmware;
import org.lightkeeper.firmware.WarmRestart;
import org.lightkeeper.firmware.loop.PacedWaiter;
import org.lightkeeper.firmware.grpc.security.ServerSecurity;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * WarmRestart over gRPC: the firmware serving on the simulated devkit (paced virtual time, as the
 * quick start runs it) is asked to restart; the same process builds a new firmware that adopts the
 * board, and the server comes back on the same port. A probe on the control thread of every
 * incarnation watches the ELS's real lane output: once lit, no lane goes dark across the restart.
 */
class WarmRestartServiceTest {
    private static final long MS = 1_000_000L;

    @Test
    void aWarmRestartKeepsTheLightAndComesBackOnTheSamePort(@TempDir Path dir) throws Exception {
        BoardSpec spec = BoardFile.load("devkit");
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        AtomicInteger port = new AtomicInteger(0);
        AtomicInteger darkSamples = new AtomicInteger();
        AtomicInteger samples = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicReference<Firmware> latest = new AtomicReference<>();
        ServedFirmware served = new ServedFirmware(() -> {
            Firmware f = new Firmware(spec, sim, clock);
            f.useStateDirectory(dir);
            f.every("probe", MS, now -> {
                int lit = 0;
                for (int lane = 0; lane < 8; lane++) {
                    lit |= sim.els(0).laneOutputMw(lane) > 0 ? 1 << lane : 0;
                }
                if (watching.get()) {
                    samples.incrementAndGet();
                    if (lit != 0xFF) {
                        darkSamples.incrementAndGet();
                    }
                }
            });
            latest.set(f);
            return f;
        }, (f, restart) -> {
            ManagementServer s = new ManagementServer(f, "127.0.0.1", port.get(), "test", ServerSecurity.plaintext())
                    .warmRestart(restart).start();
            port.set(s.port());
            return s;
        }, WarmRestart.available());
        Thread runner = new Thread(() -> {
            try {
                served.run(Long.MAX_VALUE, new PacedWaiter(clock, 4.0), (f, s) -> { });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "served-firmware");
        runner.start();
        try {
            while (port.get() == 0) {
                Thread.sleep(10);
            }
            int firstPort = port.get();
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", firstPort).usePlaintext().build();
            var state = StateServiceGrpc.newBlockingStub(channel);
            var maintenance = MaintenanceServiceGrpc.newBlockingStub(channel);
            waitAllLocked(state);
            Firmware before = latest.get();
            before.awaitPersistence();
            while (!java.nio.file.Files.list(dir).anyMatch(p -> p.getFileName().toString().startsWith("calibration."))) {
                Thread.sleep(20); // the calibration is on disk (saved once every ring locked)
            }
            watching.set(true);
            WarmRestartReply reply = maintenance.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .warmRestart(WarmRestartRequest.getDefaultInstance());
            assertEquals(0, reply.getPreviousWarmRestarts());
            while (latest.get() == before) {
                Thread.sleep(10);
            }
            // The same port; the client's channel reconnects by itself.
            waitAllLocked(state);
            assertEquals(firstPort, port.get());
            assertEquals(1, maintenance.withWaitForReady().withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getVersion(GetVersionRequest.getDefaultInstance()).getWarmRestarts());
            Firmware after = latest.get();
            assertTrue(after.startLog().stream().anyMatch(l -> l.contains("warm start")), String.join("\n", after.startLog()));
            assertTrue(after.slots().get(0).adoptedRunning(), after.slots().get(0).transitions().toString());
            assertTrue(samples.get() > 100, samples + " samples");
            assertEquals(0, darkSamples.get(), "no lane went dark across the warm restart");
            channel.shutdownNow();
        } finally {
            served.stop();
            runner.join(10_000);
        }
    }

    @Test
    void withoutAStateDirectoryAWarmRestartIsRefusedAndNothingStops() throws Exception {
        try (Rig rig = new Rig()) {
            rig.server.warmRestart(WarmRestart.unavailable("needs --state-dir (calibration and heater journal)"));
            rig.run(100 * MS);
            var maintenance = MaintenanceServiceGrpc.newBlockingStub(rig.channel);
            StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                    () -> maintenance.warmRestart(WarmRestartRequest.getDefaultInstance()));
            assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("--state-dir"), e.getStatus().getDescription());
            long before = rig.clock.nanos();
            rig.run(100 * MS);
            assertTrue(rig.firmware.snapshot().sampledAtNs() >= before + 100 * MS, "the firmware runs on");
        }
    }

    private static void waitAllLocked(StateServiceGrpc.StateServiceBlockingStub state) throws InterruptedException {
        long end = System.nanoTime() + 30_000 * MS;
        while (System.nanoTime() < end) {
            try {
                if (state.withWaitForReady().withDeadlineAfter(2, TimeUnit.SECONDS)
                        .getState(GetStateRequest.getDefaultInstance()).getRingsList().stream()
                        .filter(r -> r.getLockState() == org.lightkeeper.api.v1.RingLockState.RING_LOCK_STATE_LOCKED)
                        .count() == 16) {
                    return;
                }
            } catch (StatusRuntimeException e) {
                // the server is between incarnations
            }
            Thread.sleep(20);
        }
        throw new AssertionError("rings not all locked");
    }
}
