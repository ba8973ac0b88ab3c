package org.lightkeeper.firmware;

import java.util.List;
import java.util.concurrent.Callable;
import org.lightkeeper.firmware.grpc.ManagementServer;
import org.lightkeeper.firmware.grpc.security.RoleMap;
import org.lightkeeper.firmware.grpc.security.ServerSecurity;
import org.lightkeeper.firmware.metrics.MetricsEndpoint;
import org.lightkeeper.firmware.loop.PacedWaiter;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardFileException;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the firmware: on the simulated board unless hardware is named, serving the management API. */
@Command(name = "lightkeeper", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {org.lightkeeper.firmware.scenario.ScenarioCommand.class, BoardCommand.class,
                org.lightkeeper.firmware.soak.SoakCommand.class,
                BenchCommand.class, org.lightkeeper.firmware.bench.ArbitrationBenchCommand.class,
                org.lightkeeper.firmware.bench.ControlBenchCommand.class,
                org.lightkeeper.firmware.rig.RigCommand.class,
                org.lightkeeper.firmware.cli.ClientCommand.class,
                org.lightkeeper.firmware.simserver.SimServerCommand.class,
                org.lightkeeper.firmware.simserver.BusServerCommand.class},
        description = "Lightkeeper CPO switch control firmware. Runs on the simulated board unless a hardware "
                + "backend is named.")
public final class Main implements Callable<Integer> {
    @Option(names = "--board", description = "Built-in board name or path to a board file (default: ${DEFAULT-VALUE}).")
    String board = "devkit";

    @Option(names = "--backend", description = "Bus backend: sim, pi4j, diozero, remote (default: the board file's, "
            + "else sim).")
    String backend;

    @Option(names = "--bus-server", paramLabel = "HOST:PORT", description = "With --backend remote: the bus server "
            + "(lightkeeper sim-server or bus-server) whose buses to drive.")
    String busServer;

    @Option(names = "--bind", description = "Management API address (default: ${DEFAULT-VALUE}).")
    String bind = "127.0.0.1";

    @Option(names = "--port", description = "Management API port, 0 for any (default: ${DEFAULT-VALUE}).")
    int port = 50051;

    @Option(names = "--speed", description = "Simulated seconds per wall-clock second (default: ${DEFAULT-VALUE}).")
    double speed = 1.0;

    @Option(names = "--state-dir", description = "Directory for configuration and calibration (docs/persistence.md); "
            + "with a calibration there, rings fed by the same ELS modules start without a sweep.")
    java.nio.file.Path stateDir;

    @Option(names = "--duration", description = "Stop after this many simulated seconds (default: run until stopped).")
    double durationS = Double.POSITIVE_INFINITY;

