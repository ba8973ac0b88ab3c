package org.lightkeeper.firmware.grpc;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lightkeeper.api.v1.InventoryServiceGrpc;
import org.lightkeeper.api.v1.StateServiceGrpc;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.grpc.security.AuditLog;
import org.lightkeeper.firmware.grpc.security.SecurityInterceptor;
import org.lightkeeper.firmware.grpc.security.ServerSecurity;
import org.lightkeeper.firmware.grpc.security.TlsContexts;

/**
 * The gRPC management server (grpc-java on Netty, DESIGN.md section 5), with the standard health
 * and reflection services so stock tools (grpcurl, grpc_cli) and any language's client can use it.
 * Plaintext is allowed on loopback only; any other address needs TLS, and mutual TLS maps client
 * certificates to roles. Every call passes the {@link SecurityInterceptor}: role check, per-client
 * write rate limit, audit log of writes (docs/security.md).
 */
public final class ManagementServer implements AutoCloseable {
    /** Largest request accepted, bytes; management requests are small (a register block is under 256 bytes). */
    public static final int MAX_INBOUND_BYTES = 64 * 1024;

    private final Server server;
    private final HealthStatusManager health = new HealthStatusManager();
    private final ManagementServices services;
    private final AuditLog audit;

    /** Checks the bind address and port for a plaintext server; returns the address. */
    public static InetAddress checkBind(String bindHost, int port) {
        return checkBind(bindHost, port, false);
    }

    /**
     * Checks the bind address and port before anything else is started; returns the address.
     * Plaintext is refused on any address but loopback; with TLS any address is allowed.
     */
    public static InetAddress checkBind(String bindHost, int port, boolean tls) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bindHost);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve bind address '" + bindHost + "'", e);
        }
        if (!address.isLoopbackAddress() && !tls) {
            throw new IllegalArgumentException("refusing plaintext gRPC on non-loopback address " + bindHost
                    + ": bind to 127.0.0.1, or give a TLS certificate and key (--tls-cert, --tls-key)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        return address;
    }

    /** Plaintext on loopback, the caller being the local admin. */
    public ManagementServer(Firmware firmware, String bindHost, int port, String version) {
        this(firmware, bindHost, port, version, ServerSecurity.plaintext());
    }

    /**
     * Plaintext on loopback with services beyond the management API, such as the simulator's
     * fault-injection service, which exists only when running on the simulated board.
     */
    public ManagementServer(Firmware firmware, String bindHost, int port, String version, io.grpc.BindableService... extra) {
        this(firmware, bindHost, port, version, ServerSecurity.plaintext(),
                java.util.Arrays.stream(extra).map(io.grpc.BindableService::bindService).toList());
    }

    public ManagementServer(Firmware firmware, String bindHost, int port, String version, ServerSecurity security) {
        this(firmware, bindHost, port, version, security, List.of());
    }

    /**
     * @param extraServices further services behind the same security chain (the simulator's, tests, benchmarks)
     * @throws IllegalArgumentException for a plaintext non-loopback address or an unusable TLS file
     */
    public ManagementServer(Firmware firmware, String bindHost, int port, String version, ServerSecurity security,
                            List<ServerServiceDefinition> extraServices) {
        InetAddress address = checkBind(bindHost, port, security.tls());
        audit = new AuditLog(security.auditCapacity());
        services = new ManagementServices(firmware, version);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(address, port));
        if (security.tls()) {
            try {
                builder.sslContext(TlsContexts.server(security));
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        builder.intercept(new SecurityInterceptor(security, audit, firmware.clock()::nanos, java.time.Clock.systemUTC()));
        extraServices.forEach(builder::addService);
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

    /** Lets WarmRestart requests through to {@code restart}; before {@link #start}. */
    public ManagementServer warmRestart(org.lightkeeper.firmware.WarmRestart restart) {
        services.warmRestart(restart);
        return this;
    }

    /** The latest published snapshot with the alarm table's flags (what GetState serves); any thread. */
    public org.lightkeeper.firmware.state.BoardSnapshot snapshot() {
        return services.snapshot();
    }

    /** Every write, allowed or refused, most recent last. */
    public AuditLog auditLog() {
        return audit;
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
