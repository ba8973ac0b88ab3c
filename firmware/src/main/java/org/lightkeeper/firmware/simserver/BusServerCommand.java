package org.lightkeeper.firmware.simserver;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lightkeeper.hal.bus.BusProvider;
import org.lightkeeper.hal.bus.remote.BusServer;
import org.lightkeeper.hal.time.SystemClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lightkeeper bus-server}: a real board's buses (Pi4J or diozero, on the machine they are wired
 * to) served over TCP, so the firmware can run on a workstation with {@code --backend remote}.
 */
@Command(name = "bus-server", mixinStandardHelpOptions = true,
        description = "Serve this machine's I2C, SPI and GPIO to a firmware elsewhere (docs/remote-bus.md). "
                + "No authentication: bind to loopback or a private link.")
public final class BusServerCommand implements Callable<Integer> {
    @Option(names = "--backend", required = true, description = "pi4j or diozero.")
    String backend;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to serve on; port 0 for any "
            + "(default: ${DEFAULT-VALUE}).")
    String listen = "127.0.0.1:7300";

    @Override
    public Integer call() throws Exception {
        InetSocketAddress bind;
        try {
            if (!backend.equals("pi4j") && !backend.equals("diozero")) {
                throw new IllegalArgumentException("--backend must be pi4j or diozero, got '" + backend + "'");
            }
            bind = HostPort.parse("--listen", listen);
        } catch (IllegalArgumentException e) {
            System.err.println("lightkeeper bus-server: " + e.getMessage());
            return 2;
        }
        SystemClock clock = new SystemClock();
        try (AutoCloseable provider = backend.equals("pi4j")
                ? org.lightkeeper.hal.bus.pi4j.Pi4jBusProvider.onThisMachine(clock)
                : org.lightkeeper.hal.bus.diozero.DiozeroBusProvider.onThisMachine(clock)) {
            BusServer server;
            try {
                server = BusServer.start((BusProvider) provider, clock, bind);
            } catch (java.io.IOException e) {
                System.err.println("lightkeeper bus-server: cannot serve on " + listen + ": " + e.getMessage());
                return 2;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }));
            System.out.printf("lightkeeper bus-server: %s buses, bus server listening on %s:%d%n", backend,
                    bind.getAddress().getHostAddress(), server.port());
            System.out.flush();
            stopped.await();
        }
        return 0;
    }
}
