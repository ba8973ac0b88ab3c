package org.lightkeeper.firmware.grpc;

import java.util.List;
import org.lightkeeper.hal.board.ChipType;
import org.lightkeeper.hal.chip.Ina226;
import org.lightkeeper.hal.chip.Pca9555;
import org.lightkeeper.hal.chip.Tmp117;
import org.lightkeeper.hal.chip.cmis.ElsfpMap;
import org.lightkeeper.hal.chip.cmis.LaneFlag;

/**
 * What raw register access (MaintenanceService.ReadRegister / WriteRegister) may touch on each I2C
 * part: the valid registers, how many bytes one access may move, and which registers are read-only.
 * Addresses are the drivers' own constants; only the access rules live here. Every check runs before
 * any bus traffic and refuses with INVALID_ARGUMENT naming the field and the limit.
 *
 * <ul>
 *   <li>TCA9548A (TI SCPS207, section 8.6 "Control Register"): no register pointer; one control byte,
 *       read and written bare. Register must be 0.</li>
 *   <li>PCA9555 (NXP PCA9555 data sheet, section 6.2 "Registers", Table 4): command bytes 0-7, 8-bit;
 *       a multi-byte transfer toggles within the register pair, so an access is one register or an
 *       aligned pair. Input ports 0 and 1 are read-only.</li>
 *   <li>TMP117 (TI SNOSD82, "Register Map"): pointers 0x00-0x08 and 0x0F (0x09-0x0E reserved),
 *       16-bit, MSB first, no auto-increment: exactly one register per access. Temp_Result and
 *       Device_ID are read-only.</li>
 *   <li>INA226 (TI SBOS547, section 7.6 "Register Maps"): pointers 0x00-0x07, 0xFE, 0xFF, 16-bit,
 *       one register per access. Shunt voltage, bus voltage, power, current, manufacturer and die ID
 *       are read-only.</li>
 *   <li>ELSFP (CMIS 5.x chapter 8, OIF-ELSFP-CMIS-01.0; docs/elsfp-map.md): byte addresses 0-127 of
 *       the lower page, 128-255 of the upper page named by {@code page} (00h, 1Ah or 1Bh, bank 0). An
 *       access stays within its half (lower or upper); a write moves at most 8 bytes (the CMIS write
 *       limit). Writable bytes are those the map defines as controls: lower 26 (global controls),
 *       126-127 (bank/page select); page 1Ah 140 (control mode), 198-205 (flag masks), 220 (lane
 *       enable); page 1Bh bias and power setpoints. Everything else is refused as read-only.</li>
 * </ul>
 */
final class RegisterMaps {
    /** CMIS: a host write moves at most this many bytes in one transaction. */
    static final int CMIS_MAX_WRITE = 8;
    /** The upper pages of {@link ElsfpMap}. */
    private static final List<Integer> ELSFP_PAGES = List.of(ElsfpMap.PAGE_00, ElsfpMap.PAGE_1A, ElsfpMap.PAGE_1B);
    private static final int UPPER = 128;
    private static final int PAGE_END = 256;

    private RegisterMaps() {
    }

    /**
     * One checked access. {@code page} is -1 unless an ELSFP upper page has to be selected first;
     * {@code pointerless} parts are read and written without a register byte.
     */
    record Access(int register, int length, int page, boolean pointerless) {
    }

    /** Checks a read of {@code length} bytes (0 = one register) at {@code register}. */
    static Access read(ChipType chip, int register, int length, Integer page) {
        return check(chip, register, length, page, false, "length");
    }

    /** Checks a write of {@code data} at {@code register}, read-only registers included. */
    static Access write(ChipType chip, int register, byte[] data, Integer page) {
        if (data.length == 0) {
            throw Statuses.invalid("data", "must hold at least one byte");
        }
        return check(chip, register, data.length, page, true, "data");
    }

    private static Access check(ChipType chip, int register, int length, Integer page, boolean write,
                                String lengthField) {
        if (length < 0 || length > PAGE_END) {
            throw Statuses.invalid(lengthField, "at most " + PAGE_END + " bytes (a whole CMIS page), got "
                    + Integer.toUnsignedString(length));
        }
        if (page != null && chip != ChipType.ELSFP) {
            throw Statuses.invalid("page", "only ELSFP modules have pages; leave it unset for a " + chip.yamlName());
        }
        return switch (chip) {
            case TCA9548A -> {
                if (register != 0) {
                    throw Statuses.invalid("register", "a tca9548a has no register pointer, only its control byte:"
                            + " register must be 0, got " + u(register));
                }
                if (length > 1) {
                    throw Statuses.invalid(lengthField, "a tca9548a has one control byte: at most 1 byte, got "
                            + length);
                }
                yield new Access(0, 1, -1, true);
            }
            case PCA9555 -> {
                range(register, Pca9555.INPUT_PORT_0, Pca9555.LAST_REGISTER, "pca9555");
                int n = length == 0 ? 1 : length;
                if (n > 2 || (n == 2 && register % 2 != 0)) {
                    throw Statuses.invalid(lengthField, "a pca9555 transfer toggles within its register pair"
                            + " (0-1, 2-3, 4-5, 6-7): at most 2 bytes from an even register, 1 from an odd one; got "
                            + n + " from register " + register);
                }
                if (write) {
                    readOnly(register, n, "pca9555", Pca9555.INPUT_PORT_0, Pca9555.INPUT_PORT_1);
                }
                yield new Access(register, n, -1, false);
            }
            case TMP117 -> {
                range(register, Tmp117.TEMP_RESULT, Tmp117.DEVICE_ID, "tmp117");
                if (register > Tmp117.EEPROM3 && register < Tmp117.DEVICE_ID) {
                    throw Statuses.invalid("register", String.format("tmp117 register 0x%02X is reserved"
                            + " (valid: 0x00-0x%02X and 0x%02X)", register, Tmp117.EEPROM3, Tmp117.DEVICE_ID));
                }
                int n = sixteenBit(length, lengthField, "tmp117");
                if (write) {
                    readOnly(register, 1, "tmp117", Tmp117.TEMP_RESULT, Tmp117.DEVICE_ID);
                }
                yield new Access(register, n, -1, false);
            }
            case INA226 -> {
                if (!(register >= Ina226.CONFIGURATION && register <= Ina226.ALERT_LIMIT)
                        && register != Ina226.MANUFACTURER_ID && register != Ina226.DIE_ID) {
                    throw Statuses.invalid("register", String.format("ina226 registers are 0x%02X-0x%02X, 0x%02X"
                            + " and 0x%02X, got %s", Ina226.CONFIGURATION, Ina226.ALERT_LIMIT, Ina226.MANUFACTURER_ID,
                            Ina226.DIE_ID, u(register)));
                }
                int n = sixteenBit(length, lengthField, "ina226");
                if (write) {
                    readOnly(register, 1, "ina226", Ina226.SHUNT_VOLTAGE, Ina226.BUS_VOLTAGE, Ina226.POWER,
                            Ina226.CURRENT, Ina226.MANUFACTURER_ID, Ina226.DIE_ID);
                }
                yield new Access(register, n, -1, false);
            }
            case ELSFP -> elsfp(register, length == 0 ? 1 : length, page, write, lengthField);
            default -> throw new IllegalStateException("not an I2C part: " + chip);
        };
    }

