package org.lightkeeper.firmware.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.function.Executable;
import org.lightkeeper.api.v1.BoardState;
import org.lightkeeper.api.v1.GetStateRequest;
import org.lightkeeper.api.v1.StateServiceGrpc;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.grpc.security.ServerSecurity;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * The firmware on the simulated devkit on virtual time, its management server on loopback, and a
 * plaintext channel to it. Writes complete on the control thread, so {@link #await} steps the
 * firmware 1 ms at a time on the test thread until the call's answer is in.
 */
final class Rig implements AutoCloseable {
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;

    final BoardSpec spec = BoardFile.load("devkit");
    final VirtualClock clock = new VirtualClock();
    final SimBoard sim = SimBoard.build(spec, clock);
    final Firmware firmware = new Firmware(spec, sim, clock);
    final ManagementServer server;
    final ManagedChannel channel;

    Rig() throws Exception {
        this(ServerSecurity.plaintext());
    }

    /** The server with {@code security}; {@link #channel} is plaintext, so under TLS make channels of your own. */
    Rig(ServerSecurity security) throws Exception {
        server = new ManagementServer(firmware, "127.0.0.1", 0, "test", security).start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    void run(long forNs) {
        firmware.runUntil(clock.nanos() + forNs, clock::advanceTo);
    }

    /** Steps the firmware until {@code f} completes; its value, or its failure as StatusRuntimeException. */
    <T> T await(ListenableFuture<T> f) {
        long wallEnd = System.nanoTime() + 20 * S;
        while (!f.isDone()) {
            if (System.nanoTime() > wallEnd) {
                throw new AssertionError("call did not complete");
            }
            run(MS);
            if (!f.isDone()) {
                Thread.onSpinWait();
                try {
                    f.get(1, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    // keep stepping
                }
            }
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException s) {
                throw s;
            }
            throw new AssertionError(e.getCause());
        }
    }

    BoardState state() {
        return StateServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getState(GetStateRequest.getDefaultInstance());
    }

    /** Asserts the call fails with {@code code} and a description naming every one of {@code words}. */
    static void refused(Status.Code code, Executable call, String... words) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        String d = String.valueOf(e.getStatus().getDescription());
        for (String w : words) {
            assertTrue(d.contains(w), "'" + d + "' should name '" + w + "'");
        }
    }

    @Override
    public void close() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }
}
