package org.lightkeeper.hal.chip;

import org.lightkeeper.hal.bus.I2cBus;

/**
 * TI TCA9548A 8-channel I2C switch (datasheet SCPS207, section 8.6 "Control Register"). The switch
 * has a single 8-bit control register, written and read without a register pointer: bit n set
 * connects downstream channel n. Power-up default 0x00 (all channels off).
 */
public final class Tca9548a {
    /** Channels on the part (datasheet section 1). */
    public static final int CHANNELS = 8;
    /** Address range set by A2..A0 (datasheet section 8.6.1): 0x70-0x77. */
    public static final int BASE_ADDRESS = 0x70;

    private final I2cBus bus;
    private final int address;
    private final byte[] one = new byte[1];

    public Tca9548a(I2cBus bus, int address) {
        if (address < BASE_ADDRESS || address > BASE_ADDRESS + 7) {
            throw new IllegalArgumentException(String.format("TCA9548A address must be 0x70-0x77, got 0x%02X", address));
        }
        this.bus = bus;
        this.address = address;
    }

    public I2cBus bus() {
        return bus;
    }

    public int address() {
        return address;
    }

    /** Writes the control register: bit n connects channel n. */
    public void select(int channelMask) {
        if ((channelMask & ~0xFF) != 0) {
            throw new IllegalArgumentException("channel mask must fit 8 bits, got 0x" + Integer.toHexString(channelMask));
        }
        one[0] = (byte) channelMask;
        bus.write(address, one, 0, 1);
    }

    /** Reads back the control register. */
    public int selected() {
        bus.read(address, one, 0, 1);
        return one[0] & 0xFF;
    }
}
