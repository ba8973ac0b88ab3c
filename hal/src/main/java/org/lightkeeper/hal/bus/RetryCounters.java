package org.lightkeeper.hal.bus;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a retrying decorator did, for telemetry: a rising retry count is a marginal bus (noise, a slow
 * target) long before give-ups start. AtomicLong rather than LongAdder: it never allocates.
 */
public final class RetryCounters {
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong giveUps = new AtomicLong();
    private final AtomicLong notRetried = new AtomicLong();

    /** Attempts made after a failure (a transaction that succeeded on its third try counts 2). */
    public long retries() {
        return retries.get();
    }

    /** Retryable errors let out because the attempts ran out. */
    public long giveUps() {
        return giveUps.get();
    }

    /** Errors let out at once because the policy does not retry them. */
    public long notRetried() {
        return notRetried.get();
    }

    /**
     * Decides after a failed attempt: returns normally when the caller should back off and try again,
     * rethrows {@code e} (counted) when not.
     */
    void afterFailure(RetryPolicy policy, BusException e, int attempt) {
        if (!policy.retryable(e)) {
            notRetried.incrementAndGet();
            throw e;
        }
        if (attempt >= policy.maxAttempts()) {
            giveUps.incrementAndGet();
            throw e;
        }
        retries.incrementAndGet();
    }

    @Override
    public String toString() {
        return "retries=" + retries() + " giveUps=" + giveUps() + " notRetried=" + notRetried();
    }
}
