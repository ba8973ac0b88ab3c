package org.lightkeeper.hal.chip;

import org.lightkeeper.hal.bus.I2cBus;

/**
 * TI TMP117 digital temperature sensor (datasheet SNOSD82, "Register Map" section). Registers
 * are 16 bits, MSB first; a read is a pointer write then a repeated-START read of two bytes. The
 * temperature result is two's complement with 7.8125 m°C per LSB (Temp_Result register description).
 *
 * <p>The register table is shared with the emulator ({@code Tmp117Sim}).
 */
public final class Tmp117 {
    public static final int TEMP_RESULT = 0x00;
    public static final int CONFIGURATION = 0x01;
    public static final int THIGH_LIMIT = 0x02;
    public static final int TLOW_LIMIT = 0x03;
    public static final int EEPROM_UL = 0x04;
    public static final int EEPROM1 = 0x05;
    public static final int EEPROM2 = 0x06;
    public static final int TEMP_OFFSET = 0x07;
    public static final int EEPROM3 = 0x08;
    public static final int DEVICE_ID = 0x0F;

    /** Degrees Celsius per LSB of the result register: 1/128 °C. */
    public static final double LSB_C = 0.0078125;
    /** Configuration register power-on value: continuous conversion, CONV = 100b, AVG = 01b (8 averages). */
    public static final int CONFIGURATION_POWER_UP = 0x0220;
    /** Device_ID register: bits 15-12 revision, bits 11-0 the part number 0x117. */
    public static final int DEVICE_ID_VALUE = 0x0117;
    public static final int DEVICE_ID_MASK = 0x0FFF;

    /** ADD0 strapped to GND, V+, SDA, SCL ("Serial Bus Address" table): 0x48-0x4B. */
    public static final int BASE_ADDRESS = 0x48;

    private final I2cBus bus;
    private final int address;
    private final byte[] pointer = new byte[1];
    private final byte[] frame = new byte[3];
    private final byte[] data = new byte[2];

    public Tmp117(I2cBus bus, int address) {
        if (bus == null) {
            throw new IllegalArgumentException("bus must not be null");
        }
        if (address < BASE_ADDRESS || address > BASE_ADDRESS + 3) {
            throw new IllegalArgumentException(String.format("TMP117 address must be 0x48-0x4B, got 0x%02X", address));
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

    public double readTemperatureC() {
        return toCelsius(readRegister(TEMP_RESULT));
    }

    /** The whole Device_ID register (0x0117 on a TMP117; compare bits 11-0 with {@link #DEVICE_ID_VALUE}). */
    public int deviceId() {
        return readRegister(DEVICE_ID);
    }

    public int readConfiguration() {
        return readRegister(CONFIGURATION);
    }

    public void writeConfiguration(int value16) {
        writeRegister(CONFIGURATION, value16);
    }

    /** Decodes a raw result register (16-bit two's complement, as read or as a signed short) to °C. */
    public static double toCelsius(int raw) {
        if (raw < Short.MIN_VALUE || raw > 0xFFFF) {
            throw new IllegalArgumentException("raw TMP117 result must fit 16 bits, got " + raw);
        }
        return (short) raw * LSB_C;
    }

    /** Reads one 16-bit register, MSB first. */
    public int readRegister(int register) {
        checkRegister(register);
        pointer[0] = (byte) register;
        bus.writeRead(address, pointer, 0, 1, data, 0, 2);
        return (data[0] & 0xFF) << 8 | (data[1] & 0xFF);
    }

    /** Writes one 16-bit register: pointer, MSB, LSB in one transaction. */
    public void writeRegister(int register, int value16) {
        checkRegister(register);
        if ((value16 & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("TMP117 register value must fit 16 bits, got 0x" + Integer.toHexString(value16));
        }
        frame[0] = (byte) register;
        frame[1] = (byte) (value16 >>> 8);
        frame[2] = (byte) value16;
        bus.write(address, frame, 0, 3);
    }

    private static void checkRegister(int register) {
        if (register < 0 || register > DEVICE_ID) {
            throw new IllegalArgumentException(String.format("TMP117 register pointer must be 0x00-0x0F, got 0x%X", register));
        }
    }
}
