package org.lightkeeper.firmware.rig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lightkeeper.firmware.ring.HeaterBank;
import org.lightkeeper.firmware.ring.MonitorBank;
import org.lightkeeper.firmware.ring.Peak;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;

/**
 * Sweeps one ring's heater over its range (0 to the engine's per-ring limit), the other rings held
 * where they are, with the ELS lit, recording the monitor photocurrent. Heater commands go through the
 * firmware's {@link HeaterBank}, so the per-ring clamp holds here too; only this ring's DAC channel is
 * written; it is left at 0 mW afterwards. Resonances: see {@link #peaks}.
 */
public final class RigSweep {
    /** A resonance must stand this many times above the valleys either side of it. */
    public static final double PEAK_OVER_VALLEY = 3.0;

    /** Sweep settings: step in mW, settle time per step (several heater time constants), samples averaged. */
    public record Settings(double stepMw, long settleNs, int average, double floorUa) {
        public static final Settings DEFAULT = new Settings(0.05, 200_000, 4, 5.0);

        public Settings {
            if (!(stepMw > 0) || settleNs < 0 || average < 1 || !(floorUa >= 0)) {
                throw new IllegalArgumentException("sweep settings: step > 0 mW, settle >= 0, average >= 1, floor >= 0");
            }
        }
    }

    /** The sweep: applied heater power per step, monitor current in uA, the resonances found. */
    public record Result(int ring, double[] heaterMw, double[] monitorUa, List<Peak> peaks) {
    }

    /** Where a ring sits: engine index and index within the engine. */
    record Place(int engine, int index, EngineSpec spec) {
    }

    private RigSweep() {
    }

    /** Refuses a ring id the board does not have (before any bus traffic). */
    static Place place(BoardSpec spec, int ring) {
        List<Integer> ids = new ArrayList<>();
        for (int e = 0; e < spec.engines().size(); e++) {
            EngineSpec es = spec.engines().get(e);
            for (int i = 0; i < es.rings().size(); i++) {
                if (es.rings().get(i).id() == ring) {
                    return new Place(e, i, es);
                }
                ids.add(es.rings().get(i).id());
            }
        }
        throw new IllegalArgumentException("no ring " + ring + " on board '" + spec.name() + "' (rings: "
                + (ids.isEmpty() ? "none" : ids.get(0) + "-" + ids.get(ids.size() - 1)) + ")");
    }

    public static Result sweep(RigSession s, int ring, Settings settings) {
        Place p = place(s.spec(), ring);
        if (s.firmware().isEmpty()) {
            throw new IllegalStateException("a sweep needs the ELS lit: open the session lit");
        }
        HeaterBank heaters = new HeaterBank(p.spec(), s.drivers());
        MonitorBank monitors = new MonitorBank(p.spec(), s.drivers());
        double max = heaters.ringMaxMw();
        int n = (int) Math.floor(max / settings.stepMw() + 1e-9) + 1;
        double[] mw = new double[n];
        double[] ua = new double[n];
        double[] ma = new double[n];
        double[] sample = new double[p.spec().rings().size()];
        for (int k = 0; k < n; k++) {
            mw[k] = heaters.set(p.index(), k * settings.stepMw());
            heaters.flush();
            s.waitNanos(settings.settleNs());
            double sum = 0;
            for (int a = 0; a < settings.average(); a++) {
                monitors.read(sample);
                sum += sample[p.index()];
            }
            ma[k] = sum / settings.average();
            ua[k] = ma[k] * 1000.0;
        }
        heaters.set(p.index(), 0);
        heaters.flush();
        return new Result(ring, mw, ua, peaks(ma, settings.stepMw(), settings.floorUa() / 1000.0));
    }

    /** Sets one ring's heater (the others untouched) and lets it settle; returns the power applied. */
    public static double setHeater(RigSession s, int ring, double mw) {
        Place p = place(s.spec(), ring);
        HeaterBank heaters = new HeaterBank(p.spec(), s.drivers());
        double applied = heaters.set(p.index(), mw);
        heaters.flush();
        s.waitNanos(Settings.DEFAULT.settleNs() * 5);
        return applied;
    }

