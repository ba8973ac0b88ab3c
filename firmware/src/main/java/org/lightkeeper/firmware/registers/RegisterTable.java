package org.lightkeeper.firmware.registers;

import static org.lightkeeper.hal.chip.cmis.ElsfpMap.*;

import java.util.List;
import java.util.Locale;
import org.lightkeeper.hal.board.ChipType;
import org.lightkeeper.hal.chip.Ina226;
import org.lightkeeper.hal.chip.Pca9555;
import org.lightkeeper.hal.chip.Tca9548a;
import org.lightkeeper.hal.chip.Tmp117;
import org.lightkeeper.hal.chip.cmis.ElsfpMap;

/**
 * Per-part register limits for raw register access (the rig tools and MaintenanceService alike, one table): which registers exist, how wide they
 * are, and which may be written. Numbers come from the drivers' register constants, which cite the
 * datasheets; each table below names the datasheet section it follows. Every check here runs before
 * any bus traffic, so a refused request writes nothing.
 */
public final class RegisterTable {
    /** Lowest and highest 7-bit address a device may have (UM10204 rev. 7, section 3.1.12, Table 4). */
    public static final int FIRST_ADDRESS = 0x08;
    public static final int LAST_ADDRESS = 0x77;

    public enum Access { RO, RW }

    /**
     * One register. {@code width} in bytes (1 or 2, MSB first); {@code writableMask} the bits a write
     * may set (a write with other bits is refused), meaningful for RW registers only.
     */
    public record Reg(int address, String name, int width, Access access, int writableMask) {
        static Reg ro(int address, String name, int width) {
            return new Reg(address, name, width, Access.RO, 0);
        }

        static Reg rw(int address, String name, int width) {
            return new Reg(address, name, width, Access.RW, width == 2 ? 0xFFFF : 0xFF);
        }

        static Reg rw(int address, String name, int width, int mask) {
            return new Reg(address, name, width, Access.RW, mask);
        }
    }

    /**
     * The map of one part. {@code pointerless}: the part has no register pointer (the TCA9548A: one
     * control register, read and written as a bare byte), shown as register 0.
     */
    public record PartMap(String part, String source, boolean pointerless, List<Reg> registers) {
        public Reg find(int address) {
            for (Reg r : registers) {
                if (r.address() == address) {
                    return r;
                }
            }
            return null;
        }
    }

    /** TI TCA9548A, datasheet SCPS207 section 8.6 "Control Register": one byte, no pointer. */
    public static final PartMap TCA9548A = new PartMap("TCA9548A", "SCPS207 8.6", true,
            List.of(Reg.rw(0, "Control (bit n connects channel n, " + Tca9548a.CHANNELS + " channels)", 1)));

    /** NXP PCA9555, product data sheet section 6.2 "Registers", Table 4 (command byte). Input ports are read-only. */
    public static final PartMap PCA9555 = new PartMap("PCA9555", "PCA9555 data sheet 6.2 Table 4", false, List.of(
            Reg.ro(Pca9555.INPUT_PORT_0, "Input port 0", 1),
            Reg.ro(Pca9555.INPUT_PORT_1, "Input port 1", 1),
            Reg.rw(Pca9555.OUTPUT_PORT_0, "Output port 0", 1),
            Reg.rw(Pca9555.OUTPUT_PORT_1, "Output port 1", 1),
            Reg.rw(Pca9555.POLARITY_INVERSION_0, "Polarity inversion port 0", 1),
            Reg.rw(Pca9555.POLARITY_INVERSION_1, "Polarity inversion port 1", 1),
            Reg.rw(Pca9555.CONFIGURATION_0, "Configuration port 0", 1),
            Reg.rw(Pca9555.CONFIGURATION_1, "Configuration port 1", 1)));

    /**
     * TI TMP117, datasheet SNOSD82 section 7.6 "Register Map" (Table 7-3): 16-bit registers; Temp_Result
     * and Device_ID read-only; pointers 0x09-0x0E are reserved and refused.
     */
    public static final PartMap TMP117 = new PartMap("TMP117", "SNOSD82 7.6 Register Map", false, List.of(
            Reg.ro(Tmp117.TEMP_RESULT, "Temp_Result", 2),
            Reg.rw(Tmp117.CONFIGURATION, "Configuration", 2),
            Reg.rw(Tmp117.THIGH_LIMIT, "THigh_Limit", 2),
            Reg.rw(Tmp117.TLOW_LIMIT, "TLow_Limit", 2),
            Reg.rw(Tmp117.EEPROM_UL, "EEPROM_UL", 2),
            Reg.rw(Tmp117.EEPROM1, "EEPROM1", 2),
            Reg.rw(Tmp117.EEPROM2, "EEPROM2", 2),
            Reg.rw(Tmp117.TEMP_OFFSET, "Temp_Offset", 2),
            Reg.rw(Tmp117.EEPROM3, "EEPROM3", 2),
            Reg.ro(Tmp117.DEVICE_ID, "Device_ID", 2)));

