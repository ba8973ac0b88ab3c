package org.lightkeeper.firmware.telemetry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lightkeeper.firmware.state.BoardSnapshot;

/**
 * Fans published snapshots out to telemetry subscribers. {@link #publish} runs in a firmware loop and
 * costs, per subscriber, one policy decision and at most one non-blocking queue offer; turning
 * snapshots into messages and writing them happens on the delivery side ({@link BoundedSender}).
 */
public final class TelemetryHub {
    /** Most subscribers at once; more are refused (RESOURCE_EXHAUSTED). */
    public static final int MAX_SUBSCRIBERS = 64;

    /** A queued update. */
    public record Update(BoardSnapshot snapshot, boolean heartbeat) {
    }

    /** One subscriber: its policy (publishing loop only) and where its updates go. */
    public static final class Subscription {
        private final SubscriptionPolicy policy;
        private final BoundedSender<Update, ?> sink;

        public Subscription(SubscriptionPolicy policy, BoundedSender<Update, ?> sink) {
            this.policy = policy;
            this.sink = sink;
        }

        public BoundedSender<Update, ?> sink() {
            return sink;
        }
    }

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    /** Adds a subscriber; false when {@link #MAX_SUBSCRIBERS} are already subscribed. */
    public synchronized boolean add(Subscription s) {
        if (subscriptions.size() >= MAX_SUBSCRIBERS) {
            return false;
        }
        subscriptions.add(s);
        return true;
    }

    public void remove(Subscription s) {
        subscriptions.remove(s);
    }

    public int subscribers() {
        return subscriptions.size();
    }

    /** Offers {@code s} to every subscriber whose policy wants it; the publishing loop only. */
    public void publish(BoardSnapshot s) {
        for (Subscription sub : subscriptions) {
            SubscriptionPolicy.Decision d = sub.policy.decide(s);
            if (d != SubscriptionPolicy.Decision.SKIP) {
                sub.sink.offer(new Update(s, d == SubscriptionPolicy.Decision.HEARTBEAT));
            }
        }
    }

    /** Ends every stream (server shutdown). */
    public void close() {
        for (Subscription sub : subscriptions) {
            sub.sink.complete();
        }
        subscriptions.clear();
    }
}
