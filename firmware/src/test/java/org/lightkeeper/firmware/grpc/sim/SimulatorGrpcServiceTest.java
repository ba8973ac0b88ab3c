package org.lightkeeper.firmware.grpc.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightkeeper.api.v1.ElsSlotFault;
import org.lightkeeper.api.v1.GetGroundTruthRequest;
import org.lightkeeper.api.v1.GroundTruth;
import org.lightkeeper.api.v1.InjectFaultRequest;
import org.lightkeeper.api.v1.LaserLaneFault;
import org.lightkeeper.api.v1.SimulatorServiceGrpc;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.els.ElsState;
import org.lightkeeper.firmware.grpc.ManagementServer;
import org.lightkeeper.firmware.loop.PacedWaiter;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/** Run-time fault injection over gRPC while the firmware runs (paced virtual time on its own thread). */
class SimulatorGrpcServiceTest {
    private VirtualClock clock;
    private Firmware fw;
    private ManagementServer server;
    private ManagedChannel channel;
    private Thread loop;

    @BeforeEach
    void boot() throws Exception {
        BoardSpec spec = BoardFile.load("devkit");
        clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        fw = new Firmware(spec, sim, clock);
        server = new ManagementServer(fw, "127.0.0.1", 0, "test", new SimulatorGrpcService(fw, sim)).start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        loop = new Thread(() -> fw.runUntil(Long.MAX_VALUE, new PacedWaiter(clock, 20.0)), "firmware");
        loop.start();
    }

    @AfterEach
    void shutdown() throws Exception {
        fw.stop();
        loop.join(10_000);
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    private SimulatorServiceGrpc.SimulatorServiceBlockingStub stub() {
        return SimulatorServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @Test
    void pullingTheModuleOverGrpcDarkensTheSlot() throws Exception {
        long at = stub().injectFault(InjectFaultRequest.newBuilder()
                .setElsPull(ElsSlotFault.newBuilder().setSlot(0)).build()).getAppliedAtNs();
        assertTrue(at > 0);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (fw.snapshot().elsSlots().get(0).state() != ElsState.ABSENT && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(ElsState.ABSENT, fw.snapshot().elsSlots().get(0).state());
        assertEquals(0, fw.snapshot().lanesLit());
    }

    @Test
    void groundTruthCoversEveryRing() {
        GroundTruth t = stub().getGroundTruth(GetGroundTruthRequest.getDefaultInstance());
        assertEquals(16, t.getRingsCount());
        assertEquals(250.0, t.getRings(0).getFwhmPm(), 1e-9);
        assertEquals(8, t.getLanesCount(), "one devkit slot of 8 lanes");
        assertEquals(0, t.getLanes(3).getSlot());
        assertEquals(3, t.getLanes(3).getLane());
    }

    @Test
    void badFaultsAreRefusedWithTheFieldAndTheLimit() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub().injectFault(
                InjectFaultRequest.newBuilder().setLaserDeath(LaserLaneFault.newBuilder().setSlot(0).setLane(9)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("lane must be 0-7"), e.getStatus().getDescription());

        e = assertThrows(StatusRuntimeException.class, () -> stub().injectFault(
                InjectFaultRequest.newBuilder().setElsPull(ElsSlotFault.newBuilder().setSlot(5)).build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("no ELS slot 5"), e.getStatus().getDescription());

        e = assertThrows(StatusRuntimeException.class, () -> stub().injectFault(InjectFaultRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertNotEquals(ElsState.ABSENT, fw.snapshot().elsSlots().get(0).state(), "no refused fault touched the board");
    }
}
