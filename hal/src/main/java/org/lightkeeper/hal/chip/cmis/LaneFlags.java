package org.lightkeeper.hal.chip.cmis;

/** One read of the latched lane flags of a bank: a lane mask (bit n = lane n) per {@link LaneFlag}. */
public final class LaneFlags {
    private final int[] masks;

    public LaneFlags(int[] masksByFlagOrdinal) {
        if (masksByFlagOrdinal.length != LaneFlag.values().length) {
            throw new IllegalArgumentException("need one mask per LaneFlag, got " + masksByFlagOrdinal.length);
        }
        this.masks = masksByFlagOrdinal.clone();
    }

    /** Lanes (bit n = lane n) on which {@code flag} was latched. */
    public int lanes(LaneFlag flag) {
        return masks[flag.ordinal()];
    }

    public boolean isSet(LaneFlag flag, int lane) {
        return (masks[flag.ordinal()] >> lane & 1) != 0;
    }

    /** True when any flag is latched on any lane. */
    public boolean any() {
        for (int m : masks) {
            if (m != 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("LaneFlags{");
        for (LaneFlag f : LaneFlag.values()) {
            if (masks[f.ordinal()] != 0) {
                b.append(f).append("=0x").append(Integer.toHexString(masks[f.ordinal()])).append(' ');
            }
        }
        return b.append('}').toString();
    }
}
