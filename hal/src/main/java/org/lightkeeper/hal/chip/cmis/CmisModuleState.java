package org.lightkeeper.hal.chip.cmis;

/**
 * CMIS module state, lower page byte 3 bits 3-1 (CMIS 5.x section 8.2, lower page; state machine in
 * section 6.3.2). MgmtInit and Resetting are not reported: the module does not answer then.
 */
public enum CmisModuleState {
    RESERVED0(0),
    LOW_PWR(1),
    PWR_UP(2),
    READY(3),
    PWR_DN(4),
    FAULT(5),
    RESERVED6(6),
    RESERVED7(7);

    private static final CmisModuleState[] BY_CODE = values();

    private final int code;

    CmisModuleState(int code) {
        this.code = code;
    }

    /** The 3-bit encoding as it sits in byte 3 bits 3-1 (after the shift). */
    public int code() {
        return code;
    }

    /** Decodes the 3-bit code (0-7). */
    public static CmisModuleState fromCode(int code) {
        if (code < 0 || code > 7) {
            throw new IllegalArgumentException("module state code must be 0-7, got " + code);
        }
        return BY_CODE[code];
    }
}
