package org.lightkeeper.firmware.simserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.lightkeeper.api.v1.ElsSlotFault;
import org.lightkeeper.api.v1.GetGroundTruthRequest;
import org.lightkeeper.api.v1.GroundTruth;
import org.lightkeeper.api.v1.InjectFaultRequest;
import org.lightkeeper.api.v1.LaneTruth;
import org.lightkeeper.api.v1.SimulatorServiceGrpc;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;

/** The sim-server without a firmware: its simulator service works on the paced board, on a clock the test moves. */
class SimServerTest {
    private static final InetSocketAddress LOOPBACK_ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void faultsAndTruthReachTheBoardWithItsClockCaughtUpWithTheWall() throws Exception {
        BoardSpec spec = BoardFile.load("devkit");
        AtomicLong wall = new AtomicLong(1_000_000_000L);
        try (SimServer server = SimServer.start(spec, 3L, 2.0, wall::get, LOOPBACK_ANY, LOOPBACK_ANY)) {
            ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
            try {
                var stub = SimulatorServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS);
                wall.addAndGet(1_500_000_000L);
                GroundTruth t = stub.getGroundTruth(GetGroundTruthRequest.getDefaultInstance());
                assertEquals(3_000_000_000L, t.getAtNs(), "1.5 s of wall at speed 2");
                assertEquals(16, t.getRingsCount());
                long applied = stub.injectFault(InjectFaultRequest.newBuilder()
                        .setElsPull(ElsSlotFault.newBuilder().setSlot(0)).build()).getAppliedAtNs();
                assertEquals(3_000_000_000L, applied);
                for (LaneTruth l : stub.getGroundTruth(GetGroundTruthRequest.getDefaultInstance()).getLanesList()) {
                    assertEquals(0.0, l.getOutputMw(), "lane " + l.getLane() + " of a pulled module");
                }
                assertTrue(server.busPort() > 0);
            } finally {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void plaintextSimulatorGrpcOffLoopbackIsRefused() {
        BoardSpec spec = BoardFile.load("devkit");
        InetSocketAddress everywhere = new InetSocketAddress(0);
        assertThrows(IllegalArgumentException.class,
                () -> SimServer.start(spec, null, 1.0, () -> 0L, LOOPBACK_ANY, everywhere));
    }
}
