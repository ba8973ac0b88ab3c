package org.lightkeeper.hal.chip.cmis;

/**
 * ELSFP lane output state, page 1Ah bytes 221-222, two bits per lane (OIF-ELSFP-CMIS-01.0 Table 8):
 * 0 output off, 1 output ramping, 2 output on, 3 reserved.
 */
public enum LaneStatus {
    OFF(0),
    RAMPING(1),
    ON(2),
    RESERVED(3);

    private static final LaneStatus[] BY_CODE = values();

    private final int code;

    LaneStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static LaneStatus fromCode(int code) {
        if (code < 0 || code > 3) {
            throw new IllegalArgumentException("lane state code must be 0-3, got " + code);
        }
        return BY_CODE[code];
    }
}
