package org.lightkeeper.sim.chip;

import static org.lightkeeper.hal.chip.cmis.ElsfpMap.*;

import org.lightkeeper.hal.chip.cmis.LaneFlag;

/**
 * Register storage of an emulated ELSFP: lower page and upper pages 00h, 1Ah, 1Bh (arrays indexed by
 * byte address 0-255), their power-on contents from the profile, and the flag/threshold helpers.
 */
final class ElsfpRegisters {
    /** CMIS revision reported in lower page byte 1 (5.2). */
    static final int CMIS_REVISION = 0x52;
    static final double VCC_VOLTS = 3.3;

    final byte[] lower = new byte[128];
    final byte[] page00 = new byte[256];
    final byte[] page1a = new byte[256];
    final byte[] page1b = new byte[256];
    private final ElsfpProfile profile;

    ElsfpRegisters(ElsfpProfile profile) {
        this.profile = profile;
        writeConstants();
        resetVolatile();
    }

    /** Power-on / reset values of every writable or live byte; identity and thresholds are untouched. */
    void resetVolatile() {
        lower[MODULE_FLAGS.offset()] = 0;
        lower[MODULE_CONTROL.offset()] = (byte) MODULE_CONTROL_DEFAULT;
        page1a[CONTROL_MODE.offset()] = (byte) (LANES_PER_BANK << LANE_COUNT_SHIFT | CONTROL_MODE_APC);
        for (int a = LANE_SUMMARY.offset(); a < 256; a++) {
            page1a[a] = 0; // flags, masks, codes, lane controls
        }
        for (int lane = 0; lane < LANES_PER_BANK; lane++) {
            putU16(page1a, LANE_FREQUENCY.laneOffset(lane), rawFrequency(profile.laneFrequencyGhz(lane)));
        }
        double bias = Math.min(profile.thresholdMa() + profile.defaultPowerMw() / profile.slopeWPerA(),
                profile.maxBiasMa());
        for (int lane = 0; lane < LANES_PER_BANK; lane++) {
            putU16(page1b, BIAS_SETPOINT.laneOffset(lane), rawBias(bias));
            putU16(page1b, POWER_SETPOINT.laneOffset(lane), rawPower(profile.defaultPowerMw()));
        }
    }

    boolean apc() {
        return (page1a[CONTROL_MODE.offset()] & CONTROL_MODE_APC) != 0;
    }

    double biasSetpoint(int lane) {
        return biasMa(u16(page1b, BIAS_SETPOINT.laneOffset(lane)));
    }

    double powerSetpoint(int lane) {
        return powerMw(u16(page1b, POWER_SETPOINT.laneOffset(lane)));
    }

    void latch(LaneFlag flag, int lane) {
        page1a[flag.offset()] |= (byte) (1 << lane);
    }

    /** Latches the threshold flags of an ON lane from its monitors. */
    void checkThresholds(int lane, double biasMa, double powerMw) {
        check(LaneFlag.HIGH_BIAS_ALARM, lane, biasMa > bias(BIAS_HIGH_ALARM));
        check(LaneFlag.LOW_BIAS_ALARM, lane, biasMa < bias(BIAS_LOW_ALARM));
        check(LaneFlag.HIGH_BIAS_WARNING, lane, biasMa > bias(BIAS_HIGH_WARNING));
        check(LaneFlag.LOW_BIAS_WARNING, lane, biasMa < bias(BIAS_LOW_WARNING));
        check(LaneFlag.HIGH_POWER_ALARM, lane, powerMw > power(POWER_HIGH_ALARM));
        check(LaneFlag.LOW_POWER_ALARM, lane, powerMw < power(POWER_LOW_ALARM));
        check(LaneFlag.HIGH_POWER_WARNING, lane, powerMw > power(POWER_HIGH_WARNING));
        check(LaneFlag.LOW_POWER_WARNING, lane, powerMw < power(POWER_LOW_WARNING));
    }

    private void check(LaneFlag flag, int lane, boolean condition) {
        if (condition) {
            latch(flag, lane);
        }
    }

    private double bias(Field f) {
        return biasMa(u16(page1a, f.offset()));
    }

    private double power(Field f) {
        return powerMw(u16(page1a, f.offset()));
    }

    /** Whether some unmasked latched flag is set (IntL asserted). */
    boolean interruptPending() {
        if ((lower[MODULE_FLAGS.offset()] & MODULE_STATE_CHANGED) != 0) {
            return true;
        }
        for (LaneFlag f : LaneFlag.values()) {
            int mask = f.maskOffset() < 0 ? 0 : page1a[f.maskOffset()];
            if ((page1a[f.offset()] & ~mask & 0xFF) != 0) {
                return true;
            }
        }
        return false;
    }

    static boolean isLaneFlagByte(int a) {
        for (LaneFlag f : LaneFlag.values()) {
            if (f.offset() == a) {
                return true;
            }
        }
        return false;
    }

    private void writeConstants() {
        lower[IDENTIFIER.offset()] = (byte) IDENTIFIER_ELSFP;
        lower[REVISION.offset()] = (byte) CMIS_REVISION;
        putU16(lower, TEMPERATURE.offset(), rawTemperature(profile.temperatureC()));
        putU16(lower, VCC.offset(), rawVcc(VCC_VOLTS));
        page00[128] = (byte) IDENTIFIER_ELSFP;
        putAscii(page00, VENDOR_NAME.offset(), VENDOR_NAME.size(), profile.vendorName());
        putAscii(page00, VENDOR_PN.offset(), VENDOR_PN.size(), profile.vendorPartNumber());
        putAscii(page00, VENDOR_REV.offset(), VENDOR_REV.size(), "A0");
        putAscii(page00, VENDOR_SN.offset(), VENDOR_SN.size(), profile.vendorSerialNumber());
        double p0 = profile.defaultPowerMw();
        double maxBias = profile.maxBiasMa();
        putU16(page1a, MAX_POWER.offset(), rawPower(profile.slopeWPerA() * (maxBias - profile.thresholdMa())));
        putU16(page1a, MIN_POWER.offset(), 0);
        putU16(page1a, MAX_BIAS.offset(), rawBias(maxBias));
        putU16(page1a, MIN_BIAS.offset(), 0);
        putU16(page1a, BIAS_HIGH_ALARM.offset(), rawBias(maxBias));
        putU16(page1a, BIAS_LOW_ALARM.offset(), 0);
        putU16(page1a, BIAS_HIGH_WARNING.offset(), rawBias(0.9 * maxBias));
        putU16(page1a, BIAS_LOW_WARNING.offset(), rawBias(profile.thresholdMa()));
        putU16(page1a, POWER_HIGH_ALARM.offset(), rawPower(2.0 * p0));            // +3 dB
        putU16(page1a, POWER_LOW_ALARM.offset(), rawPower(0.5 * p0));             // -3 dB
        putU16(page1a, POWER_HIGH_WARNING.offset(), rawPower(Math.pow(10, 0.15) * p0));  // +1.5 dB
        putU16(page1a, POWER_LOW_WARNING.offset(), rawPower(Math.pow(10, -0.15) * p0));  // -1.5 dB
    }
}
