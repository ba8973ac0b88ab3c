package org.lightkeeper.firmware.ring;

/**
 * The resonance found in one heater sweep: heater power at the peak, the photocurrent there, the full
 * width at half maximum of the ring's own line in heater power, and the background under it (the other
 * lines' tails): {@link #fit} from a Lorentzian fit ({@link LorentzianFit}) to the samples above
 * {@link #FIT_FRACTION} of the maximum, {@link #find} by parabolic interpolation (no background). {@code heightMa} includes the background: it is what the
 * monitor reads at the peak. {@link #find} returns null when the trace holds no interior peak above
 * the floor.
 */
public record Peak(double powerMw, double heightMa, double fwhmMw, double backgroundMa) {
    /** Over a full-range sweep a line must stand this many times above the median (other lines' tails). */
    public static final double SWEEP_PROMINENCE = 5.0;
    /** A fine sweep spans little more than the line itself, so its median is higher. */
    public static final double FINE_PROMINENCE = 2.0;
    /**
     * Samples fitted: the run around the maximum above this share of it, |u| < 2 half widths. Wider
     * takes in more of the neighbours' tails, which curve and are not the fit's constant background.
     */
    static final double FIT_FRACTION = 0.4;

    /**
     * @param trace   photocurrent per step, mA
     * @param n       samples used
     * @param startMw heater power of sample 0
     * @param stepMw  heater power between samples
     * @param floorMa smallest photocurrent taken as light
     * @param prominence how many times the trace's median the maximum must reach
     */
    public static Peak find(double[] trace, int n, double startMw, double stepMw, double floorMa, double prominence) {
        return locate(trace, n, startMw, stepMw, floorMa, prominence, false);
    }

    /**
     * As {@link #find}, the peak from a Lorentzian fit with a background term ({@link LorentzianFit})
     * where it converges inside the fitted run: for the fine sweep, whose steps (a twentieth of a
     * line spacing's window) put several samples on the line. The calibration sweep (0.25 mW steps,
     * two or three samples per line) and what is built on it (arbitration, the Monte Carlo's model of
     * it) keep the three-point estimate of {@link #find}.
     */
    public static Peak fit(double[] trace, int n, double startMw, double stepMw, double floorMa, double prominence) {
        return locate(trace, n, startMw, stepMw, floorMa, prominence, true);
    }

    /**
     * Least fall from the maximum to the end of a window cut short by the heater's limit for the maximum
     * to count as a peak: a line 0.2 of its width inside the limit (the Lorentzian falls to 1/1.16 there),
     * well above the photodiode noise of a fine sweep (~1 %).
     */
    static final double CUT_FALL = 1.15;

    /**
     * As {@link #fit}, for a fine sweep whose window the heater's range cut short at one end
     * ({@code cutEnd} -1: at 0 mW, +1: at the limit; 0: not cut). A line near the cut end fills much of
     * such a window, so the median is its own flank, not the other lines' tails, and a line 0.4 of a
     * linewidth inside the limit stood only 1.6 times over it (the devkit soak, seed 3): the maximum is held against the far end
     * instead (prominence times it), and must fall {@link #CUT_FALL} towards the cut end.
     */
    public static Peak fitCut(double[] trace, int n, double startMw, double stepMw, double floorMa, double prominence,
                              int cutEnd) {
        if (cutEnd == 0) {
            return fit(trace, n, startMw, stepMw, floorMa, prominence);
        }
        int m = highest(trace, n);
        if (m == 0 || m == n - 1 || trace[m] < floorMa) {
            return null;
        }
        double far = cutEnd > 0 ? trace[0] : trace[n - 1];
        double cut = cutEnd > 0 ? trace[n - 1] : trace[0];
        if (trace[m] < prominence * far || trace[m] < CUT_FALL * cut) {
            return null;
        }
        return refine(trace, n, m, startMw, stepMw, true);
    }

    private static int highest(double[] trace, int n) {
        int m = 0;
        for (int k = 1; k < n; k++) {
            if (trace[k] > trace[m]) {
                m = k;
            }
        }
        return m;
    }

    private static Peak locate(double[] trace, int n, double startMw, double stepMw, double floorMa, double prominence,
                               boolean fitted) {
        int m = highest(trace, n);
        if (m == 0 || m == n - 1 || trace[m] < floorMa) {
            return null; // no interior maximum: the line is outside this sweep
        }
        double med = median(trace, n);
        if (trace[m] < prominence * med) {
            return null;
        }
        return refine(trace, n, m, startMw, stepMw, fitted);
    }

    /** The peak around interior maximum {@code m}: fitted, or the three-point estimate. */
    private static Peak refine(double[] trace, int n, int m, double startMw, double stepMw, boolean fitted) {
        if (!fitted) {
            return threePoint(trace, n, m, startMw, stepMw);
        }
        int lo = m;
        while (lo > 0 && trace[lo - 1] > FIT_FRACTION * trace[m]) {
            lo--;
        }
        int hi = m;
        while (hi < n - 1 && trace[hi + 1] > FIT_FRACTION * trace[m]) {
            hi++;
        }
        LorentzianFit.Result fit = LorentzianFit.fit(trace, lo, hi);
        if (fit != null && fit.x0() > lo && fit.x0() < hi) {
            return new Peak(startMw + fit.x0() * stepMw, fit.a() + fit.b(), 2 * fit.h() * stepMw, fit.b());
        }
        return threePoint(trace, n, m, startMw, stepMw);
    }