    /**
     * Every resonance in a full-range trace sampled at {@code stepMw} from 0 mW: each interior top
     * above the floor that is the highest point of its excursion above half its height (both flanks
     * falling below half inside the sweep) and stands {@link #PEAK_OVER_VALLEY} times above the lower
     * of the minima between it and its neighbouring tops (or the sweep's ends), refined by {@link Peak#find} on the stretch between those minima. (A
     * median-based prominence, as the firmware's coarse sweep uses, misses lines when several lie in
     * the range and their Lorentzian tails lift the median.)
     */
    static List<Peak> peaks(double[] ma, double stepMw, double floorMa) {
        int n = ma.length;
        List<Integer> tops = new ArrayList<>();
        for (int k = 1; k < n - 1; k++) {
            if (ma[k] < floorMa || ma[k] < ma[k - 1] || ma[k] < ma[k + 1]) {
                continue;
            }
            int lo = k;
            while (lo > 0 && ma[lo - 1] > ma[k] / 2) {
                lo--;
            }
            int hi = k;
            while (hi < n - 1 && ma[hi + 1] > ma[k] / 2) {
                hi++;
            }
            boolean highest = lo > 0 && hi < n - 1; // both flanks fall below half: a whole line, not an edge
            for (int j = lo; j <= hi && highest; j++) {
                if (ma[j] > ma[k] || ma[j] == ma[k] && j < k) {
                    highest = false;
                }
            }
            if (highest) {
                tops.add(k);
            }
        }
        List<Peak> peaks = new ArrayList<>();
        for (int t = 0; t < tops.size(); t++) {
            int from = argmin(ma, t == 0 ? 0 : tops.get(t - 1), tops.get(t));
            int to = argmin(ma, tops.get(t), t == tops.size() - 1 ? n - 1 : tops.get(t + 1));
            if (ma[tops.get(t)] < PEAK_OVER_VALLEY * Math.min(ma[from], ma[to])) {
                continue;
            }
            double[] seg = java.util.Arrays.copyOfRange(ma, from, to + 1);
            Peak pk = Peak.find(seg, seg.length, from * stepMw, stepMw, floorMa, 1.0);
            if (pk != null) {
                peaks.add(pk);
            }
        }
        return peaks;
    }

    private static int argmin(double[] a, int from, int to) {
        int m = from;
        for (int k = from; k <= to; k++) {
            if (a[k] < a[m]) {
                m = k;
            }
        }
        return m;
    }

    /** Writes ring{N}_sweep.csv and ring{N}_sweep.png into {@code dir}; returns the two paths. */
    public static Path[] write(Result r, Path dir, String board) throws IOException {
        Path csv = dir.resolve(String.format(Locale.ROOT, "ring%d_sweep.csv", r.ring()));
        Path png = dir.resolve(String.format(Locale.ROOT, "ring%d_sweep.png", r.ring()));
        RigPlot.csv(csv, "heater_mw,monitor_ua", r.heaterMw(), r.monitorUa());
        List<RigPlot.Mark> marks = new ArrayList<>();
        for (Peak p : r.peaks()) {
            marks.add(new RigPlot.Mark(p.powerMw(), p.heightMa() * 1000.0,
                    String.format(Locale.ROOT, "%.2f mW", p.powerMw())));
        }
        RigPlot.png(png, String.format(Locale.ROOT, "Ring %d heater sweep, board %s: %d resonance%s", r.ring(), board,
                        r.peaks().size(), r.peaks().size() == 1 ? "" : "s"), "Heater power (mW)",
                "Monitor photocurrent (uA)", "monitor", r.heaterMw(), r.monitorUa(), "resonances", marks, List.of());
        return new Path[] {csv, png};
    }
}
