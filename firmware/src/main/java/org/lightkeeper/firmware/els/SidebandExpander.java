package org.lightkeeper.firmware.els;

import org.lightkeeper.hal.chip.Pca9555;

/**
 * One PCA9555 shared by several ELS slots' sideband pins. It keeps shadow copies of the output and
 * configuration registers, so a slot changing its own pins never disturbs another slot's (a plain
 * register write from each slot would: last writer wins, and the other slots' ResetL and LPMode
 * would be overwritten). All users run on the control thread.
 */
public final class SidebandExpander {
    private final Pca9555 chip;
    /** Power-up levels (PCA9555 datasheet, table 4): outputs high, every pin an input. */
    private int outputs = 0xFFFF;
    private int inputMask = 0xFFFF;

    public SidebandExpander(Pca9555 chip) {
        this.chip = chip;
    }

    /** Drives {@code pin} to {@code high}, making it an output after its level is set (no glitch). */
    public void drive(int pin, boolean high) {
        int bit = 1 << pin;
        int next = high ? outputs | bit : outputs & ~bit;
        if (next != outputs || (inputMask & bit) != 0) {
            chip.writeOutputs(next);
            outputs = next;
        }
        if ((inputMask & bit) != 0) {
            inputMask &= ~bit;
            chip.configure(inputMask);
        }
    }

    /** The 16 pin levels (port 1 in bits 15-8). */
    public int readInputs() {
        return chip.readInputs();
    }
}
