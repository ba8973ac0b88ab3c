package org.lightkeeper.firmware.rig;

import org.lightkeeper.firmware.registers.RegisterTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lightkeeper.hal.board.ChipType;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.NakException;
import org.lightkeeper.hal.chip.cmis.ElsfpMap;

/**
 * Raw register access for bring-up, bypassing the drivers: every request is checked against
 * {@link RegisterTable} first and refused with an IllegalArgumentException before any transaction,
 * then done in the part's own framing (pointerless byte, 8-bit pointer with 8- or 16-bit MSB-first
 * data, CMIS bank/page select in one 3-byte write then a pointer read).
 */
public final class RigRegisters {
    /** CMIS reads are split into chunks this long (what SMBus-limited adapters manage; any I2C adapter takes it). */
    public static final int CMIS_CHUNK = 32;

    private RigRegisters() {
    }

    public static boolean paged(RigTarget t) {
        return t.part() == ChipType.ELSFP;
    }

    /** Reads one register of a non-paged part. */
    public static int read(RigTarget t, int reg) {
        RegisterTable.PartMap map = RegisterTable.of(t.part());
        RegisterTable.Reg r = RegisterTable.check(map, reg, false, 0);
        return readChecked(t, map, r);
    }

    private static int readChecked(RigTarget t, RegisterTable.PartMap map, RegisterTable.Reg r) {
        I2cBus bus = t.segment().i2c();
        byte[] in = new byte[r.width()];
        if (map.pointerless()) {
            bus.read(t.address(), in, 0, in.length);
        } else {
            bus.writeRead(t.address(), new byte[] {(byte) r.address()}, 0, 1, in, 0, in.length);
        }
        return r.width() == 2 ? (in[0] & 0xFF) << 8 | (in[1] & 0xFF) : in[0] & 0xFF;
    }

    /** Writes one register of a non-paged part (checked: exists, writable, value fits). */
    public static void write(RigTarget t, int reg, long value) {
        RegisterTable.PartMap map = RegisterTable.of(t.part());
        RegisterTable.Reg r = RegisterTable.check(map, reg, true, value);
        I2cBus bus = t.segment().i2c();
        if (map.pointerless()) {
            bus.write(t.address(), new byte[] {(byte) value}, 0, 1);
        } else if (r.width() == 2) {
            bus.write(t.address(), new byte[] {(byte) reg, (byte) (value >>> 8), (byte) value}, 0, 3);
        } else {
            bus.write(t.address(), new byte[] {(byte) reg, (byte) value}, 0, 2);
        }
    }

    /** Every register of a non-paged part, one line each. */
    public static List<String> dump(RigTarget t) {
        RegisterTable.PartMap map = RegisterTable.of(t.part());
        List<String> lines = new ArrayList<>();
        if (map == RegisterTable.GENERIC) {
            byte[] all = new byte[256];
            for (int o = 0; o < 256; o += 16) {
                t.segment().i2c().writeRead(t.address(), new byte[] {(byte) o}, 0, 1, all, o, 16);
            }
            lines.addAll(hexLines(all, 0));
            return lines;
        }
        for (RegisterTable.Reg r : map.registers()) {
            String value;
            try {
                value = String.format(Locale.ROOT, "0x%0" + 2 * r.width() + "X", readChecked(t, map, r));
            } catch (NakException e) {
                if (e instanceof DeviceNotPresentException) {
                    throw e;
                }
                value = "NAK (" + e.getMessage() + ")";
            }
            lines.add(String.format(Locale.ROOT, "0x%02X %-40s %s = %s", r.address(), r.name(), r.access(), value));
        }
        return lines;
    }

    /** Reads {@code count} bytes of a CMIS module at {@code offset} (upper offsets on {@code page} of {@code bank}). */
    public static byte[] readCmis(RigTarget t, int page, int bank, int offset, int count) {
        RegisterTable.checkCmis(page, bank, offset, count, false);
        I2cBus bus = t.segment().i2c();
        if (offset >= RegisterTable.CMIS_UPPER) {
            selectPage(t, page, bank);
        }
        byte[] out = new byte[count];
        for (int done = 0; done < count; done += CMIS_CHUNK) {
            int n = Math.min(CMIS_CHUNK, count - done);
            bus.writeRead(t.address(), new byte[] {(byte) (offset + done)}, 0, 1, out, done, n);
        }
        return out;
    }

    /** Writes bytes to a CMIS module (checked: every byte a host-writable field). */
    public static void writeCmis(RigTarget t, int page, int bank, int offset, byte[] data) {
        RegisterTable.checkCmis(page, bank, offset, data.length, true);
        if (offset >= RegisterTable.CMIS_UPPER) {
            selectPage(t, page, bank);
        }
        byte[] frame = new byte[data.length + 1];
        frame[0] = (byte) offset;
        System.arraycopy(data, 0, frame, 1, data.length);
        t.segment().i2c().write(t.address(), frame, 0, frame.length);
    }

    private static void selectPage(RigTarget t, int page, int bank) {
        t.segment().i2c().write(t.address(),
                new byte[] {(byte) ElsfpMap.BANK_SELECT.offset(), (byte) bank, (byte) page}, 0, 3);
    }

    /**
     * A CMIS module's pages as files: {@code page00.bin} = lower page + upper page 00h (256 bytes);
     * every other implemented page's 128 upper bytes as {@code pageXX.bin} for bank 0 and
     * {@code pageXX_bankN.bin} for further banks (banks from the lane count in 1Ah byte 140). Leaves the
     * module on bank 0 page 00h.
     */
    public static Map<String, byte[]> dumpCmis(RigTarget t) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] lower = readCmis(t, ElsfpMap.PAGE_00, 0, 0, 128);
        byte[] upper0 = readCmis(t, ElsfpMap.PAGE_00, 0, 128, 128);
        byte[] page00 = new byte[256];
        System.arraycopy(lower, 0, page00, 0, 128);
        System.arraycopy(upper0, 0, page00, 128, 128);
        files.put("page00.bin", page00);
        int lanes = (readCmis(t, ElsfpMap.PAGE_1A, 0, ElsfpMap.CONTROL_MODE.offset(), 1)[0] & 0xFF)
                >>> ElsfpMap.LANE_COUNT_SHIFT;
        int banks = Math.max(1, Math.min(4, (lanes + ElsfpMap.LANES_PER_BANK - 1) / ElsfpMap.LANES_PER_BANK));
        for (int page : RegisterTable.CMIS_PAGES) {
            if (page == ElsfpMap.PAGE_00) {
                continue;
            }
            for (int bank = 0; bank < banks; bank++) {
                String name = String.format(Locale.ROOT, "page%02X%s.bin", page, bank == 0 ? "" : "_bank" + bank);
                files.put(name, readCmis(t, page, bank, 128, 128));
            }
        }
        selectPage(t, ElsfpMap.PAGE_00, 0);
        return files;
    }

    /** 16 bytes a line, offsets from {@code base}. */
    public static List<String> hexLines(byte[] data, int base) {
        List<String> lines = new ArrayList<>();
        for (int o = 0; o < data.length; o += 16) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%3d 0x%02X:", base + o, base + o));
            StringBuilder ascii = new StringBuilder();
            for (int k = o; k < Math.min(o + 16, data.length); k++) {
                int v = data[k] & 0xFF;
                b.append(String.format(Locale.ROOT, " %02X", v));
                ascii.append(v >= 0x20 && v < 0x7F ? (char) v : '.');
            }
            lines.add(b.append("  ").append(ascii).toString());
        }
        return lines;
    }
}
