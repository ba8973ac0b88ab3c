package org.lightkeeper.firmware.rig;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rig dump DEVICE [--out DIR]}. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Every register of an I2C chip. A CMIS module's pages go to --out DIR as pageXX.bin (page00.bin: "
                + "lower page + upper page 00h, 256 bytes; others 128 bytes; further banks pageXX_bankN.bin), or are "
                + "printed in hex without --out.")
final class RigDumpCommand extends RigSubcommand {
    @Parameters(index = "0", description = "Board-file device name or [SEGMENT:]ADDRESS.")
    String device;

    @Option(names = "--out", description = "Directory for a CMIS module's page files.")
    Path out;

    @Override
    void run(RigSession s, PrintWriter w) throws Exception {
        RigTarget t = s.resolve(device);
        if (!RigRegisters.paged(t)) {
            if (out != null) {
                throw new IllegalArgumentException("--out is for CMIS modules; " + t.describe() + " is printed");
            }
            w.println(t.describe() + ":");
            for (String l : RigRegisters.dump(t)) {
                w.println(l);
            }
            return;
        }
        Map<String, byte[]> pages = RigRegisters.dumpCmis(t);
        if (out == null) {
            for (Map.Entry<String, byte[]> e : pages.entrySet()) {
                w.println(t.describe() + " " + e.getKey() + ":");
                for (String l : RigRegisters.hexLines(e.getValue(), e.getValue().length == 256 ? 0 : 128)) {
                    w.println(l);
                }
            }
            return;
        }
        Files.createDirectories(out);
        for (Map.Entry<String, byte[]> e : pages.entrySet()) {
            Path f = out.resolve(e.getKey());
            Files.write(f, e.getValue());
            w.printf("%s: %d bytes%n", f, e.getValue().length);
        }
    }
}
