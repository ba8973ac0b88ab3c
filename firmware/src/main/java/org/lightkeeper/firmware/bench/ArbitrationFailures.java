package org.lightkeeper.firmware.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.lightkeeper.firmware.ring.LineArbiter;
import org.lightkeeper.firmware.ring.OrderedAssignmentSearch;

/**
 * Why the firmware's arbiter failed, engine by engine, on ground truth ({@code bench-arbitration
 * --failures}; docs/benchmarks.md, "Arbitration (Monte Carlo)"). For each engine where a complete
 * solution exists and the arbiter's assignment is not one:
 * <ul>
 *   <li>the truth margin: the widest m such that a complete solution keeps every ring in
 *       [m, usable - m] (bisection with {@link OrderedAssignmentSearch} on the drawn parameters);</li>
 *   <li>whether the arbiter fed the exact sweep (every ring's true lockstep meeting power, no phantom,
 *       no shadowing, no sampling) succeeds: if it does, the failure is the sweep's reading, else the
 *       arbiter's choice;</li>
 *   <li>the culprit ring: the one settling out of range (truth), or, for an unassigned engine, the ring
 *       whose estimate puts the truth's widest-margin solution outside the heater, with what is wrong
 *       with its peaks (phantom, lost, shadowed, sampling) and its efficiency estimate.</li>
 * </ul>
 */
final class ArbitrationFailures {
    private final Map<String, Integer> counts = new TreeMap<>();
    private final StringBuilder lines = new StringBuilder();
    private int failures;

    /** Runs {@code trials} engines from {@code baseSeed} and classifies the firmware's failures. */
    static ArbitrationFailures run(ArbitrationModel.Config cfg, int trials, long baseSeed) {
        ArbitrationFailures f = new ArbitrationFailures();
        for (int k = 0; k < trials; k++) {
            f.trial(cfg, baseSeed + k);
        }
        return f;
    }

    private void trial(ArbitrationModel.Config cfg, long seed) {
        ArbitrationModel m = ArbitrationModel.draw(cfg, seed);
        ArbitrationOracle o = new ArbitrationOracle(m);
        if (o.cheapest() == null) {
            return;
        }
        int[] line = ArbitrationMonteCarlo.FIRMWARE.assign(m.seenMatrix(), cfg);
        if (o.complete(line)) {
            return;
        }
        failures++;
        ArbitrationOracle.Verdict v = o.judge(line);
        double usable = cfg.usableMw();
        Widest w = widest(m, usable);
        double[][] exact = new double[m.rings()][];
        for (int j = 0; j < m.rings(); j++) {
            exact[j] = m.meetMw[j].clone();
        }
        int[] ideal = ArbitrationMonteCarlo.FIRMWARE.assign(exact, cfg);
        boolean idealOk = o.complete(ideal);
        LineArbiter.Estimates e = LineArbiter.estimates(m.seenMatrix(), cfg.coupling(), usable);
        String kind = v.outOfRange() ? "out of range" : v.unassigned() ? "unassigned" : "other";
        // Culprit: the ring furthest out of range (truth), else the ring furthest outside the heater by its
        // estimate in the truth's widest solution.
        int culprit = -1;
        double worst = 0;
        double[] truth = m.trueLockMw(v.outOfRange() ? line : w.line);
        double[] est = estimatedLock(e, v.outOfRange() ? line : w.line, cfg.coupling());
        int[] on = v.outOfRange() ? line : w.line;
        for (int j = 0; j < m.rings(); j++) {
            if (on[j] < 0) {
                continue;
            }
            double out = v.outOfRange() ? outside(truth[j], usable) : outside(est[j], usable);
            if (Double.isNaN(est[j])) {
                out = 99;
            }
            if (out > worst) {
                worst = out;
                culprit = j;
            }
        }
        String margin = w.marginMw < 0.15 ? "margin<0.15" : w.marginMw < 0.5 ? "margin 0.15-0.5" : "margin>=0.5";
        String cause;
        String detail = "";
        if (!idealOk) {
            cause = "arbiter choice (fails on the exact sweep)";
        } else if (culprit < 0) {
            cause = "estimates: no ring out (order/rank?)";
        } else {
            int l = on[culprit];
            String peaks = peakStory(m, culprit, l);
            double estErr = est[culprit] - truth[culprit];
            cause = "estimates: " + peaks;
            detail = String.format(Locale.ROOT, "ring %d line %d: truth %.2f est %.2f (err %+.2f) seen %.2f lattice %.2f meet %.2f"
                            + " misfit %.2f etaErr %+.1f%%", culprit, l, truth[culprit], est[culprit], estErr,
                    m.seenMw[culprit][l], e.sweepMw()[culprit][l], m.meetMw[culprit][l], e.misfitMw()[culprit],
                    100 * etaError(m, e, culprit));
        }
        String key = kind + " | " + cause + " | " + margin;
        counts.merge(key, 1, Integer::sum);
        lines.append(String.format(Locale.ROOT, "seed %d: %s; truth margin %.2f mW; exact sweep %s; %s%n", seed, key,
                w.marginMw, idealOk ? "ok" : "fails", detail));
    }

