package org.lightkeeper.hal.bus;

import java.util.Arrays;

/**
 * When {@link RetryingI2cBus} / {@link RetryingSpiDevice} try a failed transaction again: how many
 * attempts in all, which errors are worth another attempt, and how long to back off between them.
 * Immutable; build with {@link #builder()}.
 *
 * <p>An error is retried when it is an instance of a {@code retryOn} class and of no {@code never}
 * class; {@code never} wins because the family nests ({@link DeviceNotPresentException} is a
 * {@link NakException}, but nobody answering will not change on the next try).
 *
 * <p>A retry re-runs the whole transaction. That is safe for register reads and writes of plain
 * registers; a driver of clear-on-read registers or of a FIFO should use a policy without retries
 * ({@link #none()}) for those transactions, since a data NAK may come after the part acted.
 */
public final class RetryPolicy {
    private final int maxAttempts;
    private final Class<?>[] retryOn;
    private final Class<?>[] never;
    private final long initialBackoffNanos;
    private final int backoffMultiplier;
    private final long maxBackoffNanos;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.retryOn = b.retryOn.clone();
        this.never = b.never.clone();
        this.initialBackoffNanos = b.initialBackoffNanos;
        this.backoffMultiplier = b.backoffMultiplier;
        this.maxBackoffNanos = b.maxBackoffNanos;
    }

    /**
     * For I2C management traffic: 3 attempts, NAK and lost arbitration are retried (a target busy
     * with an EEPROM write or a conversion NAKs briefly; arbitration clears by itself); device not
     * present, a stuck bus and timeouts are not (they need presence handling, a bus clear, or mean
     * the lock or a target is wedged). Backoff 100 us doubling, at most 1 ms.
     */
    public static RetryPolicy i2cDefault() {
        return builder().maxAttempts(3)
                .retryOn(NakException.class, ArbitrationLostException.class)
                .never(DeviceNotPresentException.class, BusStuckException.class, BusTimeoutException.class)
                .backoffNanos(100_000, 2, 1_000_000)
                .build();
    }

    /** One attempt, errors pass straight through. */
    public static RetryPolicy none() {
        return builder().maxAttempts(1).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Whether {@code e} is worth another attempt (attempts left aside). Allocates nothing. */
    public boolean retryable(BusException e) {
        for (Class<?> c : never) {
            if (c.isInstance(e)) {
                return false;
            }
        }
        for (Class<?> c : retryOn) {
            if (c.isInstance(e)) {
                return true;
            }
        }
        return false;
    }

    /** The wait after the {@code failedAttempts}-th failure (1-based): initial x multiplier^(n-1), capped. */
    public long backoffNanos(int failedAttempts) {
        long b = initialBackoffNanos;
        for (int i = 1; i < failedAttempts && b < maxBackoffNanos; i++) {
            b = b > maxBackoffNanos / backoffMultiplier ? maxBackoffNanos : b * backoffMultiplier;
        }
        return Math.min(b, maxBackoffNanos);
    }

    @Override
    public String toString() {
        return "RetryPolicy{attempts=" + maxAttempts + ", retryOn=" + names(retryOn) + ", never=" + names(never)
                + ", backoff=" + initialBackoffNanos + "ns x" + backoffMultiplier + " <= " + maxBackoffNanos + "ns}";
    }

    private static String names(Class<?>[] cs) {
        return Arrays.stream(cs).map(Class::getSimpleName).toList().toString();
    }

    public static final class Builder {
        private int maxAttempts = 1;
        private Class<?>[] retryOn = new Class<?>[0];
        private Class<?>[] never = new Class<?>[0];
        private long initialBackoffNanos;
        private int backoffMultiplier = 1;
        private long maxBackoffNanos;

        private Builder() {
        }

        /** Attempts in all, the first included; 1 means no retry. */
        public Builder maxAttempts(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("max attempts must be at least 1, got " + n);
            }
            this.maxAttempts = n;
            return this;
        }

        @SafeVarargs
        public final Builder retryOn(Class<? extends BusException>... types) {
            this.retryOn = types.clone();
            return this;
        }

        @SafeVarargs
        public final Builder never(Class<? extends BusException>... types) {
            this.never = types.clone();
            return this;
        }

        public Builder backoffNanos(long initial, int multiplier, long max) {
            if (initial < 0 || multiplier < 1 || max < initial) {
                throw new IllegalArgumentException("backoff needs 0 <= initial <= max and multiplier >= 1, got "
                        + initial + ", " + multiplier + ", " + max);
            }
            this.initialBackoffNanos = initial;
            this.backoffMultiplier = multiplier;
            this.maxBackoffNanos = max;
            return this;
        }

        /** The same wait after every failure. */
        public Builder fixedBackoffNanos(long nanos) {
            return backoffNanos(nanos, 1, nanos);
        }

        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
