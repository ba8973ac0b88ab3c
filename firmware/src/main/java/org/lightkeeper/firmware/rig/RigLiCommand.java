package org.lightkeeper.firmware.rig;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.lightkeeper.hal.board.BoardSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rig li --slot S --lane L --out DIR}. */
@Command(name = "li", mixinStandardHelpOptions = true,
        description = "Bring the ELS up, put the module in ACC and step one lane's bias setpoint, reading the power "
                + "monitor: writes slotS_laneL_li.csv and .png and reports the threshold (linear fit above threshold "
                + "extrapolated to zero power). The lane's mode and setpoint are restored.")
final class RigLiCommand extends RigSubcommand {
    @Option(names = "--slot", required = true, description = "ELS slot from the board file.")
    int slot;

    @Option(names = "--lane", required = true, description = "Lane 0-7.")
    int lane;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--from-ma", description = "First bias setpoint (default: ${DEFAULT-VALUE}).")
    double fromMa = RigLi.Settings.DEFAULT.fromMa();

    @Option(names = "--to-ma", description = "Last bias setpoint; keep below the module's maximum (default: ${DEFAULT-VALUE}).")
    double toMa = RigLi.Settings.DEFAULT.toMa();

    @Option(names = "--step-ma", description = "Bias step (default: ${DEFAULT-VALUE}).")
    double stepMa = RigLi.Settings.DEFAULT.stepMa();

    @Option(names = "--settle-ms", description = "Wait per step (default: ${DEFAULT-VALUE}).")
    double settleMs = RigLi.Settings.DEFAULT.settleNs() / 1e6;

    @Override
    boolean needsLight() {
        return true;
    }

    @Override
    void check(BoardSpec board) {
        RigLi.slot(board, slot, lane);
        settings();
    }

    private RigLi.Settings settings() {
        return new RigLi.Settings(fromMa, toMa, stepMa, (long) (settleMs * 1e6));
    }

    @Override
    void run(RigSession s, PrintWriter w) throws Exception {
        RigLi.Result r = RigLi.run(s, slot, lane, settings());
        Path[] files = RigLi.write(r, out, s.spec().name());
        if (Double.isNaN(r.thresholdMa())) {
            w.printf(Locale.ROOT, "slot %d lane %d: no light above threshold in %.1f-%.1f mA%n", slot, lane, fromMa, toMa);
        } else {
            w.printf(Locale.ROOT, "slot %d lane %d: threshold %.2f mA, slope %.3f W/A%n", slot, lane, r.thresholdMa(),
                    r.slopeWPerA());
        }
        w.println("wrote " + files[0] + " and " + files[1]);
    }
}