    /**
     * TI INA226, datasheet SBOS547 section 7.6 "Register Maps": 16-bit registers; shunt, bus, power,
     * current and the two ID registers read-only; Calibration bit 15 and the read-only bits of
     * Mask/Enable may not be written.
     */
    public static final PartMap INA226 = new PartMap("INA226", "SBOS547 7.6 Register Maps", false, List.of(
            Reg.rw(Ina226.CONFIGURATION, "Configuration", 2),
            Reg.ro(Ina226.SHUNT_VOLTAGE, "Shunt Voltage", 2),
            Reg.ro(Ina226.BUS_VOLTAGE, "Bus Voltage", 2),
            Reg.ro(Ina226.POWER, "Power", 2),
            Reg.ro(Ina226.CURRENT, "Current", 2),
            Reg.rw(Ina226.CALIBRATION, "Calibration", 2, Ina226.CALIBRATION_MASK),
            Reg.rw(Ina226.MASK_ENABLE, "Mask/Enable", 2, Ina226.ME_WRITABLE),
            Reg.rw(Ina226.ALERT_LIMIT, "Alert Limit", 2),
            Reg.ro(Ina226.MANUFACTURER_ID, "Manufacturer ID", 2),
            Reg.ro(Ina226.DIE_ID, "Die ID", 2)));

    /** A part the board file does not name: byte registers 0x00-0xFF, any of them writable (the engineer's call). */
    public static final PartMap GENERIC = new PartMap("unknown part", "none (8-bit pointer assumed)", false, generic());

    private static List<Reg> generic() {
        Reg[] r = new Reg[256];
        for (int i = 0; i < 256; i++) {
            r[i] = Reg.rw(i, "byte", 1);
        }
        return List.of(r);
    }

    /**
     * ELSFP (CMIS 5.x lower page and page 00h, chapter 8; pages 1Ah/1Bh of OIF-ELSFP-CMIS-01.0, offsets
     * from {@link ElsfpMap}): the pages the driver and emulator implement, and the fields a host may
     * write. BankSelect/PageSelect (126-127) are written by the rig itself from --bank/--page.
     */
    public static final List<Integer> CMIS_PAGES = List.of(PAGE_00, PAGE_1A, PAGE_1B);
    public static final List<Field> CMIS_FIELDS = List.of(IDENTIFIER, REVISION, MODULE_STATE, MODULE_FLAGS, TEMPERATURE,
            VCC, MODULE_CONTROL, BANK_SELECT, PAGE_SELECT, VENDOR_NAME, VENDOR_OUI, VENDOR_PN, VENDOR_REV, VENDOR_SN,
            MAX_POWER, MIN_POWER, MAX_BIAS, MIN_BIAS, CONTROL_MODE, THRESHOLDS, LANE_SUMMARY, LANE_FLAG_BLOCK,
            LANE_CODES, LANE_ENABLE, LANE_STATE, LANE_FREQUENCY, BIAS_SETPOINT, POWER_SETPOINT, BIAS_MONITOR,
            POWER_MONITOR);
    public static final List<Field> CMIS_WRITABLE = List.of(MODULE_CONTROL, CONTROL_MODE, LANE_ENABLE, BIAS_SETPOINT,
            POWER_SETPOINT);
    /** Upper pages start here; below is the lower page, the same whatever page is selected. */
    public static final int CMIS_UPPER = 128;

    private RegisterTable() {
    }

    /** The map of a part; {@code null} part: {@link #GENERIC}. ELSFP has its own checks ({@link #checkCmis}). */
    public static PartMap of(ChipType part) {
        if (part == null) {
            return GENERIC;
        }
        return switch (part) {
            case TCA9548A -> TCA9548A;
            case PCA9555 -> PCA9555;
            case TMP117 -> TMP117;
            case INA226 -> INA226;
            case ELSFP -> throw new IllegalStateException("ELSFP is paged: use checkCmis");
            default -> throw new IllegalArgumentException(part + " is an SPI part; rig read/write cover I2C chips");
        };
    }

