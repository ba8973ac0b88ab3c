package org.lightkeeper.firmware.grpc;

import org.lightkeeper.firmware.registers.RegisterTable;
import org.lightkeeper.hal.board.ChipType;
import org.lightkeeper.hal.chip.cmis.ElsfpMap;

/**
 * The shape rules of MaintenanceService.ReadRegister / WriteRegister on each I2C part: how many bytes
 * one access may move. Which registers exist and which are read-only come from the one register
 * table the rig tools use too ({@link RegisterTable}); this class only adds what a raw byte transfer
 * needs on top. Every check runs before any bus traffic and refuses with INVALID_ARGUMENT naming the
 * field and the limit.
 *
 * <ul>
 *   <li>TCA9548A (TI SCPS207, section 8.6): no register pointer; one control byte. Register must be 0.</li>
 *   <li>PCA9555 (NXP PCA9555 data sheet, section 6.2): a multi-byte transfer toggles within the register
 *       pair, so an access is one register or an aligned pair.</li>
 *   <li>TMP117, INA226: 16-bit registers whose pointer does not advance: exactly one register per access.</li>
 *   <li>ELSFP (CMIS 5.x chapter 8): a byte range within the lower page or an upper page named by
 *       {@code page}; a write moves at most 8 bytes (the CMIS write limit).</li>
 * </ul>
 */
final class RegisterMaps {
    /** CMIS: a host write moves at most this many bytes in one transaction. */
    static final int CMIS_MAX_WRITE = 8;
    private static final int UPPER = RegisterTable.CMIS_UPPER;
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
        if (chip == ChipType.ELSFP) {
            return elsfp(register, length == 0 ? 1 : length, page, write, lengthField);
        }
        RegisterTable.PartMap map = RegisterTable.of(chip);
        if (map.pointerless() && register != 0) {
            throw Statuses.invalid("register", "a " + chip.yamlName() + " has no register pointer, only its control byte:"
                    + " register must be 0, got " + Integer.toUnsignedString(register));
        }
        RegisterTable.Reg reg = table(map, register, write);
        int n = length == 0 ? reg.width() : length;
        if (map.pointerless()) {
            if (n > 1) {
                throw Statuses.invalid(lengthField, "a " + chip.yamlName() + " has one control byte: at most 1 byte, got " + n);
            }
            return new Access(0, 1, -1, true);
        }
        if (reg.width() == 2) {
            if (n != 2) {
                throw Statuses.invalid(lengthField, "a " + chip.yamlName() + " register is 16 bits and its pointer does "
                        + "not advance: exactly 2 bytes (MSB first), got " + n);
            }
            return new Access(register, 2, -1, false);
        }
        // Byte registers in pairs (PCA9555): a transfer toggles within the pair.
        if (n > 2 || (n == 2 && register % 2 != 0)) {
            throw Statuses.invalid(lengthField, "a " + chip.yamlName() + " transfer toggles within its register pair"
                    + " (0-1, 2-3, 4-5, 6-7): at most 2 bytes from an even register, 1 from an odd one; got "
                    + n + " from register " + register);
        }
        if (n == 2) {
            table(map, register + 1, write);
        }
        return new Access(register, n, -1, false);
    }

    /** The register from the shared table, refused as the table says (unknown, reserved, read-only). */
    private static RegisterTable.Reg table(RegisterTable.PartMap map, int register, boolean write) {
        try {
            RegisterTable.Reg reg = RegisterTable.check(map, register, false, 0);
            if (write && reg.access() == RegisterTable.Access.RO) {
                throw new IllegalArgumentException(String.format("%s register 0x%02X (%s) is read-only (%s)",
                        map.part(), register, reg.name(), map.source()));
            }
            return reg;
        } catch (IllegalArgumentException e) {
            throw Statuses.invalid("register", e.getMessage());
        }
    }

    private static Access elsfp(int register, int n, Integer page, boolean write, String lengthField) {
        if (register < 0 || register >= PAGE_END) {
            throw Statuses.invalid("register", "elsfp (CMIS byte address) registers are 0-255, got "
                    + Integer.toUnsignedString(register));
        }
        if (register < UPPER && page != null) {
            throw Statuses.invalid("page", "applies to upper-page registers 128-255 only; leave it unset for "
                    + "lower-page register " + register);
        }
        if (register >= UPPER && page == null) {
            throw Statuses.invalid("page", "required for upper-page register " + register + ": one of 0x00, 0x1A, 0x1B");
        }
        int end = register < UPPER ? UPPER : PAGE_END;
        if (register + n > end) {
            throw Statuses.invalid(lengthField, n + " bytes from register " + register + " run past byte " + (end - 1)
                    + (end == UPPER ? " (the end of the lower page)" : " (the end of the page)") + ": at most "
                    + (end - register));
        }
        if (write && n > CMIS_MAX_WRITE) {
            throw Statuses.invalid(lengthField, "a CMIS write moves at most " + CMIS_MAX_WRITE + " bytes, got " + n);
        }
        int p = page == null ? -1 : page;
        try {
            RegisterTable.checkCmis(page == null ? 0 : page, 0, register, n, write);
        } catch (IllegalArgumentException e) {
            throw Statuses.invalid(page != null && e.getMessage().startsWith("page") ? "page" : "register", e.getMessage());
        }
        return new Access(register, n, p, false);
    }

    /** The 3-byte write that selects bank 0 and {@code page} (CMIS 8.2: BankSelect at 126, PageSelect at 127). */
    static byte[] pageSelect(int page) {
        return new byte[] {(byte) ElsfpMap.BANK_SELECT.offset(), 0, (byte) page};
    }
}
