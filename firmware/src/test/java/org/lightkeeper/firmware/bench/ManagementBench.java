package org.lightkeeper.firmware.bench;

import com.google.protobuf.Int64Value;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.lightkeeper.api.v1.BoardState;
import org.lightkeeper.api.v1.GetStateRequest;
import org.lightkeeper.api.v1.StateServiceGrpc;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.grpc.ManagementServer;
import org.lightkeeper.firmware.grpc.security.RoleMap;
import org.lightkeeper.firmware.grpc.security.ServerSecurity;
import org.lightkeeper.firmware.grpc.security.TestPki;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * Management API benchmark (not a test): Lightkeeper's server against a bare grpc-java Netty server
 * in the same run, on loopback, plaintext and mutual TLS.
 *
 * <ul>
 *   <li>Unary: StateService.GetState latency p50/p99 from one client making sequential calls.
 *       Lightkeeper maps the published snapshot to a BoardState on each call behind its security
 *       chain; the bare server answers a prebuilt BoardState of the same content.</li>
 *   <li>Streaming: BoardState messages per second to 1 and 16 concurrent clients (one connection
 *       each), flow-controlled. Both servers run the same stream definition (the prebuilt BoardState,
 *       telemetry-like); they differ only in Lightkeeper's interceptors, message limit and services.</li>
 * </ul>
 *
 * Run (see docs/benchmarks.md): {@code java -cp ... org.lightkeeper.firmware.bench.ManagementBench [quick]}.
 */
public final class ManagementBench {
    static final String STREAM = "lightkeeper.bench.BenchTelemetry/StreamState";

