package org.lightkeeper.sim.chip;

import static org.lightkeeper.hal.chip.Tmp117.CONFIGURATION;
import static org.lightkeeper.hal.chip.Tmp117.CONFIGURATION_POWER_UP;
import static org.lightkeeper.hal.chip.Tmp117.DEVICE_ID;
import static org.lightkeeper.hal.chip.Tmp117.DEVICE_ID_VALUE;
import static org.lightkeeper.hal.chip.Tmp117.LSB_C;
import static org.lightkeeper.hal.chip.Tmp117.TEMP_RESULT;

import java.util.function.DoubleSupplier;
import org.lightkeeper.sim.bus.I2cTarget;

/**
 * Emulated TI TMP117 temperature sensor (datasheet SNOSD82, "Register Map" section). A write sets
 * the register pointer and, with two more bytes, writes that register MSB first; a read returns the
 * pointed-to register MSB first. The result register is the supplied temperature quantised to the
 * 7.8125 m°C LSB at the moment of the read (conversion timing, averaging and alerts are not
 * modelled). Emulated registers: Temp_Result, Configuration (flag bits 15-12 read as 0, soft-reset
 * restores the power-up value) and Device_ID. Any other pointer NAKs, so a driver reaching for an
 * unmodelled register fails loudly instead of reading invented data.
 */
public final class Tmp117Sim implements I2cTarget {
    /** Configuration bits a write can set: MOD, CONV, AVG, T/nA, POL, DR/Alert (bits 11-2). */
    private static final int CONFIG_WRITABLE = 0x0FFC;
    private static final int SOFT_RESET = 0x0002;

    private final DoubleSupplier temperatureC;
    private int pointer = TEMP_RESULT;
    private int configuration = CONFIGURATION_POWER_UP;

    public Tmp117Sim(DoubleSupplier temperatureC) {
        if (temperatureC == null) {
            throw new IllegalArgumentException("temperature supplier must not be null");
        }
        this.temperatureC = temperatureC;
    }

    /** °C to the result register's 16-bit pattern: nearest LSB, clamped to the s16 range. */
    public static int quantise(double celsius) {
        if (Double.isNaN(celsius)) {
            throw new IllegalArgumentException("temperature is NaN");
        }
        long lsb = Math.round(celsius / LSB_C);
        return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, lsb)) & 0xFFFF;
    }

    @Override
    public synchronized void write(byte[] data, int offset, int length) {
        if (length == 0) {
            return;
        }
        int p = data[offset] & 0xFF;
        checkPointer(p);
        pointer = p;
        if (length >= 3 && p == CONFIGURATION) {
            int value = (data[offset + 1] & 0xFF) << 8 | (data[offset + 2] & 0xFF);
            configuration = (value & SOFT_RESET) != 0 ? CONFIGURATION_POWER_UP : value & CONFIG_WRITABLE;
        }
        // Temp_Result and Device_ID are read-only: the data bytes are acknowledged and dropped.
    }

    @Override
    public synchronized void read(byte[] buffer, int offset, int length) {
        int value = registerValue(pointer);
        for (int i = 0; i < length; i++) {
            buffer[offset + i] = (byte) (i % 2 == 0 ? value >>> 8 : value);
        }
    }

    private int registerValue(int p) {
        switch (p) {
            case TEMP_RESULT:
                return quantise(temperatureC.getAsDouble());
            case CONFIGURATION:
                return configuration;
            default:
                return DEVICE_ID_VALUE;
        }
    }

    private static void checkPointer(int p) {
        if (p != TEMP_RESULT && p != CONFIGURATION && p != DEVICE_ID) {
            throw new Nak(p, String.format("TMP117 emulator has no register 0x%02X", p));
        }
    }
}
