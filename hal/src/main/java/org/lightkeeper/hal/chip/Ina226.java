package org.lightkeeper.hal.chip;

import org.lightkeeper.hal.bus.I2cBus;

/**
 * TI INA226 current, voltage and power monitor with I2C interface (datasheet SBOS547, section 7.6
 * "Register Maps", 7.5 "Programming": equations 1-4, "Calibration Register and Scaling").
 *
 * <p>Registers are 16 bits, MSB first. A read is a pointer write then a repeated-START read of two
 * bytes; a write is pointer, MSB, LSB in one transaction. Shunt voltage is two's complement with a
 * 2.5 uV LSB, bus voltage is unsigned with a 1.25 mV LSB (bit 15 always 0). Current and power are
 * computed by the part from the calibration register: {@code CAL = 0.00512 / (Current_LSB x R_shunt)}
 * (equation 1), {@code Current = ShuntVoltage x CAL / 2048} (equation 3), {@code Power = Current x
 * BusVoltage / 20000} (equation 4), {@code Power_LSB = 25 x Current_LSB} (equation 2). Until the
 * calibration register is written (it resets to 0) current and power read 0.
 *
 * <p>The driver remembers the current LSB of its last {@link #calibrate} to scale current and power.
 * A chip reset ({@link #reset()}, or a power cycle the driver cannot see) clears the part's
 * calibration; {@code reset()} forgets the driver's too. Drivers never retry; bus errors propagate as
 * {@code BusException}. Reads allocate nothing.
 *
 * <p>The register table is shared with the emulator ({@code Ina226Sim}).
 */
public final class Ina226 {
    // Register pointers, datasheet Table "Register Set Summary" (7.6).
    public static final int CONFIGURATION = 0x00;
    public static final int SHUNT_VOLTAGE = 0x01;
    public static final int BUS_VOLTAGE = 0x02;
    public static final int POWER = 0x03;
    public static final int CURRENT = 0x04;
    public static final int CALIBRATION = 0x05;
    public static final int MASK_ENABLE = 0x06;
    public static final int ALERT_LIMIT = 0x07;
    public static final int MANUFACTURER_ID = 0xFE;
    public static final int DIE_ID = 0xFF;

    /** Configuration power-on value: AVG 1, VBUSCT and VSHCT 1.1 ms, shunt and bus continuous. */
    public static final int CONFIGURATION_RESET = 0x4127;
    /** Configuration bit 15: reset every register to its power-on value (self-clearing). */
    public static final int CONFIG_RST = 0x8000;
    /** Configuration bits 14-12 are not used; bit 14 reads 1 (power-on value 0x4127). */
    public static final int CONFIG_FIXED_ONES = 0x4000;
    public static final int CONFIG_AVG_SHIFT = 9;
    public static final int CONFIG_VBUSCT_SHIFT = 6;
    public static final int CONFIG_VSHCT_SHIFT = 3;
    public static final int CONFIG_MODE_MASK = 0x7;
    /** "TI" in ASCII. */
    public static final int MANUFACTURER_ID_VALUE = 0x5449;
    /** Die ID: bits 15-4 device 0x226, bits 3-0 die revision 0. */
    public static final int DIE_ID_VALUE = 0x2260;
    /** Calibration bit 15 is not used and reads 0. */
    public static final int CALIBRATION_MASK = 0x7FFF;

    // Mask/Enable register bits (datasheet 7.6.1.7).
    public static final int ME_SOL = 1 << 15;
    public static final int ME_SUL = 1 << 14;
    public static final int ME_BOL = 1 << 13;
    public static final int ME_BUL = 1 << 12;
    public static final int ME_POL = 1 << 11;
    public static final int ME_CNVR = 1 << 10;
    public static final int ME_AFF = 1 << 4;
    public static final int ME_CVRF = 1 << 3;
    public static final int ME_OVF = 1 << 2;
    public static final int ME_APOL = 1 << 1;
    public static final int ME_LEN = 1;
    /** Bits a write can set: the five alert functions, CNVR, APOL and LEN; AFF, CVRF, OVF are read-only. */
    public static final int ME_WRITABLE = 0xFC03;

