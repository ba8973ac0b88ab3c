package org.lightkeeper.hal.chip.cmis;

/**
 * ELSFP laser control mode, page 1Ah byte 140 bit 0 (OIF-ELSFP-CMIS-01.0 Table 4): 1 = APC (the
 * module holds the optical power setpoint), 0 = ACC (the module holds the bias current setpoint).
 */
public enum ControlMode {
    ACC(0),
    APC(1);

    private final int bit;

    ControlMode(int bit) {
        this.bit = bit;
    }

    /** Value of byte 140 bit 0 for this mode. */
    public int bit() {
        return bit;
    }

    public static ControlMode fromBit(int bit) {
        return (bit & 1) == 1 ? APC : ACC;
    }
}
