package org.lightkeeper.hal.chip.cmis;

/**
 * The ELSFP register table, shared by the {@link CmisModule} driver and the simulator's emulator, plus
 * pure conversions between raw register values and engineering units. Multi-byte values are big-endian
 * (CMIS 5.x section 8.1.1). Offsets: lower page and page 00h from CMIS 5.x chapter 8; pages 1Ah and
 * 1Bh from the OIF ELSFP CMIS implementation agreement (OIF-ELSFP-CMIS-01.0). The table with sources
 * is in {@code docs/elsfp-map.md}.
 */
public final class ElsfpMap {
    /** One register field: {@code page} is {@link #LOWER} for the lower page, else the upper page number. */
    public record Field(String name, int page, int offset, int size) {
        /** Offset of lane {@code lane}'s element in a per-lane array of {@code size / 8}-byte elements. */
        public int laneOffset(int lane) {
            return offset + lane * (size / LANES_PER_BANK);
        }
    }

    public static final int LOWER = -1;
    public static final int PAGE_00 = 0x00;
    public static final int PAGE_1A = 0x1A;
    public static final int PAGE_1B = 0x1B;

    /** Management address (CMIS 5.x section 5.2). */
    public static final int I2C_ADDRESS = 0x50;
    /** SFF-8024 identifier of an ELSFP module. */
    public static final int IDENTIFIER_ELSFP = 0x22;
    public static final int LANES_PER_BANK = 8;

    // ---- lower page (CMIS 5.x section 8.2) ----
    public static final Field IDENTIFIER = new Field("Identifier", LOWER, 0, 1);
    public static final Field REVISION = new Field("RevisionCompliance", LOWER, 1, 1);
    /** Byte 3: bits 3-1 ModuleState, bit 0 Interrupt_Deasserted (1 = IntL not asserted). */
    public static final Field MODULE_STATE = new Field("ModuleState", LOWER, 3, 1);
    public static final int MODULE_STATE_SHIFT = 1;
    public static final int MODULE_STATE_MASK = 0x0E;
    public static final int INTERRUPT_DEASSERTED = 0x01;
    /** Byte 8 bit 0: L-ModuleStateChanged, latched, clear on read. */
    public static final Field MODULE_FLAGS = new Field("ModuleFlags", LOWER, 8, 1);
    public static final int MODULE_STATE_CHANGED = 0x01;
    public static final Field TEMPERATURE = new Field("TempMonValue", LOWER, 14, 2);
    public static final Field VCC = new Field("VccMonVoltage", LOWER, 16, 2);
    /** Byte 26, module global controls (CMIS 5.x section 8.2.6, Table 8-10). */
    public static final Field MODULE_CONTROL = new Field("ModuleGlobalControls", LOWER, 26, 1);
    public static final int LOW_PWR_ALLOW_REQUEST_HW = 0x40;
    public static final int LOW_PWR_REQUEST_SW = 0x10;
    public static final int SOFTWARE_RESET = 0x08;
    /** Power-on value of byte 26: LowPwrAllowRequestHW set, LowPwrRequestSW clear. */
    public static final int MODULE_CONTROL_DEFAULT = LOW_PWR_ALLOW_REQUEST_HW;
    public static final Field BANK_SELECT = new Field("BankSelect", LOWER, 126, 1);
    public static final Field PAGE_SELECT = new Field("PageSelect", LOWER, 127, 1);

    // ---- page 00h (CMIS 5.x section 8.3), ASCII, space padded ----
    public static final Field VENDOR_NAME = new Field("VendorName", PAGE_00, 129, 16);
    public static final Field VENDOR_OUI = new Field("VendorOUI", PAGE_00, 145, 3);
    public static final Field VENDOR_PN = new Field("VendorPN", PAGE_00, 148, 16);
    public static final Field VENDOR_REV = new Field("VendorRev", PAGE_00, 164, 2);
    public static final Field VENDOR_SN = new Field("VendorSN", PAGE_00, 166, 16);

