package org.lightkeeper.sim.chip;

import static org.lightkeeper.hal.chip.Ina226.*;

import java.util.function.DoubleSupplier;

import org.lightkeeper.hal.chip.Ina226.Averaging;
import org.lightkeeper.hal.chip.Ina226.ConversionTime;
import org.lightkeeper.hal.chip.Ina226.Mode;
import org.lightkeeper.hal.time.Clock;
import org.lightkeeper.sim.bus.I2cTarget;

/**
 * Emulated TI INA226 power monitor (datasheet SBOS547, 7.6 "Register Maps", 7.5 "Programming"),
 * sharing the driver's register table. A write sets the register pointer and, with two more bytes,
 * writes that register MSB first; a read returns the pointed-to register MSB first. Any pointer
 * outside 00h-07h, FEh, FFh NAKs.
 *
 * Data written to a read-only register is acknowledged and dropped.
 *
 * <p>At the end of each conversion the part samples the supplied bus voltage and current: shunt
 * register = round(I x R_shunt / 2.5 uV) clamped to s16 (+-81.92 mV), bus register =
 * round(V / 1.25 mV) clamped to 0..0x7FFF; then current = shunt x CAL / 2048 (truncated toward
 * zero, assumed) and power = |current| x bus / 20000 (the power register is unsigned; truncated,
 * assumed). A result beyond its register sets OVF and is clamped. Current and power stay 0 until CAL
 * is written, and follow a new CAL only from the next conversion. Modes converting only one quantity
 * leave the other register as it was. Averaging is exact (no noise is modelled), so it only
 * stretches the conversion time.
 *
 * <p>Timing: with a {@link Clock}, a conversion of a continuous mode takes averages x (bus time +
 * shunt time) (only the converted quantities count); a triggered mode converts once after a
 * configuration write; the inputs are sampled when an access finds a conversion finished (the value
 * at access time, not at the finishing instant). Without a clock conversions take no time: every
 * access in a continuous mode finds a fresh conversion, and a triggered conversion is done at once.
 * CVRF is set at each conversion end, cleared by reading Mask/Enable or writing Configuration. AFF
 * follows the one enabled alert function of highest priority (SOL, SUL, BOL, BUL, POL) against the
 * alert limit at each conversion end: latched (LEN = 1) until Mask/Enable is read, else cleared by
 * the next conversion without the condition. RST in Configuration restores every register.
 */
public final class Ina226Sim implements I2cTarget {
    private final DoubleSupplier busVolts;
    private final DoubleSupplier currentA;
    private final double shuntOhm;
    private final Clock clock;

    private int pointer = CONFIGURATION;
    private int configuration;
    private int calibration;
    private int maskEnable; // writable bits plus AFF, CVRF, OVF
    private int alertLimit;
    private int shunt;
    private int busReg;
    private int current;
    private int power;
    private long modeStart;
    private long conversionsDone;
    private long conversions;

    /** Zero conversion time: see the class comment. */
    public Ina226Sim(DoubleSupplier busVolts, DoubleSupplier currentA, double shuntOhm) {
        this(busVolts, currentA, shuntOhm, null);
    }

    /** Conversions take their configured time on {@code clock} (null: no time, as the 3-argument form). */
    public Ina226Sim(DoubleSupplier busVolts, DoubleSupplier currentA, double shuntOhm, Clock clock) {
        if (busVolts == null || currentA == null) {
            throw new IllegalArgumentException("bus voltage and current suppliers must not be null");
        }
        if (!(shuntOhm > 0) || Double.isInfinite(shuntOhm)) {
            throw new IllegalArgumentException("shunt resistance must be positive and finite, got " + shuntOhm);
        }
        this.busVolts = busVolts;
        this.currentA = currentA;
        this.shuntOhm = shuntOhm;
        this.clock = clock;
        powerOn();
    }

    private void powerOn() {
        configuration = CONFIGURATION_RESET;
        calibration = 0;
        maskEnable = 0;
        alertLimit = 0;
        shunt = 0;
        busReg = 0;
        current = 0;
        power = 0;
        restartConversions();
    }

    private void restartConversions() {
        modeStart = clock == null ? 0 : clock.nanos();
        conversionsDone = 0;
        maskEnable &= ~ME_CVRF;
    }

    /** Volts across the shunt to the shunt register's 16-bit pattern: nearest LSB, clamped to s16. */
    public static int quantiseShunt(double volts) {
        return clamp(Math.round(volts / SHUNT_LSB_V), Short.MIN_VALUE, Short.MAX_VALUE) & 0xFFFF;
    }

    /** Bus volts to the bus register: nearest LSB, clamped to 0..0x7FFF (bit 15 is always 0). */
    public static int quantiseBus(double volts) {
        return clamp(Math.round(volts / BUS_LSB_V), 0, 0x7FFF);
    }

    private static int clamp(long v, int lo, int hi) {
        return (int) Math.max(lo, Math.min(hi, v));
    }