    private static Access elsfp(int register, int n, Integer page, boolean write, String lengthField) {
        range(register, 0, PAGE_END - 1, "elsfp (CMIS byte address)");
        int end;
        int p;
        if (register < UPPER) {
            if (page != null) {
                throw Statuses.invalid("page", "applies to upper-page registers 128-255 only; leave it unset for "
                        + "lower-page register " + register);
            }
            end = UPPER;
            p = -1;
        } else {
            if (page == null) {
                throw Statuses.invalid("page", "required for upper-page register " + register
                        + ": one of 0x00, 0x1A, 0x1B");
            }
            if (!ELSFP_PAGES.contains(page)) {
                throw Statuses.invalid("page", "the ELSFP map has upper pages 0x00, 0x1A and 0x1B, got 0x"
                        + Integer.toHexString(page).toUpperCase());
            }
            end = PAGE_END;
            p = page;
        }
        if (register + n > end) {
            throw Statuses.invalid(lengthField, n + " bytes from register " + register + " run past byte " + (end - 1)
                    + (end == UPPER ? " (the end of the lower page)" : " (the end of the page)") + ": at most "
                    + (end - register));
        }
        if (write) {
            if (n > CMIS_MAX_WRITE) {
                throw Statuses.invalid(lengthField, "a CMIS write moves at most " + CMIS_MAX_WRITE + " bytes, got " + n);
            }
            for (int a = register; a < register + n; a++) {
                if (!elsfpWritable(p, a)) {
                    throw Statuses.invalid("register", (p < 0 ? "lower page" : String.format("page %02Xh", p))
                            + " byte " + a + " is read-only (writable: lower 26, 126-127; page 1Ah 140, 198-205, 220;"
                            + " page 1Bh 128-159)");
                }
            }
        }
        return new Access(register, n, p, false);
    }

    private static boolean elsfpWritable(int page, int a) {
        if (page < 0) {
            return a == ElsfpMap.MODULE_CONTROL.offset() || a == ElsfpMap.BANK_SELECT.offset()
                    || a == ElsfpMap.PAGE_SELECT.offset();
        }
        if (page == ElsfpMap.PAGE_1A) {
            return a == ElsfpMap.CONTROL_MODE.offset() || a == ElsfpMap.LANE_ENABLE.offset()
                    || (a >= LaneFlag.HIGH_BIAS_ALARM.maskOffset() && a <= LaneFlag.LOW_POWER_WARNING.maskOffset());
        }
        if (page == ElsfpMap.PAGE_1B) {
            return within(a, ElsfpMap.BIAS_SETPOINT) || within(a, ElsfpMap.POWER_SETPOINT);
        }
        return false; // page 00h: identity and advertisements (CMIS 8.3)
    }

    private static boolean within(int a, ElsfpMap.Field f) {
        return a >= f.offset() && a < f.offset() + f.size();
    }

    private static int sixteenBit(int length, String field, String part) {
        if (length != 0 && length != 2) {
            throw Statuses.invalid(field, "a " + part + " register is 16 bits and its pointer does not advance:"
                    + " exactly 2 bytes (MSB first), got " + length);
        }
        return 2;
    }

    private static void range(int register, int min, int max, String part) {
        if (register < min || register > max) {
            throw Statuses.invalid("register", String.format("%s registers are 0x%02X-0x%02X, got %s", part, min, max,
                    u(register)));
        }
    }

    private static void readOnly(int register, int n, String part, int... readOnly) {
        for (int r = register; r < register + n; r++) {
            for (int ro : readOnly) {
                if (r == ro) {
                    throw Statuses.invalid("register", String.format("%s register 0x%02X is read-only", part, r));
                }
            }
        }
    }

    /** The 3-byte write that selects bank 0 and {@code page} (CMIS 8.2: BankSelect at 126, PageSelect at 127). */
    static byte[] pageSelect(int page) {
        return new byte[] {(byte) ElsfpMap.BANK_SELECT.offset(), 0, (byte) page};
    }

    private static String u(int v) {
        return v < 0 ? Integer.toUnsignedString(v) : String.format("0x%02X", v);
    }
}