    // ---- page 1Ah, advertisements, flags, controls (OIF-ELSFP-CMIS-01.0 Tables 4-10) ----
    public static final Field MAX_POWER = new Field("MaxOpticalPower", PAGE_1A, 128, 2);
    public static final Field MIN_POWER = new Field("MinOpticalPower", PAGE_1A, 130, 2);
    public static final Field MAX_BIAS = new Field("MaxLaserBias", PAGE_1A, 132, 2);
    public static final Field MIN_BIAS = new Field("MinLaserBias", PAGE_1A, 134, 2);
    /** Byte 140: bit 0 control mode (1 APC, 0 ACC), bits 7-1 number of lanes. */
    public static final Field CONTROL_MODE = new Field("ControlModeAndLaneCount", PAGE_1A, 140, 1);
    public static final int CONTROL_MODE_APC = 0x01;
    public static final int LANE_COUNT_SHIFT = 1;
    public static final Field BIAS_HIGH_ALARM = new Field("BiasHighAlarm", PAGE_1A, 141, 2);
    public static final Field BIAS_LOW_ALARM = new Field("BiasLowAlarm", PAGE_1A, 143, 2);
    public static final Field BIAS_HIGH_WARNING = new Field("BiasHighWarning", PAGE_1A, 145, 2);
    public static final Field BIAS_LOW_WARNING = new Field("BiasLowWarning", PAGE_1A, 147, 2);
    public static final Field POWER_HIGH_ALARM = new Field("OptPowerHighAlarm", PAGE_1A, 149, 2);
    public static final Field POWER_LOW_ALARM = new Field("OptPowerLowAlarm", PAGE_1A, 151, 2);
    public static final Field POWER_HIGH_WARNING = new Field("OptPowerHighWarning", PAGE_1A, 153, 2);
    public static final Field POWER_LOW_WARNING = new Field("OptPowerLowWarning", PAGE_1A, 155, 2);
    /** All eight thresholds in one 16-byte block. */
    public static final Field THRESHOLDS = new Field("Thresholds", PAGE_1A, 141, 16);
    /** Byte 165: bit 2 any lane fault, bit 3 any lane warning (live summary, not latched). */
    public static final Field LANE_SUMMARY = new Field("LaneSummary", PAGE_1A, 165, 1);
    public static final int SUMMARY_FAULT = 0x04;
    public static final int SUMMARY_WARNING = 0x08;
    /** Bytes 166-193 cover every latched {@link LaneFlag}; read in one transaction. */
    public static final Field LANE_FLAG_BLOCK = new Field("LaneFlagBlock", PAGE_1A, 166, 28);
    /** Per-lane fault code (bits 3-0) and warning code (bits 7-4), bytes 212-219. */
    public static final Field LANE_CODES = new Field("LaneFaultWarningCodes", PAGE_1A, 212, 8);
    public static final int FAULT_CODE_APC_LOOP = 1;
    public static final int FAULT_CODE_ACC_LOOP = 2;
    public static final Field LANE_ENABLE = new Field("LaneEnable", PAGE_1A, 220, 1);
    /** Two bits per lane: byte 221 lanes 0-3, byte 222 lanes 4-7, lane n at bits 2(n%4)+1..2(n%4). */
    public static final Field LANE_STATE = new Field("LaneState", PAGE_1A, 221, 2);
    /** U16 per lane, 5 GHz units, read-only. */
    public static final Field LANE_FREQUENCY = new Field("LaneFrequency", PAGE_1A, 232, 16);

    // ---- page 1Bh, setpoints and monitors (OIF-ELSFP-CMIS-01.0 Tables 11-12) ----
    public static final Field BIAS_SETPOINT = new Field("BiasCurrentSetpoint", PAGE_1B, 128, 16);
    public static final Field POWER_SETPOINT = new Field("OptPowerSetpoint", PAGE_1B, 144, 16);
    public static final Field BIAS_MONITOR = new Field("BiasCurrentMonitor", PAGE_1B, 184, 16);
    public static final Field POWER_MONITOR = new Field("OptPowerMonitor", PAGE_1B, 200, 16);

