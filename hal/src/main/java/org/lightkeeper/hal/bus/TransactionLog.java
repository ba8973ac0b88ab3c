package org.lightkeeper.hal.bus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.lightkeeper.hal.time.Clock;

/**
 * The last {@code capacity} transactions of one bus, for bring-up and for dumping when a fault
 * appears (FBOSS keeps the same per module). Slots are preallocated and overwritten in place, so
 * recording allocates nothing; only {@link #snapshot()} copies, for diagnostics.
 */
public final class TransactionLog {
    /** Bytes kept of each direction; the full length is still recorded. */
    public static final int MAX_CAPTURED_BYTES = 32;

    public enum Kind { WRITE, READ, WRITE_READ, SPI }

    /** One logged transaction, immutable. {@code error} is the exception's simple class name, null when ok. */
    public record Entry(long sequence, long timeNanos, String bus, int address, Kind kind,
                        byte[] out, int outLength, byte[] in, int inLength, long wireNanos,
                        String error, String message) {
        public Entry {
            out = out.clone();
            in = in.clone();
        }

        @Override
        public byte[] out() {
            return out.clone();
        }

        @Override
        public byte[] in() {
            return in.clone();
        }

        public boolean ok() {
            return error == null;
        }

        @Override
        public String toString() {
            HexFormat hex = HexFormat.ofDelimiter(" ");
            StringBuilder b = new StringBuilder()
                    .append('#').append(sequence).append(" t=").append(timeNanos).append("ns ").append(bus)
                    .append(String.format(" 0x%02X ", address)).append(kind)
                    .append(" out[").append(outLength).append("]=").append(hex.formatHex(out))
                    .append(outLength > out.length ? " ..." : "")
                    .append(" in[").append(inLength).append("]=").append(hex.formatHex(in))
                    .append(inLength > in.length ? " ..." : "")
                    .append(" wire=").append(wireNanos).append("ns ");
            return (ok() ? b.append("ok") : b.append(error).append(": ").append(message)).toString();
        }
    }

    private static final class Slot {
        long sequence;
        long timeNanos;
        String bus;
        int address;
        Kind kind;
        final byte[] out = new byte[MAX_CAPTURED_BYTES];
        int outLength;
        final byte[] in = new byte[MAX_CAPTURED_BYTES];
        int inLength;
        long wireNanos;
        Throwable error;
    }

    private final Slot[] slots;
    private final Clock clock;
    private long recorded;

    public TransactionLog(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("log capacity must be at least 1, got " + capacity);
        }
        this.clock = clock;
        this.slots = new Slot[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new Slot();
        }
    }

    /** The clock entries are stamped with. */
    public Clock clock() {
        return clock;
    }

    public int capacity() {
        return slots.length;
    }

    /** Transactions recorded since construction (the oldest have been overwritten beyond capacity). */
    public synchronized long recorded() {
        return recorded;
    }

    /**
     * Records one transaction. {@code out}/{@code in} may be null when that direction is empty; the
     * in bytes are only meaningful when {@code error} is null. The exception is kept by reference.
     */
    public synchronized void record(long timeNanos, String bus, int address, Kind kind,
                                    byte[] out, int outOffset, int outLength,
                                    byte[] in, int inOffset, int inLength,
                                    long wireNanos, Throwable error) {
        Slot s = slots[(int) (recorded % slots.length)];
        s.sequence = recorded++;
        s.timeNanos = timeNanos;
        s.bus = bus;
        s.address = address;
        s.kind = kind;
        s.outLength = outLength;
        if (outLength > 0) {
            System.arraycopy(out, outOffset, s.out, 0, Math.min(outLength, MAX_CAPTURED_BYTES));
        }
        s.inLength = error == null ? inLength : 0;
        if (s.inLength > 0) {
            System.arraycopy(in, inOffset, s.in, 0, Math.min(inLength, MAX_CAPTURED_BYTES));
        }
        s.wireNanos = wireNanos;
        s.error = error;
    }

    /** The retained entries, oldest first, as an immutable list. */
    public synchronized List<Entry> snapshot() {
        int n = (int) Math.min(recorded, slots.length);
        List<Entry> list = new ArrayList<>(n);
        for (long seq = recorded - n; seq < recorded; seq++) {
            Slot s = slots[(int) (seq % slots.length)];
            byte[] out = new byte[Math.min(s.outLength, MAX_CAPTURED_BYTES)];
            System.arraycopy(s.out, 0, out, 0, out.length);
            byte[] in = new byte[Math.min(s.inLength, MAX_CAPTURED_BYTES)];
            System.arraycopy(s.in, 0, in, 0, in.length);
            list.add(new Entry(s.sequence, s.timeNanos, s.bus, s.address, s.kind, out, s.outLength, in, s.inLength,
                    s.wireNanos, s.error == null ? null : s.error.getClass().getSimpleName(),
                    s.error == null ? null : s.error.getMessage()));
        }
        return Collections.unmodifiableList(list);
    }
}
