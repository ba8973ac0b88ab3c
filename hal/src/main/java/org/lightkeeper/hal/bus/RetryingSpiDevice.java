package org.lightkeeper.hal.bus;

import org.lightkeeper.hal.time.Sleeper;

/**
 * {@link RetryingI2cBus} for an SPI peripheral. SPI has no acknowledge, so what is retryable is
 * mostly a controller timeout; a frame that reads back garbage is for the driver to judge. A retry
 * re-sends the whole frame: only give a retrying policy to devices whose frames are idempotent.
 */
public final class RetryingSpiDevice implements SpiDevice {
    private final SpiDevice device;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final RetryCounters counters = new RetryCounters();

    public RetryingSpiDevice(SpiDevice device, RetryPolicy policy, Sleeper sleeper) {
        this.device = device;
        this.policy = policy;
        this.sleeper = sleeper;
    }

    public RetryCounters counters() {
        return counters;
    }

    @Override
    public String name() {
        return device.name();
    }

    @Override
    public int clockHz() {
        return device.clockHz();
    }

    @Override
    public void transfer(byte[] tx, byte[] rx, int length) {
        for (int attempt = 1; ; attempt++) {
            try {
                device.transfer(tx, rx, length);
                return;
            } catch (BusException e) {
                counters.afterFailure(policy, e, attempt);
            }
            sleeper.sleepNanos(policy.backoffNanos(attempt));
        }
    }
}
