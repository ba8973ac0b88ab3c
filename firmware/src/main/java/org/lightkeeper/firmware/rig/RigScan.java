package org.lightkeeper.firmware.rig;

import org.lightkeeper.firmware.registers.RegisterTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.lightkeeper.hal.board.BoardSpec.I2cDeviceSpec;
import org.lightkeeper.hal.board.ChipType;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.NakException;
import org.lightkeeper.hal.chip.Ina226;
import org.lightkeeper.hal.chip.Tca9548a;
import org.lightkeeper.hal.chip.Tmp117;
import org.lightkeeper.hal.chip.cmis.ElsfpMap;

/**
 * Probes every I2C segment (each bus root with its muxes switched off, then each channel of each
 * root-level TCA9548A alone) at 0x08-0x77 with a one-byte read, like {@code i2cdetect -r}. Addresses
 * that answer on the root are not repeated on the channels (a connected channel is the same wire).
 * What answers is named by the board file where it matches, and identified by its ID register where
 * the part has one: TMP117 Device_ID (0x0F) = 0x117, INA226 Manufacturer/Die ID (0xFE/0xFF), CMIS
 * identifier byte 0 (SFF-8024). Identification writes only register pointers. The muxes are left as
 * they were found.
 */
public final class RigScan {
    /** One address that answered. {@code device} is the board-file name (null if none); {@code identity} what its ID registers say. */
    public record Found(String segment, int address, String device, ChipType boardPart, String identity) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-14s 0x%02X  %-14s %s", segment, address,
                    device == null ? "-" : device, identity);
        }
    }

    private RigScan() {
    }

    public static List<Found> scan(RigSession s) {
        List<Found> found = new ArrayList<>();
        for (RigSession.Segment root : s.segments()) {
            if (!root.root()) {
                continue;
            }
            List<RigSession.Segment> channels = new ArrayList<>();
            for (RigSession.Segment seg : s.segments()) {
                if (!seg.root() && seg.bus().equals(root.bus())) {
                    channels.add(seg);
                }
            }
            List<String> muxNames = channels.stream().map(RigSession.Segment::mux).distinct().toList();
            List<Tca9548a> muxes = muxNames.stream().map(n -> s.drivers().get(n, Tca9548a.class)).toList();
            int[] before = new int[muxes.size()];
            for (int m = 0; m < muxes.size(); m++) {
                before[m] = muxes.get(m).selected();
                muxes.get(m).select(0);
            }
            I2cBus bus = root.i2c();
            try {
                Set<Integer> onRoot = new HashSet<>();
                for (int a = RegisterTable.FIRST_ADDRESS; a <= RegisterTable.LAST_ADDRESS; a++) {
                    String answer = probe(bus, a);
                    if (answer != null) {
                        onRoot.add(a);
                        found.add(found(s, root, bus, a, answer));
                    }
                }
                for (RigSession.Segment ch : channels) {
                    Tca9548a mux = muxes.get(muxNames.indexOf(ch.mux()));
                    mux.select(1 << ch.channel());
                    try {
                        for (int a = RegisterTable.FIRST_ADDRESS; a <= RegisterTable.LAST_ADDRESS; a++) {
                            if (onRoot.contains(a)) {
                                continue;
                            }
                            String answer = probe(bus, a);
                            if (answer != null) {
                                found.add(found(s, ch, bus, a, answer));
                            }
                        }
                    } finally {
                        mux.select(0);
                    }
                }
            } finally {
                for (int m = 0; m < muxes.size(); m++) {
                    muxes.get(m).select(before[m]);
                }
            }
        }
        return found;
    }

    /**
     * Null when nothing answers; "" when it answered cleanly; else what went wrong after the address.
     * A one-byte read has no data byte for the target to NAK (the master NAKs the last byte), so any
     * NAK here is the address NAK: nothing there. This matters on the Pi, whose controller driver
     * reports an absent device as EREMOTEIO, a plain {@link NakException} (docs/raspberry-pi.md section 3).
     */
    private static String probe(I2cBus bus, int address) {
        try {
            bus.read(address, new byte[1], 0, 1);
            return "";
        } catch (NakException e) {
            return null;
        } catch (BusException e) {
            return "bus error while probing: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static Found found(RigSession s, RigSession.Segment seg, I2cBus bus, int address, String answer) {
        Optional<I2cDeviceSpec> d = s.deviceAt(seg, address);
        ChipType part = d.map(I2cDeviceSpec::chip).orElse(null);
        String id = answer.isEmpty() ? identify(bus, address, part) : answer;
        return new Found(seg.name(), address, d.map(I2cDeviceSpec::name).orElse(null), part, id);
    }

    /** What the part's ID registers say, checked against the board file's part where there is one. */
    static String identify(I2cBus bus, int address, ChipType boardPart) {
        if (address >= Tmp117.BASE_ADDRESS && address <= Tmp117.BASE_ADDRESS + 3) {
            Integer id = read16(bus, address, Tmp117.DEVICE_ID);
            if (id != null && (id & Tmp117.DEVICE_ID_MASK) == Tmp117.DEVICE_ID_VALUE) {
                return String.format(Locale.ROOT, "TMP117 (Device_ID 0x%04X, revision %d)", id, id >>> 12);
            }
        }
        if (address >= Ina226.BASE_ADDRESS && address <= Ina226.LAST_ADDRESS) {
            Integer mfr = read16(bus, address, Ina226.MANUFACTURER_ID);
            Integer die = mfr == null ? null : read16(bus, address, Ina226.DIE_ID);
            if (mfr != null && die != null && mfr == Ina226.MANUFACTURER_ID_VALUE && die == Ina226.DIE_ID_VALUE) {
                return String.format(Locale.ROOT, "INA226 (Manufacturer ID 0x%04X 'TI', Die ID 0x%04X)", mfr, die);
            }
        }
        if (address == ElsfpMap.I2C_ADDRESS) {
            Integer b0 = read8(bus, address, ElsfpMap.IDENTIFIER.offset());
            if (b0 != null) {
                return String.format(Locale.ROOT, "%s (SFF-8024 identifier 0x%02X)", sff8024(b0), b0);
            }
        }
        if (boardPart == ChipType.TMP117 || boardPart == ChipType.INA226 || boardPart == ChipType.ELSFP) {
            return "answers, but its ID registers do not match the board file's " + boardPart;
        }
        if (boardPart != null) {
            return boardPart + " per the board file (the part has no ID register)";
        }
        return "unknown (no ID register recognised)";
    }

    static String sff8024(int id) {
        return switch (id) {
            case ElsfpMap.IDENTIFIER_ELSFP -> "ELSFP module, CMIS";
            case 0x18 -> "QSFP-DD module, CMIS";
            case 0x19 -> "OSFP module, CMIS";
            case 0x1E -> "QSFP+ or later with CMIS";
            case 0x11 -> "QSFP28 module, SFF-8636";
            case 0x0D -> "QSFP+ module, SFF-8636";
            case 0x03 -> "SFP/SFP+ module, SFF-8472";
            default -> "pluggable module, unknown identifier";
        };
    }

    private static Integer read16(I2cBus bus, int address, int reg) {
        try {
            byte[] in = new byte[2];
            bus.writeRead(address, new byte[] {(byte) reg}, 0, 1, in, 0, 2);
            return (in[0] & 0xFF) << 8 | (in[1] & 0xFF);
        } catch (BusException e) {
            return null;
        }
    }

    private static Integer read8(I2cBus bus, int address, int reg) {
        try {
            byte[] in = new byte[1];
            bus.writeRead(address, new byte[] {(byte) reg}, 0, 1, in, 0, 1);
            return in[0] & 0xFF;
        } catch (BusException e) {
            return null;
        }
    }
}
