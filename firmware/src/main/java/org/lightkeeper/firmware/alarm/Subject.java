package org.lightkeeper.firmware.alarm;

/**
 * What a flag is about: the quantity plus whichever of slot, lane, ring, loop applies (-1 / null
 * where it does not).
 */
public record Subject(Quantity quantity, int slot, int lane, int ring, String loop) {
    public static Subject board(Quantity q) {
        return new Subject(q, -1, -1, -1, null);
    }

    public static Subject slot(Quantity q, int slot) {
        return new Subject(q, slot, -1, -1, null);
    }

    public static Subject lane(Quantity q, int slot, int lane) {
        return new Subject(q, slot, lane, -1, null);
    }

    public static Subject ring(Quantity q, int ring) {
        return new Subject(q, -1, -1, ring, null);
    }

    public static Subject loop(Quantity q, String loop) {
        return new Subject(q, -1, -1, -1, loop);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(quantity.name().toLowerCase());
        if (slot >= 0) {
            b.append(" slot ").append(slot);
        }
        if (lane >= 0) {
            b.append(" lane ").append(lane);
        }
        if (ring >= 0) {
            b.append(" ring ").append(ring);
        }
        if (loop != null) {
            b.append(" loop ").append(loop);
        }
        return b.toString();
    }
}
