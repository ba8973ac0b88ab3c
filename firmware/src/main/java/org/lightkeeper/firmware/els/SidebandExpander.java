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

    /**
     * Warm restart: learns the output and configuration registers the chip holds (a previous process
     * set them) instead of assuming power-up values, so the first write for one slot keeps every other
     * slot's ResetL and LPMode as they are. Two register reads; on a bus error the shadows keep their
     * power-up values and the error propagates (no slot may then be adopted).
     */
    public void adopt() {
        int out = chip.readOutputs();
        int cfg = chip.readConfiguration();
        outputs = out;
        inputMask = cfg;
    }

    /** True when {@code pin} is configured as an output (by this process or, after {@link #adopt}, a previous one). */
    public boolean isOutput(int pin) {
        return (inputMask & (1 << pin)) == 0;
    }

    /** The level the output register drives on {@code pin}. */
    public boolean drivesHigh(int pin) {
        return (outputs & (1 << pin)) != 0;
    }

    /** The 16 pin levels (port 1 in bits 15-8). */
    public int readInputs() {
        return chip.readInputs();
    }
}
