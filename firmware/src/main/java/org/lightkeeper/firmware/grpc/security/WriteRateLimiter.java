package org.lightkeeper.firmware.grpc.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per principal for management writes: {@code ratePerSecond} tokens a second, at
 * most {@code burst} banked. Reads are not limited here (they never touch the control loops). Time
 * comes from an injected nanosecond clock so tests step it by hand.
 */
public final class WriteRateLimiter {
    private final double ratePerNs;
    private final double burst;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public WriteRateLimiter(double ratePerSecond, int burst, LongSupplier nanos) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 per second and burst >= 1, got " + ratePerSecond
                    + "/s burst " + burst);
        }
        this.ratePerNs = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanos = nanos;
    }

    /** Takes one token for {@code principal}; false when its bucket is empty. */
    public boolean tryAcquire(String principal) {
        long now = nanos.getAsLong();
        Bucket b = buckets.computeIfAbsent(principal, k -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + Math.max(0, now - b.at) * ratePerNs);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return true;
            }
            return false;
        }
    }

    public double ratePerSecond() {
        return ratePerNs * 1e9;
    }

    public int burst() {
        return (int) burst;
    }
}
