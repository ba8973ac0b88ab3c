package org.lightkeeper.hal.bus;

import org.lightkeeper.hal.time.Sleeper;

/**
 * The one place I2C transactions are retried, by a {@link RetryPolicy}; drivers never retry. Each
 * attempt is a whole transaction (on a mux segment: select plus transfer). The lock is not held
 * across the backoff, so other traffic proceeds while this one waits. The last error is rethrown
 * unchanged, never swallowed.
 */
public final class RetryingI2cBus extends ForwardingI2cBus {
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final RetryCounters counters = new RetryCounters();

    public RetryingI2cBus(I2cBus bus, RetryPolicy policy, Sleeper sleeper) {
        super(bus);
        this.policy = policy;
        this.sleeper = sleeper;
    }

    public RetryCounters counters() {
        return counters;
    }

    public RetryPolicy policy() {
        return policy;
    }

    @Override
    public void write(int address, byte[] data, int offset, int length) {
        for (int attempt = 1; ; attempt++) {
            try {
                bus.write(address, data, offset, length);
                return;
            } catch (BusException e) {
                counters.afterFailure(policy, e, attempt);
            }
            sleeper.sleepNanos(policy.backoffNanos(attempt));
        }
    }

    @Override
    public void read(int address, byte[] buffer, int offset, int length) {
        for (int attempt = 1; ; attempt++) {
            try {
                bus.read(address, buffer, offset, length);
                return;
            } catch (BusException e) {
                counters.afterFailure(policy, e, attempt);
            }
            sleeper.sleepNanos(policy.backoffNanos(attempt));
        }
    }

    @Override
    public void writeRead(int address, byte[] out, int outOffset, int outLength, byte[] in, int inOffset, int inLength) {
        for (int attempt = 1; ; attempt++) {
            try {
                bus.writeRead(address, out, outOffset, outLength, in, inOffset, inLength);
                return;
            } catch (BusException e) {
                counters.afterFailure(policy, e, attempt);
            }
            sleeper.sleepNanos(policy.backoffNanos(attempt));
        }
    }
}