    /**
     * Fallback when the fit fails (a trace that is not one Lorentzian): parabolic interpolation over the
     * three samples around the maximum, half-maximum crossings for the width, no background.
     */
    private static Peak threePoint(double[] trace, int n, int m, double startMw, double stepMw) {
        double a = trace[m - 1];
        double b = trace[m];
        double c = trace[m + 1];
        double denom = a - 2 * b + c;
        double offset = denom < 0 ? 0.5 * (a - c) / denom : 0;
        // Height at the parabola's vertex, not the highest sample: a centre half a step off the grid
        // would otherwise lower the half-maximum level and widen the FWHM by a couple of per cent.
        double height = b - 0.25 * (a - c) * offset;
        double half = height / 2;
        double left = crossing(trace, m, -1, half, n);
        double right = crossing(trace, m, +1, half, n);
        double fwhm;
        if (!Double.isNaN(left) && !Double.isNaN(right)) {
            fwhm = (right - left) * stepMw;
        } else if (!Double.isNaN(left) || !Double.isNaN(right)) {
            // One flank cut off by the end of the range: a Lorentzian is symmetric, mirror the other.
            double peakAt = m + offset;
            fwhm = 2 * (Double.isNaN(left) ? right - peakAt : peakAt - left) * stepMw;
        } else {
            fwhm = Double.NaN;
        }
        return new Peak(startMw + (m + offset) * stepMw, height, fwhm, 0);
    }

    /**
     * Least share of the lane's light {@link #unshadow} believes reaches a ring: where the upstream
     * rings' readings account for nearly all of it, the division would amplify a remainder of tails.
     */
    static final double UNSHADOW_MIN_LIGHT = 0.1;

    /**
     * Farthest an unshadowed peak may lie from the raw trace's own peak ({@link #findUnshadowed}): an
     * upstream ring crossing the same line pushes the raw peak up to a linewidth away (PeakLattice's
     * shadow distance, 0.8 mW on the devkit), plus a sweep step.
     */
    static final double UNSHADOW_MOVE_MW = PeakLattice.SHADOW_MW + 0.25;

    /**
     * Divides out of each ring's calibration-sweep trace the light its upstream rings took first (one
     * lane lit, every ring of the waveguide at the same step): what ring i's monitor reads is light
     * ring i took, so the light reaching ring j at step k is the lane's input less the upstream rings'
     * readings at k (noise-free, a ring's monitor reads the light it drops). The input is not known in
     * photocurrent units (lane power, responsivity and drop fraction are not the firmware's to know):
     * it is taken as the most light the waveguide's monitors account for at any one step, a ring's
     * drop at resonance, somewhat under the true input, so a dip is divided out a little too much
     * where two rings cross the line together, never by more than 1 / {@link #UNSHADOW_MIN_LIGHT}.
     *
     * @param trace  photocurrent per ring and step, mA (read only)
     * @param into   the divided traces, same shape (written for the rings of {@code order})
     * @param order  the waveguide's rings in light order (indices into {@code trace})
     * @param n      samples used
     */
    public static void unshadow(double[][] trace, double[][] into, int[] order, int n) {
        double most = 0;
        for (int k = 0; k < n; k++) {
            double sum = 0;
            for (int j : order) {
                sum += trace[j][k];
            }
            most = Math.max(most, sum);
        }
        for (int k = 0; k < n; k++) {
            double upstream = 0;
            for (int j : order) {
                double t = trace[j][k];
                into[j][k] = most > 0 ? t * most / Math.max(most - upstream, UNSHADOW_MIN_LIGHT * most) : t;
                upstream += t;
            }
        }
    }

    /**
     * {@link #find} on an unshadowed trace, kept only where the raw trace has a peak of its own within
     * {@link #UNSHADOW_MOVE_MW}: the division moves a shadowed peak back to where the line is, it does
     * not make one. Without this, devkit's seed-3 hour found a "line" 0.02 mA tall in a trace that never
     * rose above 0.002 mA (an upstream ring took all of that lane where this one met its tail, and the
     * division amplified the tail tenfold): the ring's lattice slipped a whole line and it locked on
     * another ring's line.
     */
    public static Peak findUnshadowed(double[] raw, double[] divided, int n, double startMw, double stepMw, double floorMa,
                                      double prominence) {
        Peak p = find(divided, n, startMw, stepMw, floorMa, prominence);
        if (p == null) {
            return null;
        }
        Peak own = find(raw, n, startMw, stepMw, floorMa, prominence);
        return own != null && Math.abs(own.powerMw() - p.powerMw()) <= UNSHADOW_MOVE_MW ? p : null;
    }

    /**
     * What the monitor reads where the ring's own line is at {@code fraction} of its peak:
     * fraction * A + B. A level lock on fraction * {@link #heightMa} instead sits lower by
     * (1 - fraction) * B, further out on the slope (about 4 pm on the devkit, B ~ 3 % of A).
     */
    public double slopeLevelMa(double fraction) {
        return fraction * (heightMa - backgroundMa) + backgroundMa;
    }

    /** Fractional sample index where the trace falls through {@code level}, walking from {@code m}. */
    private static double crossing(double[] t, int m, int dir, double level, int n) {
        for (int k = m; k + dir >= 0 && k + dir < n; k += dir) {
            if (t[k + dir] < level) {
                return k + dir * (t[k] - level) / (t[k] - t[k + dir]);
            }
        }
        return Double.NaN;
    }

    private static double median(double[] t, int n) {
        // Sweeps are short (a few hundred samples) and run only at calibration: a sorted copy is fine.
        double[] c = java.util.Arrays.copyOf(t, n);
        java.util.Arrays.sort(c);
        return c[n / 2];
    }
}
