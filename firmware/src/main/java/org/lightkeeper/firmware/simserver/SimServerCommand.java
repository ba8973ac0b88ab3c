package org.lightkeeper.firmware.simserver;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardFileException;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.time.SystemClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lightkeeper sim-server}: the simulated board alone, serving its buses for a firmware started
 * with {@code --backend remote}, so the firmware can be killed and restarted against hardware that
 * stays powered. Prints one line per listening port, with the port actually bound.
 */
@Command(name = "sim-server", mixinStandardHelpOptions = true,
        description = "Run the simulated board in its own process, serving its buses to a firmware started with "
                + "--backend remote --bus-server HOST:PORT (docs/remote-bus.md).")
public final class SimServerCommand implements Callable<Integer> {
    @Option(names = "--board", description = "Built-in board name or path to a board file (default: ${DEFAULT-VALUE}).")
    String board = "devkit";

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Bus server address; port 0 for any. No "
            + "authentication: loopback or a private link only (default: ${DEFAULT-VALUE}).")
    String listen = "127.0.0.1:7300";

    @Option(names = "--seed", description = "Physics seed (default: the board file's).")
    Long seed;

    @Option(names = "--speed", description = "Simulated seconds per wall-clock second (default: ${DEFAULT-VALUE}).")
    double speed = 1.0;

    @Option(names = "--grpc-port", description = "Serve the simulator gRPC service (faults, ground truth) on this "
            + "port, 0 for any (default: off).")
    Integer grpcPort;

    @Option(names = "--grpc-bind", description = "Simulator gRPC address, loopback only (default: ${DEFAULT-VALUE}).")
    String grpcBind = "127.0.0.1";

    @Option(names = "--duration", description = "Stop after this many wall-clock seconds (default: run until stopped).")
    double durationS = Double.POSITIVE_INFINITY;

    @Override
    public Integer call() throws Exception {
        BoardSpec spec;
        InetSocketAddress bind;
        InetSocketAddress grpc = null;
        try {
            spec = BoardFile.load(board);
            bind = HostPort.parse("--listen", listen);
            if (grpcPort != null) {
                grpc = HostPort.parse("--grpc-port", grpcBind + ":" + grpcPort);
            }
            if (!(speed > 0) || Double.isInfinite(speed)) {
                throw new IllegalArgumentException("--speed must be a positive number, got " + speed);
            }
        } catch (BoardFileException | IllegalArgumentException e) {
            System.err.println("lightkeeper sim-server: " + e.getMessage());
            return 2;
        }
        SimServer server;
        try {
            server = SimServer.start(spec, seed, speed, new SystemClock(), bind, grpc);
        } catch (BoardFileException | IllegalArgumentException | java.io.IOException e) {
            System.err.println("lightkeeper sim-server: cannot serve on " + listen + ": " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.printf("lightkeeper sim-server: board '%s', bus server listening on %s:%d%n", spec.name(),
                bind.getAddress().getHostAddress(), server.busPort());
        if (grpc != null) {
            System.out.printf("lightkeeper sim-server: simulator gRPC on %s:%d%n", grpc.getAddress().getHostAddress(),
                    server.grpcPort());
        }
        System.out.flush();
        if (Double.isInfinite(durationS)) {
            stopped.await();
        } else {
            stopped.await((long) (durationS * 1e9), TimeUnit.NANOSECONDS);
            server.close();
        }
        return 0;
    }
}