    @Option(names = "--status-interval", description = "Seconds between status lines, 0 for none (default: ${DEFAULT-VALUE}).")
    double statusS = 1.0;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Server certificate chain (PEM); with --tls-key turns on TLS, "
            + "required on any address but loopback.")
    java.nio.file.Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Server private key (unencrypted PKCS#8 PEM).")
    java.nio.file.Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "PEM", description = "CA for client certificates: turns on mutual TLS "
            + "(needs --roles).")
    java.nio.file.Path tlsClientCa;

    @Option(names = "--roles", paramLabel = "FILE", description = "Roles file, one CN=role line per client certificate "
            + "(role: viewer, operator, admin); unknown CNs are refused.")
    java.nio.file.Path rolesFile;

    @Option(names = "--metrics-port", description = "Serve Prometheus metrics on this port (0 for any; default: off).")
    Integer metricsPort;

    @Option(names = "--metrics-bind", description = "Prometheus endpoint address (default: ${DEFAULT-VALUE}).")
    String metricsBind = "127.0.0.1";

    /** The security options as given, checked; throws IllegalArgumentException naming the option at fault. */
    ServerSecurity security() throws java.io.IOException {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if ((tlsClientCa == null) != (rolesFile == null)) {
            throw new IllegalArgumentException("--tls-client-ca and --roles go together (mutual TLS maps certificate CNs to roles)");
        }
        ServerSecurity.Builder b = ServerSecurity.builder();
        if (tlsCert != null) {
            b.tls(tlsCert, tlsKey);
        }
        if (tlsClientCa != null) {
            if (tlsCert == null) {
                throw new IllegalArgumentException("--tls-client-ca needs --tls-cert and --tls-key");
            }
            b.mutualTls(tlsClientCa, RoleMap.load(rolesFile));
        }
        return b.build();
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lightkeeper " + version()};
        }
    }

    @Override
    public Integer call() throws Exception {
        ServerSecurity security;
        try {
            security = security();
            ManagementServer.checkBind(bind, port, security.tls());
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("lightkeeper: " + e.getMessage());
            return 2;
        }
        BoardSpec spec;
        try {
            spec = BoardFile.load(board);
        } catch (BoardFileException e) {
            System.err.println("board file refused, nothing driven: " + e.getMessage());
            return 2;
        }
        String chosen = backend == null ? spec.backend() : backend;
        if (!BoardSpec.BACKENDS.contains(chosen)) {
            System.err.println("lightkeeper: --backend must be one of " + String.join(", ", BoardSpec.BACKENDS)
                    + ", got '" + chosen + "'");
            return 2;
        }
        if (busServer != null && !chosen.equals("remote")) {
            System.err.println("lightkeeper: --bus-server goes with --backend remote");
            return 2;
        }
        if (!chosen.equals("sim")) {
            return runOnHardware(spec, chosen);
        }
        VirtualClock clock = new VirtualClock();
        SimBoard sim;
        try {
            sim = SimBoard.build(spec, clock);
        } catch (BoardFileException e) {
            System.err.println("board file refused, nothing driven: " + e.getMessage());
            return 2;
        }
        return serve(spec, sim, clock, "the simulated board", new PacedWaiter(clock, speed),
                f -> List.of(new org.lightkeeper.firmware.grpc.sim.SimulatorGrpcService(f, sim).bindService()));
    }

    /**
     * Runs the firmware on {@code buses} with its management server (and metrics) until the duration
     * ends or the process is stopped, rebuilding both in place on each WarmRestart request.
     */
    private int serve(BoardSpec spec, org.lightkeeper.hal.bus.BusProvider buses, org.lightkeeper.hal.time.Clock clock,
                      String where, org.lightkeeper.firmware.loop.Waiter waiter,
                      java.util.function.Function<Firmware, List<io.grpc.ServerServiceDefinition>> extras) throws Exception {
        ServerSecurity security = security();
        WarmRestart restart = stateDir != null ? WarmRestart.available()
                : WarmRestart.unavailable("this firmware runs without --state-dir: a new one would have no calibration "
                        + "or heater journal to adopt the board with");
        java.util.concurrent.atomic.AtomicInteger boundPort = new java.util.concurrent.atomic.AtomicInteger(port);
        ServedFirmware served = new ServedFirmware(() -> {
            Firmware f = new Firmware(spec, buses, clock);
            if (stateDir != null) {
                f.useStateDirectory(stateDir);
            }
            if (statusS > 0) {
                f.every("status", (long) (statusS * 1e9), now -> System.out.println(StatusLine.format(f)));
            }
            return f;
        }, (f, r) -> {
            // A restarted server binds the port the first one got (also when --port 0 let the system choose).
            ManagementServer s = new ManagementServer(f, bind, boundPort.get(), version(), security, extras.apply(f))
                    .warmRestart(r).start();
            boundPort.set(s.port());
            return s;
        }, restart);
        MetricsEndpoint[] metrics = new MetricsEndpoint[1];
        Runtime.getRuntime().addShutdownHook(new Thread(served::stop));
        long end = Double.isInfinite(durationS) ? Long.MAX_VALUE : (long) (durationS * 1e9);
        try {
            served.run(end, waiter, (f, server) -> {
                System.out.printf("lightkeeper %s: board '%s' on %s, gRPC%s on %s:%d%n", version(), spec.name(), where,
                        security.mutualTls() ? " (mutual TLS)" : security.tls() ? " (TLS)" : "", bind, server.port());
                if (metricsPort != null && metrics[0] == null) {
                    try {
                        // The server's snapshot: the firmware's own carries no alarm flags.
                        metrics[0] = MetricsEndpoint.start(metricsBind, metricsPort, () -> served.server().snapshot());
                        System.out.printf("lightkeeper: Prometheus metrics on http://%s:%d/metrics%n", metricsBind,
                                metrics[0].port());
                    } catch (java.io.IOException | IllegalArgumentException e) {
                        throw new IllegalStateException("cannot serve metrics on " + metricsBind + ":" + metricsPort
                                + ": " + e.getMessage(), e);
                    }
                }
                System.out.flush();
            });
        } catch (java.io.IOException | IllegalStateException | IllegalArgumentException e) {
            System.err.println("lightkeeper: cannot serve on " + bind + ":" + boundPort.get() + ": " + e.getMessage());
            return 2;
        } finally {
            if (metrics[0] != null) {
                metrics[0].close();
            }
        }
        return 0;
    }

    /** Opens the named hardware backend; the remote one connects now, so a bad server is an error at start. */
    private AutoCloseable openBuses(String chosen, org.lightkeeper.hal.time.Clock clock) throws java.io.IOException {
        return switch (chosen) {
            case "pi4j" -> org.lightkeeper.hal.bus.pi4j.Pi4jBusProvider.onThisMachine();
            case "diozero" -> org.lightkeeper.hal.bus.diozero.DiozeroBusProvider.onThisMachine();
            case "remote" -> {
                java.net.InetSocketAddress server =
                        org.lightkeeper.firmware.simserver.HostPort.parse("--bus-server", busServer);
                try {
                    yield org.lightkeeper.hal.bus.remote.RemoteBusProvider.connect(server, clock);
                } catch (java.io.IOException e) {
                    throw new java.io.IOException("bus server " + busServer + " unreachable: " + e.getMessage(), e);
                }
            }
            default -> throw new IllegalArgumentException("unknown backend '" + chosen + "'");
        };
    }

    /** Real buses through Pi4J, diozero or a bus server, on the system clock, paced by the wall clock. */
    private int runOnHardware(BoardSpec spec, String chosen) throws Exception {
        org.lightkeeper.hal.time.SystemClock clock = new org.lightkeeper.hal.time.SystemClock();
        AutoCloseable opened;
        try {
            opened = openBuses(chosen, clock);
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("lightkeeper: " + e.getMessage());
            return 2;
        }
        try (AutoCloseable provider = opened) {
            return serve(spec, (org.lightkeeper.hal.bus.BusProvider) provider, clock, chosen + " buses", t -> {
                long left;
                while ((left = t - clock.nanos()) > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(left);
                }
            }, f -> List.of());
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
