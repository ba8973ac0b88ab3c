package org.lightkeeper.firmware.rig;

import org.lightkeeper.firmware.registers.RegisterTable;
import java.io.PrintWriter;
import java.util.Locale;
import org.lightkeeper.hal.board.BoardSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rig read DEVICE REG [--count N] [--page P] [--bank B]}. */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = "Read a register of an I2C chip: DEVICE is a board-file name (board_temp) or an address "
                + "(0x48, mux0.0:0x50). CMIS modules: REG is a byte offset 0-255, upper offsets on --page.")
final class RigReadCommand extends RigSubcommand {
    @Parameters(index = "0", description = "Board-file device name or [SEGMENT:]ADDRESS.")
    String device;

    @Parameters(index = "1", description = "Register (0x0F, 15, 0Fh).")
    String register;

    @Option(names = "--count", description = "CMIS: bytes to read (default: ${DEFAULT-VALUE}).")
    int count = 1;

    @Option(names = "--page", description = "CMIS: upper page, hex (00, 1A, 1B; default: ${DEFAULT-VALUE}).")
    String page = "00";

    @Option(names = "--bank", description = "CMIS: bank (default: ${DEFAULT-VALUE}).")
    int bank;

    @Override
    void check(BoardSpec board) {
        RegisterTable.parseNumber(register);
    }

    @Override
    void run(RigSession s, PrintWriter out) {
        RigTarget t = s.resolve(device);
        int reg = RegisterTable.parseNumber(register);
        if (RigRegisters.paged(t)) {
            int p = Integer.parseInt(page.replaceFirst("(?i)^0x|h$", ""), 16);
            String field = RegisterTable.checkCmis(p, bank, reg, count, false);
            byte[] data = RigRegisters.readCmis(t, p, bank, reg, count);
            out.printf(Locale.ROOT, "%s %s byte %d (%s):%n", t.describe(),
                    reg >= RegisterTable.CMIS_UPPER ? String.format(Locale.ROOT, "page %02Xh bank %d", p, bank)
                            : "lower page", reg, field);
            for (String l : RigRegisters.hexLines(data, reg)) {
                out.println(l);
            }
            return;
        }
        if (count != 1) {
            throw new IllegalArgumentException("--count is for CMIS modules; use rig dump for every register");
        }
        var map = RegisterTable.of(t.part());
        var r = RegisterTable.check(map, reg, false, 0);
        int v = RigRegisters.read(t, reg);
        out.printf(Locale.ROOT, "%s register 0x%02X %s = 0x%0" + 2 * r.width() + "X (%d)%n", t.describe(), reg, r.name(),
                v, v);
    }
}
