package org.lightkeeper.hal.chip.eic;

/**
 * Latched heater fault flags of one EIC read, one bit per ring (bit r = ring r): open (no current
 * at a non-zero code) and short (over-current). Reading them cleared them on the chip.
 */
public record HeaterFaults(long open, long shorted) {
    public static final HeaterFaults NONE = new HeaterFaults(0, 0);

    public boolean isOpen(int ring) {
        return (open >>> check(ring) & 1) != 0;
    }

    public boolean isShorted(int ring) {
        return (shorted >>> check(ring) & 1) != 0;
    }

    public boolean any() {
        return (open | shorted) != 0;
    }

    private static int check(int ring) {
        if (ring < 0 || ring >= EicRegisters.MAX_RINGS) {
            throw new IllegalArgumentException("EIC ring must be 0-63, got " + ring);
        }
        return ring;
    }

    @Override
    public String toString() {
        return String.format("HeaterFaults[open=0x%016X, shorted=0x%016X]", open, shorted);
    }
}