    /** Shunt voltage LSB, volts (2.5 uV). */
    public static final double SHUNT_LSB_V = 2.5e-6;
    /** Bus voltage LSB, volts (1.25 mV). */
    public static final double BUS_LSB_V = 1.25e-3;
    /** Scaling constant of equation 1. */
    public static final double CAL_CONSTANT = 0.00512;
    /** Power LSB is this many current LSBs (equation 2). */
    public static final int POWER_LSB_PER_CURRENT_LSB = 25;

    /** A0/A1 each strapped to GND, VS, SDA or SCL: 16 addresses 0x40-0x4F (datasheet Table 2). */
    public static final int BASE_ADDRESS = 0x40;
    public static final int LAST_ADDRESS = 0x4F;

    /** Number of averages, configuration bits 11-9. */
    public enum Averaging {
        AVG_1(0b000, 1), AVG_4(0b001, 4), AVG_16(0b010, 16), AVG_64(0b011, 64),
        AVG_128(0b100, 128), AVG_256(0b101, 256), AVG_512(0b110, 512), AVG_1024(0b111, 1024);

        private final int bits;
        private final int count;

        Averaging(int bits, int count) {
            this.bits = bits;
            this.count = count;
        }

        public int bits() {
            return bits;
        }

        public int count() {
            return count;
        }

        public static Averaging fromBits(int bits) {
            return values()[bits & 0x7];
        }
    }

    /** Conversion time of the bus (bits 8-6) or shunt (bits 5-3) measurement. */
    public enum ConversionTime {
        US_140(0b000, 140_000), US_204(0b001, 204_000), US_332(0b010, 332_000), US_588(0b011, 588_000),
        US_1100(0b100, 1_100_000), US_2116(0b101, 2_116_000), US_4156(0b110, 4_156_000),
        US_8244(0b111, 8_244_000);

        private final int bits;
        private final long nanos;

        ConversionTime(int bits, long nanos) {
            this.bits = bits;
            this.nanos = nanos;
        }

        public int bits() {
            return bits;
        }

        public long nanos() {
            return nanos;
        }

        public static ConversionTime fromBits(int bits) {
            return values()[bits & 0x7];
        }
    }

    /** Operating mode, bits 2-0 (000 and 100 are both power-down; 100 decodes as {@link #POWER_DOWN}). */
    public enum Mode {
        POWER_DOWN(0b000, false, false, false),
        SHUNT_TRIGGERED(0b001, true, false, false),
        BUS_TRIGGERED(0b010, false, true, false),
        SHUNT_BUS_TRIGGERED(0b011, true, true, false),
        SHUNT_CONTINUOUS(0b101, true, false, true),
        BUS_CONTINUOUS(0b110, false, true, true),
        SHUNT_BUS_CONTINUOUS(0b111, true, true, true);

        private final int bits;
        private final boolean shunt;
        private final boolean bus;
        private final boolean continuous;

        Mode(int bits, boolean shunt, boolean bus, boolean continuous) {
            this.bits = bits;
            this.shunt = shunt;
            this.bus = bus;
            this.continuous = continuous;
        }

        public int bits() {
            return bits;
        }

        public boolean convertsShunt() {
            return shunt;
        }

        public boolean convertsBus() {
            return bus;
        }

        public boolean continuous() {
            return continuous;
        }

        public static Mode fromBits(int bits) {
            int b = bits & CONFIG_MODE_MASK;
            for (Mode m : values()) {
                if (m.bits == b) {
                    return m;
                }
            }
            return POWER_DOWN; // 0b100
        }
    }

    private final I2cBus bus;
    private final int address;
    private final byte[] pointer = new byte[1];
    private final byte[] frame = new byte[3];
    private final byte[] data = new byte[2];
    private double currentLsbA; // 0 = not calibrated