    public static void checkAddress(int address) {
        if (address < FIRST_ADDRESS || address > LAST_ADDRESS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "I2C address 0x%02X is outside 0x%02X-0x%02X (0x00-0x07 and 0x78-0x7F are reserved, "
                            + "UM10204 section 3.1.12)", address, FIRST_ADDRESS, LAST_ADDRESS));
        }
    }

    /** The register {@code reg} of {@code map}, checked for existence and, for a write, access and value. */
    public static Reg check(PartMap map, int reg, boolean write, long value) {
        Reg r = map.find(reg);
        if (r == null) {
            int last = map.registers().get(map.registers().size() - 1).address();
            boolean reserved = reg >= 0 && reg < last;
            throw new IllegalArgumentException(String.format(Locale.ROOT, "register 0x%02X is %s of the %s (%s): "
                            + "registers are %s", reg, reserved ? "reserved in the map" : "past the map", map.part(),
                    map.source(), list(map)));
        }
        if (write) {
            if (r.access() == Access.RO) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s register 0x%02X (%s) is read-only (%s)",
                        map.part(), reg, r.name(), map.source()));
            }
            if (value < 0 || (value & ~(long) r.writableMask()) != 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "value 0x%X does not fit %s register 0x%02X (%s): writable bits 0x%0" + 2 * r.width() + "X",
                        value, map.part(), reg, r.name(), r.writableMask()));
            }
        }
        return r;
    }

    /** The map's registers as ranges: "0x00-0x08, 0x0F". */
    private static String list(PartMap map) {
        if (map == GENERIC) {
            return "0x00-0xFF";
        }
        StringBuilder b = new StringBuilder();
        List<Reg> regs = map.registers();
        for (int k = 0; k < regs.size(); k++) {
            int first = regs.get(k).address();
            int last = first;
            while (k + 1 < regs.size() && regs.get(k + 1).address() == last + 1) {
                last = regs.get(++k).address();
            }
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "0x%02X", first));
            if (last != first) {
                b.append(String.format(Locale.ROOT, "-0x%02X", last));
            }
        }
        return b.toString();
    }

    /**
     * Checks a CMIS byte range {@code [offset, offset + count)} on {@code page}, for reading, or for
     * writing {@code count} bytes; returns the name of the field at {@code offset} (or "byte").
     */
    public static String checkCmis(int page, int bank, int offset, int count, boolean write) {
        if (count < 1) {
            throw new IllegalArgumentException("byte count must be at least 1, got " + count);
        }
        if (offset < 0 || offset + count > 256) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "CMIS byte offsets are 0-255; %d..%d is past "
                    + "the map (CMIS 5.x section 8.1)", offset, offset + count - 1));
        }
        if (offset < CMIS_UPPER && offset + count > CMIS_UPPER) {
            throw new IllegalArgumentException("a CMIS access must stay in the lower page (0-127) or the upper page "
                    + "(128-255), got " + offset + ".." + (offset + count - 1));
        }
        boolean upper = offset >= CMIS_UPPER;
        if (upper && !CMIS_PAGES.contains(page)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "page %02Xh is not in the ELSFP map "
                    + "(implemented: 00h, 1Ah, 1Bh)", page));
        }
        if (bank < 0 || bank > 3) {
            throw new IllegalArgumentException("bank must be 0-3 (32 lanes = 4 banks), got " + bank);
        }
        int pageOfOffset = upper ? page : LOWER;
        if (write) {
            for (int o = offset; o < offset + count; o++) {
                Field f = fieldAt(pageOfOffset, o);
                if (f == BANK_SELECT || f == PAGE_SELECT) {
                    throw new IllegalArgumentException("BankSelect/PageSelect (lower page 126-127) are written by the "
                            + "rig from --bank/--page; give those instead");
                }
                if (f == null || !CMIS_WRITABLE.contains(f)) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "%s byte %d (%s) is read-only for the "
                                    + "host (ELSFP map: writable fields are %s)", upper ? String.format(Locale.ROOT,
                                    "page %02Xh", page) : "lower page", o, f == null ? "not a host field" : f.name(),
                            writableNames()));
                }
            }
        }
        Field f = fieldAt(pageOfOffset, offset);
        return f == null ? "byte" : f.name();
    }

    private static String writableNames() {
        StringBuilder b = new StringBuilder();
        for (Field f : CMIS_WRITABLE) {
            b.append(b.length() == 0 ? "" : ", ").append(f.name())
                    .append(f.page() == LOWER ? " (lower " : String.format(Locale.ROOT, " (%02Xh ", f.page()))
                    .append(f.offset()).append(f.size() > 1 ? "-" + (f.offset() + f.size() - 1) : "").append(')');
        }
        return b.toString();
    }

    /** The ELSFP field covering {@code offset} of {@code page} ({@link ElsfpMap#LOWER} for the lower page), or null. */
    public static Field fieldAt(int page, int offset) {
        for (Field f : CMIS_FIELDS) {
            if (f.page() == page && offset >= f.offset() && offset < f.offset() + f.size()) {
                return f;
            }
        }
        return null;
    }

    /** Parses 0x1F, 1Fh or decimal. */
    public static int parseNumber(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("0x")) {
            return Integer.parseInt(t.substring(2), 16);
        }
        if (t.endsWith("h")) {
            return Integer.parseInt(t.substring(0, t.length() - 1), 16);
        }
        return Integer.parseInt(t);
    }
}
