package org.lightkeeper.firmware.rig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.ElsSlotSpec;
import org.lightkeeper.hal.chip.cmis.CmisModule;
import org.lightkeeper.hal.chip.cmis.ControlMode;
import org.lightkeeper.hal.chip.cmis.ElsfpMap;

/**
 * L-I curve of one laser lane: the module is put in ACC (page 1Ah byte 140 bit 0 = 0) and the bias
 * setpoint (1Bh 128-143) stepped; at each step the power and bias monitors (1Bh 200-215, 184-199)
 * are read. The threshold is the zero-power intercept of a least-squares line through the points
 * above {@link #FIT_FROM_FRACTION} of the highest power. The lane's control mode and bias setpoint
 * are restored afterwards.
 */
public final class RigLi {
    /** Points with power above this share of the maximum enter the fit (clear of the threshold knee). */
    public static final double FIT_FROM_FRACTION = 0.2;

    public record Settings(double fromMa, double toMa, double stepMa, long settleNs) {
        public static final Settings DEFAULT = new Settings(0, 100, 1, 5_000_000);

        public Settings {
            if (!(fromMa >= 0) || !(toMa > fromMa) || !(toMa <= ElsfpMap.BIAS_MAX_MA) || !(stepMa > 0)
                    || (toMa - fromMa) / stepMa > 10_000 || settleNs < 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "L-I range: need 0 <= from < to <= %.1f mA,"
                        + " step > 0, at most 10000 steps (got %.3g..%.3g step %.3g)", ElsfpMap.BIAS_MAX_MA, fromMa,
                        toMa, stepMa));
            }
        }
    }

    /** Bias setpoint, bias monitor and power monitor per step; threshold and slope of the fit (NaN if none). */
    public record Result(int slot, int lane, double[] setpointMa, double[] biasMa, double[] powerMw,
                         double thresholdMa, double slopeWPerA) {
    }

    private RigLi() {
    }

    /** Refuses a slot or lane the board does not have (before any bus traffic). */
    static ElsSlotSpec slot(BoardSpec spec, int slot, int lane) {
        ElsSlotSpec found = null;
        List<Integer> slots = new ArrayList<>();
        for (ElsSlotSpec s : spec.elsSlots()) {
            slots.add(s.slot());
            if (s.slot() == slot) {
                found = s;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("no ELS slot " + slot + " on board '" + spec.name() + "' (slots: " + slots + ")");
        }
        if (lane < 0 || lane >= ElsfpMap.LANES_PER_BANK) {
            throw new IllegalArgumentException("lane must be 0-" + (ElsfpMap.LANES_PER_BANK - 1) + " (bank 0), got " + lane);
        }
        return found;
    }

    public static Result run(RigSession s, int slotNumber, int lane, Settings settings) {
        ElsSlotSpec slot = slot(s.spec(), slotNumber, lane);
        if (s.firmware().isEmpty()) {
            throw new IllegalStateException("an L-I sweep needs the lane on: open the session lit");
        }
        CmisModule m = s.drivers().get(slot.module(), CmisModule.class);
        ControlMode mode = m.controlMode();
        double setpoint = m.biasSetpointMa(lane);
        int n = (int) Math.floor((settings.toMa() - settings.fromMa()) / settings.stepMa() + 1e-9) + 1;
        double[] set = new double[n];
        double[] bias = new double[n];
        double[] power = new double[n];
        try {
            m.setBiasSetpointMa(lane, settings.fromMa());
            m.setControlMode(ControlMode.ACC);
            for (int k = 0; k < n; k++) {
                set[k] = settings.fromMa() + k * settings.stepMa();
                m.setBiasSetpointMa(lane, set[k]);
                s.waitNanos(settings.settleNs());
                bias[k] = m.biasMonitorMa(lane);
                power[k] = m.powerMonitorMw(lane);
            }
        } finally {
            m.setBiasSetpointMa(lane, setpoint);
            m.setControlMode(mode);
        }
        double[] fit = fit(set, power);
        return new Result(slotNumber, lane, set, bias, power, fit[0], fit[1]);
    }

    /** {threshold mA, slope W/A} from the points above {@link #FIT_FROM_FRACTION} of the peak power. */
    static double[] fit(double[] ma, double[] mw) {
        double max = 0;
        for (double p : mw) {
            max = Math.max(max, p);
        }
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int k = 0;
        for (int i = 0; i < ma.length; i++) {
            if (mw[i] > FIT_FROM_FRACTION * max && max > 0) {
                sx += ma[i];
                sy += mw[i];
                sxx += ma[i] * ma[i];
                sxy += ma[i] * mw[i];
                k++;
            }
        }
        if (k < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double slope = (k * sxy - sx * sy) / (k * sxx - sx * sx); // mW per mA = W/A
        double intercept = (sy - slope * sx) / k;
        return new double[] {-intercept / slope, slope};
    }

    /** Writes slotS_laneL_li.csv and .png into {@code dir}. */
    public static Path[] write(Result r, Path dir, String board) throws IOException {
        String stem = String.format(Locale.ROOT, "slot%d_lane%d_li", r.slot(), r.lane());
        Path csv = dir.resolve(stem + ".csv");
        Path png = dir.resolve(stem + ".png");
        RigPlot.csv(csv, "bias_setpoint_ma,bias_monitor_ma,power_monitor_mw", r.setpointMa(), r.biasMa(), r.powerMw());
        List<RigPlot.Mark> marks = new ArrayList<>();
        List<RigPlot.Line> lines = new ArrayList<>();
        if (!Double.isNaN(r.thresholdMa())) {
            marks.add(new RigPlot.Mark(r.thresholdMa(), 0, String.format(Locale.ROOT, "Ith %.1f mA", r.thresholdMa())));
            double end = r.setpointMa()[r.setpointMa().length - 1];
            lines.add(new RigPlot.Line(String.format(Locale.ROOT, "fit %.3f W/A", r.slopeWPerA()),
                    new double[] {r.thresholdMa(), end}, new double[] {0, r.slopeWPerA() * (end - r.thresholdMa())}));
        }
        RigPlot.png(png, String.format(Locale.ROOT, "L-I curve, board %s, ELS slot %d lane %d: threshold %s", board,
                        r.slot(), r.lane(), Double.isNaN(r.thresholdMa()) ? "not found"
                                : String.format(Locale.ROOT, "%.1f mA", r.thresholdMa())),
                "Bias current setpoint (mA)", "Optical power monitor (mW)", "power monitor", r.setpointMa(), r.powerMw(),
                "threshold", marks, lines);
        return new Path[] {csv, png};
    }
}