    public Ina226(I2cBus bus, int address) {
        if (bus == null) {
            throw new IllegalArgumentException("bus must not be null");
        }
        if (address < BASE_ADDRESS || address > LAST_ADDRESS) {
            throw new IllegalArgumentException(String.format("INA226 address must be 0x40-0x4F, got 0x%02X", address));
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

    /** Writes the configuration register. In a triggered mode the write starts one conversion. */
    public void configure(Averaging averaging, ConversionTime busTime, ConversionTime shuntTime, Mode mode) {
        writeRegister(CONFIGURATION, configurationWord(averaging, busTime, shuntTime, mode));
    }

    /** The configuration word for these settings (bit 14 set, as the part reads it back). */
    public static int configurationWord(Averaging averaging, ConversionTime busTime, ConversionTime shuntTime,
                                        Mode mode) {
        if (averaging == null || busTime == null || shuntTime == null || mode == null) {
            throw new IllegalArgumentException("averaging, conversion times and mode must not be null");
        }
        return CONFIG_FIXED_ONES | averaging.bits << CONFIG_AVG_SHIFT | busTime.bits << CONFIG_VBUSCT_SHIFT
                | shuntTime.bits << CONFIG_VSHCT_SHIFT | mode.bits;
    }

    public int readConfiguration() {
        return readRegister(CONFIGURATION);
    }

    /** Sets RST: every register, calibration included, back to its power-on value; forgets the current LSB. */
    public void reset() {
        writeRegister(CONFIGURATION, CONFIG_RST);
        currentLsbA = 0;
    }

    /**
     * Programs the calibration register for a shunt of {@code shuntOhm} and a largest expected current
     * of {@code maxCurrentA}: Current_LSB = maxCurrentA / 2^15 (datasheet equation 2 guidance),
     * CAL = trunc(0.00512 / (Current_LSB x R)). The current LSB actually in effect is recomputed from
     * the truncated CAL, so readings stay exact. Returns the CAL written.
     *
     * @throws IllegalArgumentException for non-positive or non-finite inputs, or when CAL would not fit
     *     1..0x7FFF (shunt voltage at full current beyond what the 15-bit CAL can scale)
     */
    public int calibrate(double shuntOhm, double maxCurrentA) {
        if (!(shuntOhm > 0) || !(maxCurrentA > 0) || Double.isInfinite(shuntOhm) || Double.isInfinite(maxCurrentA)) {
            throw new IllegalArgumentException("shunt resistance and max current must be positive and finite, got "
                    + shuntOhm + " ohm, " + maxCurrentA + " A");
        }
        int cal = calibrationFor(maxCurrentA / 32768.0, shuntOhm);
        writeRegister(CALIBRATION, cal);
        currentLsbA = CAL_CONSTANT / (cal * shuntOhm);
        return cal;
    }

    /** Current LSB in amperes of the last {@link #calibrate}, or 0 when not calibrated. */
    public double currentLsbA() {
        return currentLsbA;
    }

    /** Power LSB in watts (25 x current LSB), or 0 when not calibrated. */
    public double powerLsbW() {
        return POWER_LSB_PER_CURRENT_LSB * currentLsbA;
    }

    public double busVolts() {
        return busVoltsFor(readRegister(BUS_VOLTAGE));
    }

    public double shuntVolts() {
        return shuntVoltsFor(readRegister(SHUNT_VOLTAGE));
    }

    /** Current register scaled by the calibrated current LSB. */
    public double currentA() {
        checkCalibrated();
        return currentFor(readRegister(CURRENT), currentLsbA);
    }

    /** Power register scaled by the calibrated power LSB. */
    public double powerW() {
        checkCalibrated();
        return powerFor(readRegister(POWER), currentLsbA);
    }

    public int manufacturerId() {
        return readRegister(MANUFACTURER_ID);
    }

    public int dieId() {
        return readRegister(DIE_ID);
    }

    /** Reads Mask/Enable. Reading clears CVRF and, in latch mode, AFF (datasheet 7.6.1.7). */
    public int readMaskEnable() {
        return readRegister(MASK_ENABLE);
    }

    /** True when a conversion completed since the last Mask/Enable read (which this read clears). */
    public boolean conversionReady() {
        return (readMaskEnable() & ME_CVRF) != 0;
    }

    /** Writes Mask/Enable (writable bits only: alert function, CNVR, APOL, LEN) and the alert limit. */
    public void configureAlert(int maskEnable, int limit) {
        if ((maskEnable & ~ME_WRITABLE) != 0) {
            throw new IllegalArgumentException("Mask/Enable may set only bits 0xFC03, got 0x" + Integer.toHexString(maskEnable));
        }
        checkValue(limit);
        writeRegister(ALERT_LIMIT, limit);
        writeRegister(MASK_ENABLE, maskEnable);
    }

    /** Shunt register (16-bit two's complement, as read or sign-extended) to volts. */
    public static double shuntVoltsFor(int raw) {
        return signed(raw) * SHUNT_LSB_V;
    }

    /** Bus register (unsigned) to volts: 0x2580 is 12.0 V. */
    public static double busVoltsFor(int raw) {
        checkValue(raw);
        return raw * BUS_LSB_V;
    }

    /** Current register (two's complement) to amperes for a given current LSB. */
    public static double currentFor(int raw, double currentLsbA) {
        return signed(raw) * currentLsbA;
    }

    /** Power register (unsigned) to watts for a given current LSB (power LSB = 25 x current LSB). */
    public static double powerFor(int raw, double currentLsbA) {
        checkValue(raw);
        return raw * POWER_LSB_PER_CURRENT_LSB * currentLsbA;
    }

    /** Equation 1, truncated to an integer: CAL = 0.00512 / (currentLsb x shunt). */
    public static int calibrationFor(double currentLsbA, double shuntOhm) {
        if (!(currentLsbA > 0) || !(shuntOhm > 0)) {
            throw new IllegalArgumentException("current LSB and shunt must be positive, got " + currentLsbA + ", " + shuntOhm);
        }
        double cal = CAL_CONSTANT / (currentLsbA * shuntOhm);
        if (!(cal >= 1) || cal > CALIBRATION_MASK) {
            throw new IllegalArgumentException(String.format(
                    "calibration %.1f out of 1..32767 for current LSB %g A and shunt %g ohm", cal, currentLsbA, shuntOhm));
        }
        // A product like 0.00512 / (0.001 x 0.002) may land a hair under its integer: do not truncate that away.
        return (int) Math.floor(cal + 1e-6);
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
        if (register != CONFIGURATION && register != CALIBRATION && register != MASK_ENABLE && register != ALERT_LIMIT) {
            throw new IllegalArgumentException(String.format("INA226 register 0x%02X is read-only", register));
        }
        checkValue(value16);
        frame[0] = (byte) register;
        frame[1] = (byte) (value16 >>> 8);
        frame[2] = (byte) value16;
        bus.write(address, frame, 0, 3);
    }

    private void checkCalibrated() {
        if (currentLsbA == 0) {
            throw new IllegalStateException("INA226 at 0x" + Integer.toHexString(address) + " not calibrated: call calibrate()");
        }
    }

    private static int signed(int raw) {
        if (raw < Short.MIN_VALUE || raw > 0xFFFF) {
            throw new IllegalArgumentException("raw INA226 value must fit 16 bits, got " + raw);
        }
        return (short) raw;
    }

    private static void checkValue(int value16) {
        if ((value16 & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("INA226 register value must fit 16 bits, got 0x" + Integer.toHexString(value16));
        }
    }

    private static void checkRegister(int register) {
        if (!(register >= CONFIGURATION && register <= ALERT_LIMIT) && register != MANUFACTURER_ID && register != DIE_ID) {
            throw new IllegalArgumentException(String.format("INA226 has no register 0x%X", register));
        }
    }
}
