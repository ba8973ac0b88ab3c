package org.lightkeeper.firmware.rig;

import org.lightkeeper.firmware.registers.RegisterTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.lightkeeper.hal.board.BoardSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rig write DEVICE REG VALUE...}. */
@Command(name = "write", mixinStandardHelpOptions = true,
        description = "Write a register of an I2C chip (checked against the part's map: the register must exist, be "
                + "writable, and the value fit). CMIS modules: one or more bytes from a byte offset, upper on --page.")
final class RigWriteCommand extends RigSubcommand {
    @Parameters(index = "0", description = "Board-file device name or [SEGMENT:]ADDRESS.")
    String device;

    @Parameters(index = "1", description = "Register.")
    String register;

    @Parameters(index = "2..*", arity = "1..*", description = "Value (16-bit parts: one 16-bit value; CMIS: bytes).")
    List<String> values;

    @Option(names = "--page", description = "CMIS: upper page, hex (default: ${DEFAULT-VALUE}).")
    String page = "00";

    @Option(names = "--bank", description = "CMIS: bank (default: ${DEFAULT-VALUE}).")
    int bank;

    @Override
    void check(BoardSpec board) {
        RegisterTable.parseNumber(register);
        for (String v : values) {
            RegisterTable.parseNumber(v);
        }
    }

    @Override
    void run(RigSession s, PrintWriter out) {
        RigTarget t = s.resolve(device);
        int reg = RegisterTable.parseNumber(register);
        if (RigRegisters.paged(t)) {
            int p = Integer.parseInt(page.replaceFirst("(?i)^0x|h$", ""), 16);
            byte[] data = new byte[values.size()];
            for (int i = 0; i < data.length; i++) {
                int v = RegisterTable.parseNumber(values.get(i));
                if (v < 0 || v > 0xFF) {
                    throw new IllegalArgumentException("CMIS bytes are 0x00-0xFF, got " + values.get(i));
                }
                data[i] = (byte) v;
            }
            RigRegisters.writeCmis(t, p, bank, reg, data);
            out.printf(Locale.ROOT, "%s: wrote %d byte%s at %d%s%n", t.describe(), data.length, data.length == 1 ? "" : "s",
                    reg, reg >= RegisterTable.CMIS_UPPER ? String.format(Locale.ROOT, " of page %02Xh bank %d", p, bank) : "");
            return;
        }
        if (values.size() != 1) {
            throw new IllegalArgumentException("one value per register for " + (t.part() == null ? "this part" : t.part()));
        }
        long v = RegisterTable.parseNumber(values.get(0));
        RigRegisters.write(t, reg, v);
        out.printf(Locale.ROOT, "%s register 0x%02X <- 0x%X%n", t.describe(), reg, v);
    }
}
