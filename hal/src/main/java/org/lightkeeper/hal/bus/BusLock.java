package org.lightkeeper.hal.bus;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock of one physical bus. Several transfers that must not be split by other traffic (a mux
 * channel select and the transfer behind it, a CMIS bank/page select and the read of that page, a
 * write then a read on a part without repeated START) run while holding it.
 *
 * <p>Fair, so a slow loop cannot be starved by a fast one; reentrant, so a locked sequence may call
 * methods that lock again. Acquiring has a timeout because a wedged holder must turn into a typed
 * error on the waiting loop, not a silent stall; the wait is real time (threads, not the bus clock).
 */
public final class BusLock {
    /** Far above any legitimate hold (a 256-byte CMIS read at 100 kHz is about 23 ms). */
    public static final long DEFAULT_TIMEOUT_NANOS = 100_000_000L;

    /** Locks lent to backends that do not keep their own (see {@link I2cBus#lock()}). */
    private static final Map<I2cBus, BusLock> LENT = Collections.synchronizedMap(new WeakHashMap<>());

    private final String bus;
    private final long timeoutNanos;
    private final ReentrantLock lock = new ReentrantLock(true);

    public BusLock(String bus, long timeoutNanos) {
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("bus lock timeout must be positive, got " + timeoutNanos + " ns");
        }
        this.bus = bus;
        this.timeoutNanos = timeoutNanos;
    }

    public BusLock(String bus) {
        this(bus, DEFAULT_TIMEOUT_NANOS);
    }

    /** The one lock of {@code bus}, created on first use, for implementers that predate {@link I2cBus#lock()}. */
    static BusLock lentTo(I2cBus bus) {
        return LENT.computeIfAbsent(bus, b -> new BusLock(b.name()));
    }

    public String bus() {
        return bus;
    }

    public long timeoutNanos() {
        return timeoutNanos;
    }

    /**
     * Takes the lock for a transaction with {@code address}/{@code register} (named in the error).
     * Pair with {@link #release()} in a {@code finally}. Allocates nothing when uncontended.
     *
     * @throws BusTimeoutException when not acquired within the timeout, or when interrupted while waiting
     */
    public void acquire(int address, int register) {
        boolean got;
        try {
            got = lock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusTimeoutException(bus, address, register, "interrupted waiting for the bus lock");
        }
        if (!got) {
            throw new BusTimeoutException(bus, address, register,
                    "bus lock not acquired within " + timeoutNanos / 1000 + " us");
        }
    }

    public void release() {
        lock.unlock();
    }

    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /**
     * Runs {@code body} as one atomic sequence on this bus. Bus errors and other unchecked exceptions
     * pass through unchanged; a checked exception from {@code body} is wrapped in an
     * {@link IllegalStateException} (bus code throws none). Allocates the lambda, so fast loops that
     * care should call {@link #acquire}/{@link #release} themselves.
     */
    public <T> T execute(int address, int register, Callable<T> body) {
        acquire(address, register);
        try {
            return body.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("locked sequence on " + bus + " failed", e);
        } finally {
            release();
        }
    }

    public <T> T execute(Callable<T> body) {
        return execute(BusException.NO_ADDRESS, BusException.NO_REGISTER, body);
    }

    /** {@link #execute} for a sequence with no result. */
    public void run(int address, int register, Runnable body) {
        acquire(address, register);
        try {
            body.run();
        } finally {
            release();
        }
    }

    public void run(Runnable body) {
        run(BusException.NO_ADDRESS, BusException.NO_REGISTER, body);
    }
}