    static MethodDescriptor<Int64Value, BoardState> streamMethod() {
        return MethodDescriptor.<Int64Value, BoardState>newBuilder()
                .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
                .setFullMethodName(STREAM)
                .setRequestMarshaller(ProtoUtils.marshaller(Int64Value.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(BoardState.getDefaultInstance()))
                .build();
    }

    /** Streams {@code request} copies of {@code state}, sending only while the transport is ready. */
    static ServerServiceDefinition streamService(BoardState state) {
        return ServerServiceDefinition.builder("lightkeeper.bench.BenchTelemetry")
                .addMethod(streamMethod(), ServerCalls.asyncServerStreamingCall((req, obs) -> {
                    ServerCallStreamObserver<BoardState> o = (ServerCallStreamObserver<BoardState>) obs;
                    long n = req.getValue();
                    long[] sent = {0};
                    boolean[] done = {false};
                    Runnable drain = () -> {
                        while (!done[0] && o.isReady() && sent[0] < n) {
                            o.onNext(state);
                            sent[0]++;
                        }
                        if (!done[0] && sent[0] == n) {
                            done[0] = true;
                            o.onCompleted();
                        }
                    };
                    o.setOnReadyHandler(drain);
                    drain.run();
                })).build();
    }

    static final class BareState extends StateServiceGrpc.StateServiceImplBase {
        private final BoardState state;

        BareState(BoardState state) {
            this.state = state;
        }

        @Override
        public void getState(GetStateRequest request, StreamObserver<BoardState> response) {
            response.onNext(state);
            response.onCompleted();
        }
    }

    private interface Target extends AutoCloseable {
        int port();
    }

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("quick");
        int unaryCalls = quick ? 2_000 : 20_000;
        int rounds = quick ? 2 : 4;
        long streamTotal = quick ? 50_000 : 400_000;

        BoardSpec spec = BoardFile.load("devkit");
        VirtualClock clock = new VirtualClock();
        Firmware firmware = new Firmware(spec, SimBoard.build(spec, clock), clock);
        firmware.runUntil(2_000_000_000L, clock::advanceTo); // all 16 rings locked, 8 lanes on

        Path dir = Files.createTempDirectory("lk-bench");
        TestPki pki = new TestPki(dir);
        TestPki.Client viewer = pki.client("bench-viewer");
        RoleMap roles = new RoleMap(java.util.Map.of("bench-viewer", org.lightkeeper.firmware.grpc.security.Role.VIEWER));

        BoardState prebuilt;
        try (ManagementServer probe = new ManagementServer(firmware, "127.0.0.1", 0, "bench").start()) {
            ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", probe.port()).usePlaintext().build();
            prebuilt = StateServiceGrpc.newBlockingStub(ch).getState(GetStateRequest.getDefaultInstance());
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        System.out.printf("# BoardState: %d rings, %d bytes serialized%n", prebuilt.getRingsCount(), prebuilt.getSerializedSize());

        for (boolean tls : new boolean[] {false, true}) {
            String mode = tls ? "mTLS" : "plaintext";
            ServerSecurity sec = tls ? pki.tlsServer().mutualTls(pki.caCert, roles).build() : ServerSecurity.plaintext();
            ManagementServer lk = new ManagementServer(firmware, "127.0.0.1", 0, "bench", sec,
                    List.of(streamService(prebuilt))).start();
            NettyServerBuilder bb = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .addService(new BareState(prebuilt)).addService(streamService(prebuilt));
            if (tls) {
                bb.sslContext(org.lightkeeper.firmware.grpc.security.TlsContexts.server(sec));
            }
            Server bare = bb.build().start();
            IntFunction<ManagedChannel> toLk = i -> channel(pki, viewer, tls, lk.port());
            IntFunction<ManagedChannel> toBare = i -> channel(pki, viewer, tls, bare.getPort());

            // Unary latency, alternating rounds so drift on a shared machine hits both alike.
            long[][] lat = {new long[unaryCalls * rounds], new long[unaryCalls * rounds]};
            ManagedChannel[] chans = {toLk.apply(0), toBare.apply(0)};
            for (ManagedChannel c : chans) {
                unary(c, quick ? 1_000 : 5_000, null, 0); // warm-up
            }
            for (int r = 0; r < rounds; r++) {
                for (int s = 0; s < 2; s++) {
                    unary(chans[s], unaryCalls, lat[s], r * unaryCalls);
                }
            }
            for (ManagedChannel c : chans) {
                c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            Arrays.sort(lat[0]);
            Arrays.sort(lat[1]);
            for (double q : new double[] {0.50, 0.99}) {
                double a = pct(lat[0], q) / 1e3;
                double b = pct(lat[1], q) / 1e3;
                System.out.printf("| GetState latency p%02d, %s | %.1f us | %.1f us | %.2f |%n", (int) (q * 100), mode, a, b, a / b);
            }

            // Streaming throughput.
            for (int clients : new int[] {1, 16}) {
                stream(toLk, clients, streamTotal / 4); // warm-up
                stream(toBare, clients, streamTotal / 4);
                double a = 0;
                double b = 0;
                for (int r = 0; r < 2; r++) {
                    a += stream(toLk, clients, streamTotal);
                    b += stream(toBare, clients, streamTotal);
                }
                a /= 2;
                b /= 2;
                System.out.printf("| BoardState stream to %d client%s, %s | %.0f msg/s | %.0f msg/s | %.2f |%n", clients,
                        clients == 1 ? "" : "s", mode, a, b, a / b);
            }
            lk.close();
            bare.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        firmware.stop();
    }

    private static ManagedChannel channel(TestPki pki, TestPki.Client client, boolean tls, int port) {
        if (!tls) {
            return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        }
        try {
            return pki.channel(port, client);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void unary(ManagedChannel ch, int n, long[] out, int at) {
        StateServiceGrpc.StateServiceBlockingStub stub = StateServiceGrpc.newBlockingStub(ch);
        GetStateRequest req = GetStateRequest.getDefaultInstance();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            BoardState s = stub.getState(req);
            long dt = System.nanoTime() - t0;
            if (s.getRingsCount() == 0) {
                throw new IllegalStateException("empty state");
            }
            if (out != null) {
                out[at + i] = dt;
            }
        }
    }

    private static double pct(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }

    /** {@code total} messages split over {@code clients} concurrent streams, one connection each; returns messages/s. */
    private static double stream(IntFunction<ManagedChannel> channels, int clients, long total) throws Exception {
        List<ManagedChannel> chans = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ManagedChannel c = channels.apply(i);
            // Connect first so handshakes are not timed.
            StateServiceGrpc.newBlockingStub(c).getState(GetStateRequest.getDefaultInstance());
            chans.add(c);
        }
        long each = total / clients;
        CountDownLatch done = new CountDownLatch(clients);
        AtomicLong received = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        for (ManagedChannel c : chans) {
            ClientCalls.asyncServerStreamingCall(c.newCall(streamMethod(), CallOptions.DEFAULT), Int64Value.of(each),
                    new StreamObserver<BoardState>() {
                        long n;

                        @Override
                        public void onNext(BoardState value) {
                            n++;
                        }

                        @Override
                        public void onError(Throwable t) {
                            failure.set(t);
                            done.countDown();
                        }

                        @Override
                        public void onCompleted() {
                            received.addAndGet(n);
                            done.countDown();
                        }
                    });
        }
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("streams did not finish");
        }
        long dt = System.nanoTime() - t0;
        for (ManagedChannel c : chans) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("stream failed", failure.get());
        }
        if (received.get() != each * clients) {
            throw new IllegalStateException("received " + received.get() + " of " + each * clients);
        }
        return received.get() / (dt / 1e9);
    }
}
