package org.lightkeeper.firmware.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.lightkeeper.firmware.state.BoardSnapshot;

/**
 * The Prometheus text endpoint ({@code GET /metrics}) for fleet telemetry: the board series of
 * {@link BoardMetrics} on their own registry (not the process-wide default), served by the JDK's
 * HTTP server. Binds to loopback unless told otherwise; it is read-only and unauthenticated.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HTTPServer server;

    private MetricsEndpoint(HTTPServer server) {
        this.server = server;
    }

    /** Starts serving on {@code bindHost:port} (port 0 for any). */
    public static MetricsEndpoint start(String bindHost, int port, Supplier<BoardSnapshot> snapshot) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("metrics port must be 0-65535, got " + port);
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        BoardMetrics.register(registry, snapshot);
        InetAddress address = new InetSocketAddress(bindHost, port).getAddress();
        if (address == null) {
            throw new IOException("cannot resolve metrics bind address '" + bindHost + "'");
        }
        return new MetricsEndpoint(HTTPServer.builder().inetAddress(address).port(port).registry(registry)
                .buildAndStart());
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
