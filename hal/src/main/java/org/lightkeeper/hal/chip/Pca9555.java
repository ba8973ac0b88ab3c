package org.lightkeeper.hal.chip;

import org.lightkeeper.hal.bus.I2cBus;

/**
 * NXP PCA9555 16-bit I2C GPIO expander (product data sheet PCA9555, section 6.2 "Registers",
 * Table 4 command byte; "Bus transactions" section for the read/write sequences). Four register pairs, port 0 then port 1: the
 * command byte selects a register and further bytes in the same transaction toggle to the other
 * register of the pair, so one 2-byte transfer moves all 16 bits. Pin n is port 0 bit n for n = 0-7,
 * port 1 bit (n - 8) for n = 8-15; 16-bit values here carry port 1 in bits 15-8.
 *
 * <p>The register table is shared with the emulator ({@code Pca9555Sim}), so both follow one source.
 */
public final class Pca9555 {
    /** Input port 0 (read-only; writes have no effect). Port 1 is {@code INPUT_PORT_0 + 1}. */
    public static final int INPUT_PORT_0 = 0x00;
    public static final int INPUT_PORT_1 = 0x01;
    /** Output port 0; only drives pins configured as outputs. */
    public static final int OUTPUT_PORT_0 = 0x02;
    public static final int OUTPUT_PORT_1 = 0x03;
    /** Polarity inversion port 0: bit set inverts that pin's input-port bit. */
    public static final int POLARITY_INVERSION_0 = 0x04;
    public static final int POLARITY_INVERSION_1 = 0x05;
    /** Configuration port 0: bit set = input (high impedance), clear = output. */
    public static final int CONFIGURATION_0 = 0x06;
    public static final int CONFIGURATION_1 = 0x07;
    /** Highest valid command byte. */
    public static final int LAST_REGISTER = CONFIGURATION_1;

    /** Power-on values (register tables of section 6.2): all outputs latched high, no inversion, all inputs. */
    public static final int POWER_UP_OUTPUT = 0xFFFF;
    public static final int POWER_UP_POLARITY = 0x0000;
    public static final int POWER_UP_CONFIGURATION = 0xFFFF;

    /** Address 0100 A2 A1 A0 ("Device address"): 0x20-0x27. */
    public static final int BASE_ADDRESS = 0x20;
    public static final int PINS = 16;

    private final I2cBus bus;
    private final int address;
    // Preallocated so a polling loop allocates nothing: command byte alone, and command + 2 data bytes.
    private final byte[] command = new byte[1];
    private final byte[] frame = new byte[3];
    private final byte[] data = new byte[2];

    public Pca9555(I2cBus bus, int address) {
        if (bus == null) {
            throw new IllegalArgumentException("bus must not be null");
        }
        if (address < BASE_ADDRESS || address > BASE_ADDRESS + 7) {
            throw new IllegalArgumentException(String.format("PCA9555 address must be 0x20-0x27, got 0x%02X", address));
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

    /** Actual pin levels (after polarity inversion), port 1 in bits 15-8. */
    public int readInputs() {
        return readPair(INPUT_PORT_0);
    }

    /** The output latches (what output pins drive), not the pin levels. */
    public int readOutputs() {
        return readPair(OUTPUT_PORT_0);
    }

    public void writeOutputs(int value16) {
        writePair(OUTPUT_PORT_0, check16("output value", value16));
    }

    /** Sets pin directions: bit set = input, clear = output. */
    public void configure(int inputMask16) {
        writePair(CONFIGURATION_0, check16("input mask", inputMask16));
    }

    public int readConfiguration() {
        return readPair(CONFIGURATION_0);
    }

    /** Bit set inverts that pin in {@link #readInputs()}. */
    public void setPolarityInversion(int mask16) {
        writePair(POLARITY_INVERSION_0, check16("polarity mask", mask16));
    }

    public int readPolarityInversion() {
        return readPair(POLARITY_INVERSION_0);
    }

    private int readPair(int port0Register) {
        command[0] = (byte) port0Register;
        bus.writeRead(address, command, 0, 1, data, 0, 2);
        return (data[0] & 0xFF) | (data[1] & 0xFF) << 8;
    }

    private void writePair(int port0Register, int value16) {
        frame[0] = (byte) port0Register;
        frame[1] = (byte) value16;          // port 0 first
        frame[2] = (byte) (value16 >>> 8);  // then the pointer toggles to port 1
        bus.write(address, frame, 0, 3);
    }

    private static int check16(String what, int value) {
        if ((value & ~0xFFFF) != 0) {
            throw new IllegalArgumentException(what + " must fit 16 bits, got 0x" + Integer.toHexString(value));
        }
        return value;
    }
}
