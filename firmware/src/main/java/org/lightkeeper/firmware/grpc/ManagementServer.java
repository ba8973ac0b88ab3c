package org.lightkeeper.firmware.grpc;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.lightkeeper.api.v1.InventoryServiceGrpc;
import org.lightkeeper.api.v1.StateServiceGrpc;
import org.lightkeeper.firmware.Firmware;

/**
 * The gRPC management server (grpc-java on Netty, DESIGN.md section 5), with the standard health
 * and reflection services so stock tools (grpcurl, grpc_cli) and any language's client can use it.
 * Plaintext is allowed on loopback only; any other address needs TLS, which this build does not yet
 * configure, so it refuses to start there rather than expose an unauthenticated laser control.
 */
public final class ManagementServer implements AutoCloseable {
    /** Largest request accepted; management requests are small. */
    static final int MAX_INBOUND_BYTES = 1 << 20;

    private final Server server;
    private final HealthStatusManager health = new HealthStatusManager();
    private final ManagementServices services;

    /** Checks the bind address and port before anything else is started; returns the address. */
    public static InetAddress checkBind(String bindHost, int port) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bindHost);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve bind address '" + bindHost + "'", e);
        }
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("refusing plaintext gRPC on non-loopback address " + bindHost
                    + ": bind to 127.0.0.1 (TLS for other addresses is not configured in this build)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        return address;
    }

    /**
     * @param extra services beyond the management API, such as the simulator's fault-injection
     *              service, which exists only when running on the simulated board
     */
    public ManagementServer(Firmware firmware, String bindHost, int port, String version, io.grpc.BindableService... extra) {
        InetAddress address = checkBind(bindHost, port);
        services = new ManagementServices(firmware, version);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(address, port));
        for (io.grpc.BindableService s : extra) {
            builder.addService(s);
        }
        builder
                .maxInboundMessageSize(MAX_INBOUND_BYTES)
                .addService(new InventoryGrpcService(firmware.spec(), firmware.backend(), version, firmware::snapshot))
                .addService(new StateGrpcService(services::snapshot))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance());
        services.services().forEach(builder::addService);
        server = builder.build();
    }

    public ManagementServer start() throws IOException {
        server.start();
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(InventoryServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
        health.setStatus(StateServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
        ManagementServices.serviceNames().forEach(n -> health.setStatus(n, ServingStatus.SERVING));
        return this;
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        health.enterTerminalState();
        services.close();
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
