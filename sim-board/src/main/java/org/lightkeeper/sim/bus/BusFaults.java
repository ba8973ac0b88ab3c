package org.lightkeeper.sim.bus;

import java.util.SplittableRandom;
import org.lightkeeper.hal.bus.BusStuckException;

/**
 * Faults a simulated bus injects into its transactions, so error paths (retries, presence loss,
 * stuck-bus recovery) run on the simulator exactly as on a misbehaving board. Random faults come
 * from a seeded {@link SplittableRandom}, drawn once per transaction and only while their rate is
 * non-zero: the same seed and the same traffic give the same pattern.
 *
 * <p>Mutable from a test or fault-injection service while the bus runs; every method is synchronized
 * (uncontended, so no allocation on the bus path).
 */
public final class BusFaults {
    /** SMBus tTIMEOUT(min), System Management Bus spec 3.x section 4.1: what a timed-out transaction costs. */
    public static final long DEFAULT_TIMEOUT_NANOS = 25_000_000L;

    private final SplittableRandom random;
    private double nakRate;
    private double arbitrationLossRate;
    private BusStuckException.Line stuckLine;
    private boolean stuckRecoverable;
    private boolean timeout;
    private long timeoutNanos = DEFAULT_TIMEOUT_NANOS;
    private final boolean[] vanished = new boolean[128];
    private long injected;

    public BusFaults(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Probability 0..1 that a transaction to a present device is NAKed (I2C only). */
    public synchronized BusFaults nakRate(double rate) {
        this.nakRate = checkRate(rate, "NAK");
        return this;
    }

    /** Probability 0..1 that a transaction loses arbitration (I2C only). */
    public synchronized BusFaults arbitrationLossRate(double rate) {
        this.arbitrationLossRate = checkRate(rate, "arbitration loss");
        return this;
    }

    /** Holds {@code line} low; a bus clear frees it only when {@code recoverable} (a target stuck mid-byte, not a short). */
    public synchronized BusFaults stuck(BusStuckException.Line line, boolean recoverable) {
        this.stuckLine = line;
        this.stuckRecoverable = recoverable;
        return this;
    }

    public synchronized BusFaults unstuck() {
        this.stuckLine = null;
        return this;
    }

    /** Every transaction times out (a target stretching SCL forever, or a wedged SPI controller). */
    public synchronized BusFaults timeout(boolean on) {
        this.timeout = on;
        return this;
    }

    /** Virtual time a timed-out transaction costs before it fails. */
    public synchronized BusFaults timeoutNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("timeout must not be negative, got " + nanos + " ns");
        }
        this.timeoutNanos = nanos;
        return this;
    }

    /** The device at {@code address} (I2C address or SPI chip select) stops answering, as if pulled. */
    public synchronized BusFaults vanish(int address) {
        vanished[checkAddress(address)] = true;
        return this;
    }

    /** The device at {@code address} answers again. */
    public synchronized BusFaults restore(int address) {
        vanished[checkAddress(address)] = false;
        return this;
    }

    /** Clears every fault (the random stream goes on where it was). */
    public synchronized BusFaults clear() {
        nakRate = 0;
        arbitrationLossRate = 0;
        stuckLine = null;
        timeout = false;
        java.util.Arrays.fill(vanished, false);
        return this;
    }

    public synchronized BusStuckException.Line stuckLine() {
        return stuckLine;
    }

    public synchronized boolean timeout() {
        return timeout;
    }

    public synchronized long timeoutNanos() {
        return timeoutNanos;
    }

    public synchronized boolean vanished(int address) {
        return address >= 0 && address < vanished.length && vanished[address];
    }

    /** Faults injected so far (of every kind). */
    public synchronized long injected() {
        return injected;
    }

    /** Draws whether this transaction loses arbitration; no draw while the rate is zero. */
    synchronized boolean drawArbitrationLoss() {
        return draw(arbitrationLossRate);
    }

    /** Draws whether this transaction is NAKed; no draw while the rate is zero. */
    synchronized boolean drawNak() {
        return draw(nakRate);
    }

    /** Counts a deterministic fault (stuck, timeout, vanished) when a bus applies it. */
    synchronized void countInjected() {
        injected++;
    }

    /** A bus clear: frees a recoverable stuck line. True when the bus is free afterwards. */
    synchronized boolean clearBus() {
        if (stuckLine != null && stuckRecoverable) {
            stuckLine = null;
        }
        return stuckLine == null;
    }

    private boolean draw(double rate) {
        if (rate > 0 && random.nextDouble() < rate) {
            injected++;
            return true;
        }
        return false;
    }

    private static double checkRate(double rate, String what) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(what + " rate must be within 0..1, got " + rate);
        }
        return rate;
    }

    private static int checkAddress(int address) {
        if (address < 0 || address > 127) {
            throw new IllegalArgumentException("address must be 0-127, got " + address);
        }
        return address;
    }
}