    @Override
    public synchronized void write(byte[] data, int offset, int length) {
        if (length == 0) {
            return;
        }
        int p = data[offset] & 0xFF;
        checkPointer(p);
        pointer = p;
        if (length < 3) {
            return; // pointer only (or half a word, ignored)
        }
        advance();
        int value = (data[offset + 1] & 0xFF) << 8 | (data[offset + 2] & 0xFF);
        switch (p) {
            case CONFIGURATION -> {
                if ((value & CONFIG_RST) != 0) {
                    powerOn();
                } else {
                    configuration = CONFIG_FIXED_ONES | (value & 0x0FFF);
                    restartConversions();
                }
            }
            case CALIBRATION -> calibration = value & CALIBRATION_MASK;
            case MASK_ENABLE -> maskEnable = (maskEnable & ~ME_WRITABLE) | (value & ME_WRITABLE);
            case ALERT_LIMIT -> alertLimit = value;
            default -> {
                // result and ID registers are read-only: the bytes are acknowledged and dropped
            }
        }
    }

    @Override
    public synchronized void read(byte[] buffer, int offset, int length) {
        advance();
        int value = registerValue(pointer);
        if (pointer == MASK_ENABLE) {
            maskEnable &= ~ME_CVRF;
            if ((maskEnable & ME_LEN) != 0) {
                maskEnable &= ~ME_AFF;
            }
        }
        for (int i = 0; i < length; i++) {
            buffer[offset + i] = (byte) (i % 2 == 0 ? value >>> 8 : value);
        }
    }

    private int registerValue(int p) {
        return switch (p) {
            case CONFIGURATION -> configuration;
            case SHUNT_VOLTAGE -> shunt;
            case BUS_VOLTAGE -> busReg;
            case POWER -> power;
            case CURRENT -> current;
            case CALIBRATION -> calibration;
            case MASK_ENABLE -> maskEnable;
            case ALERT_LIMIT -> alertLimit;
            case MANUFACTURER_ID -> MANUFACTURER_ID_VALUE;
            default -> DIE_ID_VALUE;
        };
    }

    /** Completes whatever conversions have finished by now. */
    private void advance() {
        Mode mode = Mode.fromBits(configuration);
        if (mode == Mode.POWER_DOWN) {
            return;
        }
        if (clock == null) {
            if (mode.continuous() || conversionsDone == 0) {
                conversionsDone++;
                convert(mode);
            }
            return;
        }
        long period = conversionNanos(configuration);
        long due = (clock.nanos() - modeStart) / period;
        if (!mode.continuous()) {
            due = Math.min(due, 1);
        }
        if (due > conversionsDone) {
            conversionsDone = due;
            convert(mode);
        }
    }

    /** Nanoseconds one conversion of configuration word {@code config} takes (0 in power-down). */
    public static long conversionNanos(int config) {
        Mode mode = Mode.fromBits(config);
        long t = 0;
        if (mode.convertsBus()) {
            t += ConversionTime.fromBits(config >>> CONFIG_VBUSCT_SHIFT).nanos();
        }
        if (mode.convertsShunt()) {
            t += ConversionTime.fromBits(config >>> CONFIG_VSHCT_SHIFT).nanos();
        }
        return t * Averaging.fromBits(config >>> CONFIG_AVG_SHIFT).count();
    }

    private void convert(Mode mode) {
        conversions++;
        boolean overflow = false;
        if (mode.convertsShunt()) {
            shunt = quantiseShunt(currentA.getAsDouble() * shuntOhm);
        }
        if (mode.convertsBus()) {
            busReg = quantiseBus(busVolts.getAsDouble());
        }
        long i = (long) (short) shunt * calibration / 2048;
        if (i > Short.MAX_VALUE || i < Short.MIN_VALUE) {
            overflow = true;
            i = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, i));
        }
        current = (int) i & 0xFFFF;
        long p = Math.abs(i) * busReg / 20000;
        if (p > 0xFFFF) {
            overflow = true;
            p = 0xFFFF;
        }
        power = (int) p;
        maskEnable = overflow ? maskEnable | ME_OVF : maskEnable & ~ME_OVF;
        maskEnable |= ME_CVRF;
        if (alertCondition()) {
            maskEnable |= ME_AFF;
        } else if ((maskEnable & ME_LEN) == 0) {
            maskEnable &= ~ME_AFF;
        }
    }

    private boolean alertCondition() {
        if ((maskEnable & ME_SOL) != 0) {
            return (short) shunt > (short) alertLimit;
        }
        if ((maskEnable & ME_SUL) != 0) {
            return (short) shunt < (short) alertLimit;
        }
        if ((maskEnable & ME_BOL) != 0) {
            return busReg > alertLimit;
        }
        if ((maskEnable & ME_BUL) != 0) {
            return busReg < alertLimit;
        }
        if ((maskEnable & ME_POL) != 0) {
            return power > alertLimit;
        }
        return false;
    }

    /** Logical state of the Alert pin (asserted = true, whatever APOL makes of it electrically). */
    public synchronized boolean alertAsserted() {
        return (maskEnable & ME_AFF) != 0 || ((maskEnable & ME_CNVR) != 0 && (maskEnable & ME_CVRF) != 0);
    }

    /** Conversions completed since power-on, for tests. */
    public synchronized long conversions() {
        return conversions;
    }

    public double shuntOhm() {
        return shuntOhm;
    }

    private static void checkPointer(int p) {
        if (!(p >= CONFIGURATION && p <= ALERT_LIMIT) && p != MANUFACTURER_ID && p != DIE_ID) {
            throw new Nak(p, String.format("INA226 has no register 0x%02X", p));
        }
    }
}
