package org.lightkeeper.firmware.ring;

import java.util.Arrays;

/** What a ring's sweeps say, as pure functions: heater efficiency, where to park, why no line was found. */
final class SweepAnalysis {
    private SweepAnalysis() {
    }

    /**
     * Heater efficiency seen in the lockstep sweep (own heater plus neighbours'), from the spacing of
     * the lines each ring met in one resonance order; nominal when fewer than two lines were seen.
     */
    static double efficiency(double[] peakMw, int[] order, double[] lambdaNm, double nominal) {
        double[] est = new double[order.length];
        int n = 0;
        for (int l = 0; l + 1 < order.length; l++) {
            double p0 = peakMw[order[l]];
            double p1 = peakMw[order[l + 1]];
            if (!Double.isNaN(p0) && !Double.isNaN(p1) && p1 > p0) {
                double e = (lambdaNm[order[l + 1]] - lambdaNm[order[l]]) / (p1 - p0);
                // A pair met in different resonance orders gives nonsense; keep what is physical.
                if (e > nominal / EngineLock.EFFICIENCY_TRUST && e < nominal * EngineLock.EFFICIENCY_TRUST) {
                    est[n++] = e;
                }
            }
        }
        if (n == 0) {
            return nominal;
        }
        Arrays.sort(est, 0, n);
        return est[n / 2];
    }

    /**
     * Where to park a ring between lines, from the heater powers at which it met each line: midway
     * between the two met lines farthest apart. Every line in between was met too, so the ring is at
     * least half a spacing from any line; beyond the outermost lines met there may be lines just out
     * of sweep range, so the ends are never chosen. 0 when fewer than two lines were met.
     */
    static double midwayBetweenLines(double[] peakMw) {
        double[] peaks = peakMw.clone();
        Arrays.sort(peaks); // NaN sorts last
        double best = 0;
        double widest = -1;
        for (int k = 0; k + 1 < peaks.length && !Double.isNaN(peaks[k + 1]); k++) {
            if (peaks[k + 1] - peaks[k] > widest) {
                widest = peaks[k + 1] - peaks[k];
                best = (peaks[k] + peaks[k + 1]) / 2;
            }
        }
        return best;
    }

    /** Why a fine sweep found no line: no light at all, no response to the heater, or no peak in the window. */
    static String diagnose(double[] trace, int n, double estimateMw) {
        if (max(trace, n) < EngineLock.FLOOR_MA) {
            return "no light at the monitor: lane dark or monitor photodiode dead; parked";
        }
        if (!responds(trace, n)) {
            return "monitor does not respond to the heater: heater open or short suspected; parked";
        }
        return String.format("line not found near %.2f mW; parked", estimateMw);
    }

    /**
     * Whether a sweep saw light that its heater moved: above the floor, and changing by more than
     * {@link EngineLock#FLAT_RATIO}. A sweep that did not is a fault of the ring (dark monitor, open or
     * shorted heater), not a line missed: searching further would not find one.
     */
    static boolean responds(double[] trace, int n) {
        double min = Double.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            min = Math.min(min, trace[k]);
        }
        double max = max(trace, n);
        return max >= EngineLock.FLOOR_MA && max >= EngineLock.FLAT_RATIO * min;
    }

    private static double max(double[] trace, int n) {
        double max = 0;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, trace[k]);
        }
        return max;
    }
}