    /** What is wrong with ring j's peak on line l: phantom, lost, shadowed, or sampling only. */
    private static String peakStory(ArbitrationModel m, int j, int l) {
        double seen = m.seenMw[j][l];
        double meet = m.meetMw[j][l];
        if (Double.isNaN(seen)) {
            return "peak lost (restored by the lattice)";
        }
        double err = Math.abs(seen - meet);
        boolean shadow = false;
        for (int i = 0; i < j; i++) {
            shadow |= Math.abs(m.meetMw[i][l] - meet) < 0.8;
        }
        if (err > 0.1 && shadow) {
            return "own peak shadowed";
        }
        int shadowedLines = 0;
        for (int q = 0; q < m.lines(); q++) {
            for (int i = 0; i < j; i++) {
                if (Math.abs(m.meetMw[i][q] - m.meetMw[j][q]) < 0.8) {
                    shadowedLines++;
                    break;
                }
            }
        }
        int phantoms = 0;
        for (int q = 0; q < m.lines(); q++) {
            phantoms += Double.isNaN(m.meetMw[j][q]) && !Double.isNaN(m.seenMw[j][q]) ? 1 : 0;
        }
        return "lattice (peak " + (err > 0.1 ? "off" : "good") + ", " + shadowedLines + " shadowed, " + phantoms
                + " phantom)";
    }

    /** Estimated lockstep power per line spacing against the truth's, relative. */
    private static double etaError(ArbitrationModel m, LineArbiter.Estimates e, int j) {
        double spacing = (m.lineNm[m.lines() - 1] - m.lineNm[0]) / (m.lines() - 1);
        double trueRate = m.lockstepNmPerMw[j] / spacing;         // line spacings per mW
        double c = m.cfg.coupling();
        int r = m.rings();
        double estRate = e.eta()[j] + c * ((j > 0 ? e.eta()[j - 1] : 0) + (j + 1 < r ? e.eta()[j + 1] : 0));
        return estRate / trueRate - 1;
    }

    private static double outside(double p, double usable) {
        return p < 0 ? -p : p > usable ? p - usable : 0;
    }

    /** The arbiter's estimate of the settled powers of an assignment (unserved rings cold). */
    private static double[] estimatedLock(LineArbiter.Estimates e, int[] line, double c) {
        double[] shift = new double[line.length];
        for (int j = 0; j < line.length; j++) {
            shift[j] = line[j] < 0 ? 0 : e.shift()[j][line[j]];
        }
        return ArbitrationModel.settledMw(line, e.eta(), c, shift);
    }

    private record Widest(int[] line, double marginMw) {
    }

    /** The complete solution keeping every ring furthest from both heater ends (ground truth), 0.01 mW. */
    static Widest widest(ArbitrationModel m, double usable) {
        int r = m.rings();
        double[][] shift = new double[r][m.lines()];
        double[][] frame = new double[r][m.lines()];
        for (int j = 0; j < r; j++) {
            for (int l = 0; l < m.lines(); l++) {
                shift[j][l] = m.shiftNm(j, l);
                frame[j][l] = m.designFrameNm(j, l);
            }
        }
        double lo = 0;
        double hi = usable / 2;
        int[] best = solve(m, shift, frame, 0, usable);
        while (hi - lo > 0.01) {
            double t = (lo + hi) / 2;
            int[] s = solve(m, shift, frame, t, usable - t);
            if (s != null) {
                lo = t;
                best = s;
            } else {
                hi = t;
            }
        }
        return new Widest(best, lo);
    }

    private static int[] solve(ArbitrationModel m, double[][] shift, double[][] frame, double lo, double hi) {
        return new OrderedAssignmentSearch(shift, frame, 0, m.etaNmPerMw, m.cfg.coupling(), lo, hi, lo, hi, 0, false,
                ArbitrationOracle.SEARCH_CAP).run();
    }

    int failures() {
        return failures;
    }

    /** Counts by class, then one line per failing engine. */
    String report() {
        StringBuilder sb = new StringBuilder();
        sb.append("failures: ").append(failures).append('\n');
        counts.forEach((k, n) -> sb.append(String.format(Locale.ROOT, "%5d  %s%n", n, k)));
        sb.append('\n').append(lines);
        return sb.toString();
    }
}
