package org.lightkeeper.firmware.ring;

import java.util.Arrays;

/**
 * Finds a ring's own line in a sweep of its heater alone over the whole range (DESIGN.md section 3,
 * "SWEEP after repeated loss"), telling it from the other lines the sweep crosses by the comb's
 * pattern: the lines' wavelengths (the ELS's grid), the ring's period (its FSR) and its own heater
 * efficiency put every line at a known heater power up to one unknown offset, the ring's cold
 * resonance. What reaches the ring of each lane is known too (a dark lane nothing, a line a filter
 * upstream drops only a residue, a line a modulator upstream holds on its slope full or in part), and
 * that breaks the comb's symmetry. The offset that explains the sweep best, tall peaks, residues and
 * lines missing alike, places the ring's own line.
 *
 * <p>A pure function of one trace; runs once per search, never in the steady-state loop.
 */
final class LineSearch {
    /** What of a lane reaches the searching ring. */
    enum Seen {
        /** All its light: a tall peak where the line sits. */
        FULL,
        /** Part of it (a modulator upstream holds it on its slope): a tall peak or a residue, not nothing. */
        PART,
        /** A residue at most (a filter upstream drops it): never a tall peak. */
        DROPPED,
        /** None (the lane is dark): no peak at all. */
        DARK
    }

    /** The result: the own line's heater power (NaN none), how much of the sweep the comb explained, and why. */
    record Result(double ownMw, int matched, int peaks, String why) {
        boolean found() {
            return !Double.isNaN(ownMw);
        }
    }

    /**
     * A peak belongs to a line when it sits within this share of a line spacing of it: the heater
     * efficiency is known to a few per cent (the coupling measurement or the calibration sweep), which
     * over a 20 mW range moves a line by up to a quarter of a spacing; the next line is a whole
     * spacing away.
     */
    static final double MATCH_SPACINGS = 0.3;

    /**
     * A peak is tall (a line's light) from this share of the tallest. A line a drop filter upstream
     * takes leaves a residue of about 13 % of a full peak on the devkit's receive waveguide (docs/soak.md,
     * seed 3); lanes within their power spec differ by well under half.
     */
    static final double TALL_SHARE = 0.4;

    /**
     * A smaller local maximum is a residue when it stands this many times above the lower of the
     * minima either side of it (the seed-3 residue: 0.024 mA between 0.004 and 0.011); photodiode noise
     * on the flat floor between lines is a few per cent.
     */
    static final double RESIDUE_RATIO = 1.5;

    /** Fewest pieces of the sweep the comb must explain before its offset is trusted: one peak can be any line. */
    static final int MIN_MATCHED = 2;

    private LineSearch() {
    }

    /**
     * @param trace    monitor per step over the sweep, mA
     * @param n        samples used
     * @param startMw  heater power of sample 0
     * @param stepMw   heater power between samples
     * @param floorMa  smallest photocurrent taken as light
     * @param lambdaNm the lanes' wavelengths (lane index)
     * @param seen     per lane, what of it reaches the ring
     * @param fsrNm    the ring's free spectral range, nm
     * @param nmPerMw  the ring's own heater efficiency (its heater alone moving), nm/mW
     * @param ownLane  the lane the ring was assigned
     * @param nearMw   the ring's line is taken in the resonance order nearest this heater power
     * @param maxMw    the heater's limit
     */
    static Result locate(double[] trace, int n, double startMw, double stepMw, double floorMa, double[] lambdaNm,
                         Seen[] seen, double fsrNm, double nmPerMw, int ownLane, double nearMw, double maxMw) {
        double[] tall = peaks(trace, n, startMw, stepMw, floorMa, true);
        double[] residues = peaks(trace, n, startMw, stepMw, floorMa, false);
        if (tall.length == 0) {
            return new Result(Double.NaN, 0, 0, "the search sweep saw no line at all");
        }
        // Each lane's heater power up to the unknown offset, and the ring's period, in mW of its own heater.
        double[] x = new double[lambdaNm.length];
        for (int l = 0; l < x.length; l++) {
            x[l] = lambdaNm[l] / nmPerMw;
        }
        double period = fsrNm / nmPerMw;
        double tol = MATCH_SPACINGS * meanSpacingNm(lambdaNm) / nmPerMw;
        double from = startMw + tol;
        double to = startMw + (n - 1) * stepMw - tol;
        // Every (tall peak, lane that can show one) pair proposes an offset; the best-scoring one is kept,
        // unless another offset, not the same one reached from another pair, scores as well.
        double best = Double.NaN;
        int bestScore = Integer.MIN_VALUE;
        boolean tie = false;
        for (double q : tall) {
            for (int l = 0; l < x.length; l++) {
                if (seen[l] != Seen.FULL && seen[l] != Seen.PART) {
                    continue;
                }
                double offset = floorMod(x[l] - q, period);
                int score = score(tall, residues, x, seen, offset, period, tol, from, to, false);
                if (score > bestScore) {
                    bestScore = score;
                    best = offset;
                    tie = false;
                } else if (score == bestScore && !sameOffset(offset, best, period, tol)) {
                    tie = true;
                }
            }
        }
        int matched = score(tall, residues, x, seen, best, period, tol, from, to, true);
        int peaks = tall.length + residues.length;
        if (matched < MIN_MATCHED) {
            return new Result(Double.NaN, matched, peaks, String.format(
                    "the search sweep saw %d line(s); too few to tell which is lane %d", tall.length, ownLane));
        }
        if (tie) {
            return new Result(Double.NaN, matched, peaks, String.format(
                    "the search sweep's %d lines fit the comb more than one way; lane %d not told apart",
                    tall.length, ownLane));
        }
        // The own line in the resonance order nearest where it was expected; another order if that one is out of range.
        double base = x[ownLane] - best;
        double own = base + Math.rint((nearMw - base) / period) * period;
        if (own < 0 || own > maxMw) {
            double other = own < 0 ? own + period : own - period;
            if (other < 0 || other > maxMw) {
                return new Result(Double.NaN, matched, peaks, String.format(
                        "lane %d is at %.1f mW by the comb (%d of %d peaks explained): outside the heater's range",
                        ownLane, own, matched, peaks));
            }
            own = other;
        }
        if (own >= from && own <= to && !near(tall, own, tol)) {
            // The comb says there, the sweep saw no line there: the comb's fit is not to be trusted.
            return new Result(Double.NaN, matched, peaks, String.format(
                    "the comb puts lane %d at %.2f mW, where the search sweep saw no line", ownLane, own));
        }
        return new Result(own, matched, peaks, String.format(
                "lane %d found at %.2f mW by the comb (%d of %d peaks explained)", ownLane, own, matched, peaks));
    }

