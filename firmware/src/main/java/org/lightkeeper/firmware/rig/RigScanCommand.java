package org.lightkeeper.firmware.rig;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code rig scan}: what answers on every I2C segment. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Probe 0x08-0x77 on every I2C segment (each bus root, each TCA9548A channel) with a one-byte "
                + "read; name what answers from the board file and, where the part has one, its ID register.")
final class RigScanCommand extends RigSubcommand {
    @Override
    void run(RigSession s, PrintWriter out) {
        List<RigScan.Found> found = RigScan.scan(s);
        out.printf("board %s on %s: %d address%s answer%n", s.spec().name(), s.backend(), found.size(),
                found.size() == 1 ? "" : "es");
        out.printf("%-14s %-5s %-14s %s%n", "segment", "addr", "board file", "identity");
        for (RigScan.Found f : found) {
            out.println(f);
        }
        for (var bs : s.spec().i2cBuses()) {
            for (var d : bs.devices()) {
                RigSession.Segment seg = s.segmentOf(d);
                boolean seen = found.stream().anyMatch(f -> f.segment().equals(seg.name()) && f.address() == d.address());
                if (!seen) {
                    out.printf("missing: %s (%s at 0x%02X on %s) did not answer%n", d.name(), d.chip(), d.address(),
                            seg.name());
                }
            }
        }
    }
}
