package org.lightkeeper.hal.chip.cmis;

/**
 * The per-lane latched flags of ELSFP page 1Ah, one byte per kind with one bit per lane of the bank
 * (bit n = lane n). All are latched and clear on read, as CMIS 5.x flags are.
 * Offsets from OIF-ELSFP-CMIS-01.0 Tables 5 and 7.
 */
public enum LaneFlag {
    FAULT(166),
    WARNING(174),
    HIGH_BIAS_ALARM(186),
    LOW_BIAS_ALARM(187),
    HIGH_BIAS_WARNING(188),
    LOW_BIAS_WARNING(189),
    HIGH_POWER_ALARM(190),
    LOW_POWER_ALARM(191),
    HIGH_POWER_WARNING(192),
    LOW_POWER_WARNING(193);

    private final int offset;

    LaneFlag(int offset) {
        this.offset = offset;
    }

    /** Byte offset in page 1Ah. */
    public int offset() {
        return offset;
    }

    /** Offset of this flag's interrupt mask byte on page 1Ah (bytes 198-205), or -1 if it has none. */
    public int maskOffset() {
        return offset >= 186 ? offset + 12 : -1;
    }
}
