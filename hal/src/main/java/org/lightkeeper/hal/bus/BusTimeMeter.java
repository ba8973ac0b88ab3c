package org.lightkeeper.hal.bus;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Wire time spent on one bus, charged per transaction by {@link LoggingI2cBus} /
 * {@link LoggingSpiDevice} from {@link WireTime}, so a control loop can say what share of its period
 * the bus took (DESIGN.md section 3, bus budget). Charged from the transaction's size rather than
 * measured, so the figure is the same on the rig and on the simulator. Allocation-free.
 */
public final class BusTimeMeter {
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong mark = new AtomicLong();

    public void charge(long wireNanos) {
        total.addAndGet(wireNanos);
        transactions.incrementAndGet();
    }

    /** All wire time charged since construction. */
    public long totalWireNs() {
        return total.get();
    }

    public long transactions() {
        return transactions.get();
    }

    /** Wire time charged since the last mark, without moving it. */
    public long elapsedWireNs() {
        return total.get() - mark.get();
    }

    /**
     * Wire time charged since the previous mark, and a new mark here: call once per loop iteration.
     * Meant for one reader (the loop that owns the meter).
     */
    public long markAndElapsedWireNs() {
        long now = total.get();
        return now - mark.getAndSet(now);
    }

    /** Share of {@code periodNanos} that {@code wireNanos} took (may exceed 1 on an overloaded bus). */
    public static double share(long wireNanos, long periodNanos) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be positive, got " + periodNanos + " ns");
        }
        return (double) wireNanos / periodNanos;
    }
}
