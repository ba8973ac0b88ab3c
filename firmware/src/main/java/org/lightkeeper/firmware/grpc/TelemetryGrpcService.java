package org.lightkeeper.firmware.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import org.lightkeeper.api.v1.SubscribeRequest;
import org.lightkeeper.api.v1.TelemetryServiceGrpc;
import org.lightkeeper.api.v1.TelemetryUpdate;
import org.lightkeeper.firmware.telemetry.BoundedSender;
import org.lightkeeper.firmware.telemetry.SubscriptionPolicy;
import org.lightkeeper.firmware.telemetry.TelemetryHub;

/** {@code lightkeeper.v1.TelemetryService}: validated subscriptions onto the {@link TelemetryHub}. */
final class TelemetryGrpcService extends TelemetryServiceGrpc.TelemetryServiceImplBase {
    /** Updates queued per subscriber before the oldest is dropped. */
    static final int QUEUE_DEPTH = 32;
    static final int MIN_INTERVAL_MS = 10;
    static final int MAX_INTERVAL_MS = 3_600_000;
    static final int DEFAULT_INTERVAL_MS = 1000;
    private static final long MS = 1_000_000L;

    private final TelemetryHub hub;
    private final Executor delivery;

    TelemetryGrpcService(TelemetryHub hub, Executor delivery) {
        this.hub = hub;
        this.delivery = delivery;
    }

    @Override
    public void subscribe(SubscribeRequest req, StreamObserver<TelemetryUpdate> response) {
        SubscriptionPolicy policy;
        try {
            policy = policy(req);
        } catch (RuntimeException e) {
            response.onError(Statuses.toStatus(e));
            return;
        }
        TelemetryHub.Subscription[] self = new TelemetryHub.Subscription[1];
        BoundedSender<TelemetryHub.Update, TelemetryUpdate> sender = new BoundedSender<>(response, QUEUE_DEPTH,
                (u, dropped) -> TelemetryUpdate.newBuilder()
                        .setState(ProtoMapper.state(u.snapshot()))
                        .setDropped(dropped)
                        .setHeartbeat(u.heartbeat())
                        .build(),
                delivery, () -> hub.remove(self[0]));
        self[0] = new TelemetryHub.Subscription(policy, sender);
        if (!hub.add(self[0])) {
            response.onError(Status.RESOURCE_EXHAUSTED.withDescription("subscribers: at most "
                    + TelemetryHub.MAX_SUBSCRIBERS + " telemetry subscribers at once").asRuntimeException());
        }
    }

    static SubscriptionPolicy policy(SubscribeRequest req) {
        switch (req.getMode()) {
            case SAMPLE -> {
                int ms = req.getIntervalMs() == 0 ? DEFAULT_INTERVAL_MS : req.getIntervalMs();
                if (ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
                    throw Statuses.invalid("interval_ms", "must be " + MIN_INTERVAL_MS + " to " + MAX_INTERVAL_MS
                            + " ms (0 for " + DEFAULT_INTERVAL_MS + "), got " + req.getIntervalMs());
                }
                return new SubscriptionPolicy(SubscriptionPolicy.Mode.SAMPLE, ms * MS, 0, 0);
            }
            case ON_CHANGE -> {
                double db = req.getDeadbandPm();
                if (!(db >= 0) || Double.isInfinite(db)) {
                    throw Statuses.invalid("deadband_pm", "must be >= 0 pm and finite, got " + db);
                }
                int hb = req.getHeartbeatMs();
                if (hb != 0 && (hb < MIN_INTERVAL_MS || hb > MAX_INTERVAL_MS)) {
                    throw Statuses.invalid("heartbeat_ms", "must be 0 (none) or " + MIN_INTERVAL_MS + " to "
                            + MAX_INTERVAL_MS + " ms, got " + hb);
                }
                return new SubscriptionPolicy(SubscriptionPolicy.Mode.ON_CHANGE, 0, db, hb * MS);
            }
            default -> throw Statuses.invalid("mode", "must be SAMPLE or ON_CHANGE, got " + req.getMode());
        }
    }
}