    /**
     * How well an offset explains the sweep: +1 for each tall peak on a lane that shows one (full or
     * part) and each residue on a lane that leaves one (dropped or part); -1 for a tall peak on a
     * lane that cannot show one or on no line, a residue on a dark lane, and a full or part lane's line
     * inside [from, to] with nothing there. With {@code agreeing}, only the +1s are counted.
     */
    private static int score(double[] tall, double[] residues, double[] x, Seen[] seen, double offset, double period,
                             double tol, double from, double to, boolean agreeing) {
        int plus = 0;
        int minus = 0;
        for (double q : tall) {
            int l = laneAt(q, x, offset, period, tol);
            if (l >= 0 && (seen[l] == Seen.FULL || seen[l] == Seen.PART)) {
                plus++;
            } else {
                minus++;
            }
        }
        for (double q : residues) {
            int l = laneAt(q, x, offset, period, tol);
            if (l >= 0 && (seen[l] == Seen.DROPPED || seen[l] == Seen.PART)) {
                plus++;
            } else if (l >= 0 && seen[l] == Seen.DARK) {
                minus++;
            }
        }
        for (int l = 0; l < x.length; l++) {
            if (seen[l] != Seen.FULL && seen[l] != Seen.PART) {
                continue;
            }
            double p = floorMod(x[l] - offset, period);
            for (p += Math.ceil((from - p) / period) * period; p <= to; p += period) {
                if (!near(tall, p, tol) && (seen[l] == Seen.FULL || !near(residues, p, tol))) {
                    minus++;
                }
            }
        }
        return agreeing ? plus : plus - minus;
    }

    /** The lane whose line sits within tol of heater power q for the offset, -1 none. */
    private static int laneAt(double q, double[] x, double offset, double period, double tol) {
        for (int l = 0; l < x.length; l++) {
            double d = floorMod(q - (x[l] - offset), period);
            if (Math.min(d, period - d) <= tol) {
                return l;
            }
        }
        return -1;
    }

    private static boolean near(double[] peaks, double p, double tol) {
        for (double q : peaks) {
            if (Math.abs(q - p) <= tol) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameOffset(double a, double b, double period, double tol) {
        double d = floorMod(a - b, period);
        return Math.min(d, period - d) <= tol;
    }

    /**
     * Interior local maxima above the floor, parabola-refined, mW: with {@code tall} those reaching
     * {@link #TALL_SHARE} of the tallest, else the smaller ones standing {@link #RESIDUE_RATIO} above
     * the lower minimum either side.
     */
    static double[] peaks(double[] trace, int n, double startMw, double stepMw, double floorMa, boolean tall) {
        double tallest = 0;
        for (int k = 0; k < n; k++) {
            tallest = Math.max(tallest, trace[k]);
        }
        double level = TALL_SHARE * tallest;
        double[] out = new double[n];
        int m = 0;
        for (int k = 1; k + 1 < n; k++) {
            if (trace[k] < floorMa || trace[k] <= trace[k - 1] || trace[k] < trace[k + 1] || (trace[k] >= level) != tall) {
                continue;
            }
            if (!tall && trace[k] < RESIDUE_RATIO * Math.min(valley(trace, n, k, -1), valley(trace, n, k, +1))) {
                continue;
            }
            double a = trace[k - 1];
            double b = trace[k];
            double c = trace[k + 1];
            double denom = a - 2 * b + c;
            double offset = denom < 0 ? 0.5 * (a - c) / denom : 0;
            out[m++] = startMw + (k + offset) * stepMw;
        }
        return Arrays.copyOf(out, m);
    }

    /** The lowest value walking from maximum k in direction dir while the trace keeps falling. */
    private static double valley(double[] t, int n, int k, int dir) {
        int j = k;
        while (j + dir >= 0 && j + dir < n && t[j + dir] <= t[j]) {
            j += dir;
        }
        return t[j];
    }

    private static double meanSpacingNm(double[] lambdaNm) {
        double[] s = lambdaNm.clone();
        Arrays.sort(s);
        return (s[s.length - 1] - s[0]) / (s.length - 1);
    }

    private static double floorMod(double x, double period) {
        double r = x % period;
        return r < 0 ? r + period : r;
    }
}
