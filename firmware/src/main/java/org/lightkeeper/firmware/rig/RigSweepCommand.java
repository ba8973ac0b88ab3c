package org.lightkeeper.firmware.rig;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.lightkeeper.firmware.ring.Peak;
import org.lightkeeper.hal.board.BoardSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rig sweep --ring N --out DIR}. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Bring the ELS up, then sweep one ring's heater from 0 to its limit (other rings held) and write "
                + "ringN_sweep.csv (heater mW, monitor uA) and ringN_sweep.png with the resonances marked.")
final class RigSweepCommand extends RigSubcommand {
    @Option(names = "--ring", required = true, description = "Ring id from the board file.")
    int ring;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--step-mw", description = "Heater step (default: ${DEFAULT-VALUE}).")
    double stepMw = RigSweep.Settings.DEFAULT.stepMw();

    @Option(names = "--settle-us", description = "Wait per step (default: ${DEFAULT-VALUE}).")
    double settleUs = RigSweep.Settings.DEFAULT.settleNs() / 1000.0;

    @Option(names = "--average", description = "Monitor samples averaged per step (default: ${DEFAULT-VALUE}).")
    int average = RigSweep.Settings.DEFAULT.average();

    @Override
    boolean needsLight() {
        return true;
    }

    @Override
    void check(BoardSpec board) {
        RigSweep.place(board, ring);
        settings();
    }

    private RigSweep.Settings settings() {
        return new RigSweep.Settings(stepMw, (long) (settleUs * 1000), average, RigSweep.Settings.DEFAULT.floorUa());
    }

    @Override
    void run(RigSession s, PrintWriter w) throws Exception {
        RigSweep.Result r = RigSweep.sweep(s, ring, settings());
        Path[] files = RigSweep.write(r, out, s.spec().name());
        w.printf(Locale.ROOT, "ring %d: %d steps 0-%.2f mW, %d resonance%s%n", ring, r.heaterMw().length,
                r.heaterMw()[r.heaterMw().length - 1], r.peaks().size(), r.peaks().size() == 1 ? "" : "s");
        for (Peak p : r.peaks()) {
            w.printf(Locale.ROOT, "  at %.3f mW: %.2f uA, FWHM %.3f mW%n", p.powerMw(), p.heightMa() * 1000, p.fwhmMw());
        }
        w.println("wrote " + files[0] + " and " + files[1]);
    }
}
