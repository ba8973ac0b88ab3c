package org.lightkeeper.firmware.rig;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.lightkeeper.api.v1.SubscribeRequest;
import org.lightkeeper.api.v1.TelemetryServiceGrpc;
import org.lightkeeper.api.v1.TelemetryUpdate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lightkeeper rig status}: a live view of a running firmware in the terminal, redrawn in place
 * from its telemetry stream (ELS slots and lanes, rings with lock state, detuning and heater power,
 * active alarms).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Live status of a running Lightkeeper (its telemetry stream), refreshing in place; Ctrl-C to stop.")
public final class RigStatusCommand implements Callable<Integer> {
    @Option(names = "--target", description = "Management API address (default: ${DEFAULT-VALUE}).")
    String target = "127.0.0.1:50051";

    @Option(names = "--interval-ms", description = "Refresh interval, firmware milliseconds (default: ${DEFAULT-VALUE}).")
    int intervalMs = 500;

    @Option(names = "--count", description = "Stop after this many screens (default: run until stopped).")
    int count = 0;

    @Option(names = "--no-clear", description = "Print screens one after another instead of redrawing in place.")
    boolean noClear;

    @Override
    public Integer call() {
        ManagedChannel ch = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        try {
            Iterator<TelemetryUpdate> it = TelemetryServiceGrpc.newBlockingStub(ch).subscribe(SubscribeRequest.newBuilder()
                    .setMode(SubscribeRequest.Mode.SAMPLE).setIntervalMs(intervalMs).build());
            int shown = 0;
            while (it.hasNext() && (count == 0 || shown < count)) {
                TelemetryUpdate u = it.next();
                System.out.print((noClear ? "" : StatusScreen.CLEAR) + StatusScreen.render(u.getState(), target));
                System.out.flush();
                shown++;
            }
            return 0;
        } catch (StatusRuntimeException e) {
            System.err.println("rig status: " + target + ": " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
            return 1;
        } finally {
            ch.shutdownNow();
            try {
                ch.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
