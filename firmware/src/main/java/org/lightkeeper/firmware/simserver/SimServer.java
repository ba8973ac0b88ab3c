package org.lightkeeper.firmware.simserver;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.lightkeeper.firmware.grpc.ManagementServer;
import org.lightkeeper.firmware.grpc.sim.SimulatorGrpcService;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.bus.remote.BusServer;
import org.lightkeeper.hal.time.Clock;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * The simulated board in a process of its own (docs/remote-bus.md): its buses served by a
 * {@link BusServer} for a firmware elsewhere, its virtual time paced to the wall clock, and
 * optionally the simulator's gRPC service (faults and ground truth) so tests and operators can reach
 * it from outside. The board stays powered whatever happens to the firmware.
 */
public final class SimServer implements AutoCloseable {
    private final PacedSimBoard board;
    private final BusServer buses;
    private final Server grpc;

    private SimServer(PacedSimBoard board, BusServer buses, Server grpc) {
        this.board = board;
        this.buses = buses;
        this.grpc = grpc;
    }

    /**
     * Builds the board and starts serving.
     *
     * @param seed physics seed, null for the board file's
     * @param grpcBind where the simulator service listens (plaintext: loopback only), null for no gRPC
     * @throws IllegalArgumentException for a board the simulator cannot build or a non-loopback gRPC address
     * @throws IOException when a port cannot be bound
     */
    public static SimServer start(BoardSpec spec, Long seed, double speed, Clock wall, InetSocketAddress listen,
                                  InetSocketAddress grpcBind) throws IOException {
        if (grpcBind != null) {
            ManagementServer.checkBind(grpcBind.getAddress().getHostAddress(), grpcBind.getPort(), false);
        }
        SimBoard sim = SimBoard.build(spec, new VirtualClock(), seed);
        PacedSimBoard paced = new PacedSimBoard(sim, wall, speed);
        BusServer buses = BusServer.start(sim, sim.clock(), listen, paced);
        Server grpc = null;
        if (grpcBind != null) {
            try {
                grpc = NettyServerBuilder.forAddress(grpcBind)
                        .maxInboundMessageSize(ManagementServer.MAX_INBOUND_BYTES)
                        .addService(new SimulatorGrpcService(paced, sim))
                        .addService(ProtoReflectionServiceV1.newInstance())
                        .build().start();
            } catch (IOException | RuntimeException e) {
                buses.close();
                throw e;
            }
        }
        return new SimServer(paced, buses, grpc);
    }

    public int busPort() {
        return buses.port();
    }

    /** The simulator gRPC port, or -1 when not served. */
    public int grpcPort() {
        return grpc == null ? -1 : grpc.getPort();
    }

    /** The board and its lock, for in-process callers that read the simulator directly. */
    public PacedSimBoard board() {
        return board;
    }

    @Override
    public void close() {
        buses.close();
        if (grpc != null) {
            grpc.shutdown();
            try {
                if (!grpc.awaitTermination(5, TimeUnit.SECONDS)) {
                    grpc.shutdownNow();
                }
            } catch (InterruptedException e) {
                grpc.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