    // ---- units ----
    public static final double TEMPERATURE_LSB_C = 1.0 / 256.0;
    public static final double VCC_LSB_V = 100e-6;
    public static final double FREQUENCY_LSB_GHZ = 5.0;
    public static final double BIAS_LSB_MA = 0.1;
    public static final double POWER_LSB_MW = 0.01;
    public static final double BIAS_MAX_MA = 0xFFFF * BIAS_LSB_MA;
    public static final double POWER_MAX_MW = 0xFFFF * POWER_LSB_MW;
    /** Speed of light in vacuum, m/s; lambda[nm] = C / f[GHz]. */
    public static final double SPEED_OF_LIGHT = 299_792_458.0;

    private ElsfpMap() {
    }

    public static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    public static int s16(byte[] b, int at) {
        return (short) u16(b, at);
    }

    public static void putU16(byte[] b, int at, int value) {
        b[at] = (byte) (value >> 8);
        b[at + 1] = (byte) value;
    }

    public static double temperatureC(int rawS16) {
        return rawS16 * TEMPERATURE_LSB_C;
    }

    public static int rawTemperature(double celsius) {
        return clamp((int) Math.round(celsius / TEMPERATURE_LSB_C), Short.MIN_VALUE, Short.MAX_VALUE) & 0xFFFF;
    }

    public static double vccVolts(int rawU16) {
        return rawU16 * VCC_LSB_V;
    }

    public static int rawVcc(double volts) {
        return clamp((int) Math.round(volts / VCC_LSB_V), 0, 0xFFFF);
    }

    public static double frequencyGhz(int rawU16) {
        return rawU16 * FREQUENCY_LSB_GHZ;
    }

    public static int rawFrequency(double ghz) {
        return clamp((int) Math.round(ghz / FREQUENCY_LSB_GHZ), 0, 0xFFFF);
    }

    public static double biasMa(int rawU16) {
        return rawU16 * BIAS_LSB_MA;
    }

    /** Bias in mA to raw 100 uA units, saturating at the field's range (validate first where it matters). */
    public static int rawBias(double mA) {
        return clamp((int) Math.round(mA / BIAS_LSB_MA), 0, 0xFFFF);
    }

    public static double powerMw(int rawU16) {
        return rawU16 * POWER_LSB_MW;
    }

    /** Power in mW to raw 10 uW units, saturating at the field's range. */
    public static int rawPower(double mW) {
        return clamp((int) Math.round(mW / POWER_LSB_MW), 0, 0xFFFF);
    }

    public static double wavelengthNm(double frequencyGhz) {
        return SPEED_OF_LIGHT / frequencyGhz;
    }

    public static CmisModuleState moduleState(int byte3) {
        return CmisModuleState.fromCode((byte3 & MODULE_STATE_MASK) >> MODULE_STATE_SHIFT);
    }

    /** Byte offset (221 or 222) holding lane {@code lane}'s 2-bit state. */
    public static int laneStateOffset(int lane) {
        return LANE_STATE.offset() + lane / 4;
    }

    public static int laneStateShift(int lane) {
        return 2 * (lane % 4);
    }

    public static LaneStatus laneStatus(int laneStateByte, int lane) {
        return LaneStatus.fromCode(laneStateByte >> laneStateShift(lane) & 3);
    }

    /** Decodes a space-padded ASCII field, trailing spaces (and NULs) removed. */
    public static String ascii(byte[] b, int at, int length) {
        int end = at + length;
        while (end > at && (b[end - 1] == ' ' || b[end - 1] == 0)) {
            end--;
        }
        StringBuilder s = new StringBuilder(end - at);
        for (int i = at; i < end; i++) {
            int c = b[i] & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return s.toString();
    }

    /** Encodes {@code text} space padded into {@code length} bytes; refuses non-ASCII or too long text. */
    public static void putAscii(byte[] b, int at, int length, String text) {
        if (text.length() > length) {
            throw new IllegalArgumentException("'" + text + "' longer than " + length + " characters");
        }
        for (int i = 0; i < length; i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (c < 0x20 || c >= 0x7F) {
                throw new IllegalArgumentException("'" + text + "' is not printable ASCII");
            }
            b[at + i] = (byte) c;
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
