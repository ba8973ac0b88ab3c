package org.lightkeeper.firmware.ring;

/**
 * The resonance found in one heater sweep: heater power at the peak and the peak photocurrent (parabolic
 * interpolation over the three samples around the maximum) and the full width at half maximum in
 * heater power. {@link #find} returns null when the trace holds no interior peak above the floor.
 */
public record Peak(double powerMw, double heightMa, double fwhmMw) {
    /** Over a full-range sweep a line must stand this many times above the median (other lines' tails). */
    public static final double SWEEP_PROMINENCE = 5.0;
    /** A fine sweep spans little more than the line itself, so its median is higher. */
    public static final double FINE_PROMINENCE = 2.0;

    /**
     * @param trace   photocurrent per step, mA
     * @param n       samples used
     * @param startMw heater power of sample 0
     * @param stepMw  heater power between samples
     * @param floorMa smallest photocurrent taken as light
     * @param prominence how many times the trace's median the maximum must reach
     */
    public static Peak find(double[] trace, int n, double startMw, double stepMw, double floorMa, double prominence) {
        int m = 0;
        for (int k = 1; k < n; k++) {
            if (trace[k] > trace[m]) {
                m = k;
            }
        }
        if (m == 0 || m == n - 1 || trace[m] < floorMa) {
            return null; // no interior maximum: the line is outside this sweep
        }
        double med = median(trace, n);
        if (trace[m] < prominence * med) {
            return null;
        }
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
        return new Peak(startMw + (m + offset) * stepMw, height, fwhm);
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
