package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.ring.LineSearch.Seen;

class LineSearchTest {
    /** Eight lanes 0.8 nm apart in lane order; a period of 7.6 spacings, as a ring's FSR is no multiple of the grid. */
    private static final double[] LAMBDA = {1300.0, 1300.8, 1301.6, 1302.4, 1303.2, 1304.0, 1304.8, 1305.6};
    private static final double FSR_NM = 6.08;
    private static final double NM_PER_MW = 0.19;
    private static final double STEP = 0.25;
    private static final int N = 81; // 0-20 mW
    private static final double MAX_MW = 20;

    /**
     * A whole-range sweep as the monitor sees it: a Lorentzian (half width 0.3 mW) per line, of full
     * height for a lane that reaches the ring, a 13 % residue for one a filter upstream drops, none for
     * a dark one.
     */
    private static double[] trace(double offsetMw, double trueNmPerMw, Seen[] seen, boolean[] dark) {
        double[] t = new double[N];
        double period = FSR_NM / trueNmPerMw;
        for (int k = 0; k < N; k++) {
            double p = k * STEP;
            double v = 0.002;
            for (int l = 0; l < LAMBDA.length; l++) {
                if (dark[l] || seen[l] == Seen.DARK) {
                    continue;
                }
                double h = seen[l] == Seen.DROPPED ? 0.026 : 0.2;
                double at = LAMBDA[l] / trueNmPerMw - offsetMw;
                for (int order = -3; order <= 3; order++) {
                    double u = (p - (at + order * period)) / 0.3;
                    v += h / (1 + u * u);
                }
            }
            t[k] = v;
        }
        return t;
    }

    private static double truePosition(int lane, double offsetMw, double nmPerMw, double near) {
        double period = FSR_NM / nmPerMw;
        double base = LAMBDA[lane] / nmPerMw - offsetMw;
        return base + Math.rint((near - base) / period) * period;
    }

    private static Seen[] allPresent() {
        Seen[] s = new Seen[LAMBDA.length];
        Arrays.fill(s, Seen.FULL);
        return s;
    }

    /** The seed-3 soak's case: own lane 0, lane 7 dropped by the filter upstream, lane 6 dark; its line sits where no estimate said. */
    @Test
    void findsTheOwnLineAmongOthersByTheCombsPattern() {
        Seen[] seen = allPresent();
        seen[7] = Seen.DROPPED;
        seen[6] = Seen.DARK;
        boolean[] dark = new boolean[8];
        dark[6] = true;
        double offset = 1300.0 / NM_PER_MW - 19.2; // lane 0 at 19.2 mW
        double[] t = trace(offset, NM_PER_MW, seen, dark);
        LineSearch.Result r = LineSearch.locate(t, N, 0, STEP, 0.004, LAMBDA, seen, FSR_NM, NM_PER_MW, 0, 15.6, MAX_MW);
        assertTrue(r.found(), r.why());
        assertEquals(truePosition(0, offset, NM_PER_MW, 15.6), r.ownMw(), 0.1, r.why());
        assertTrue(r.matched() >= 3, r.why());
    }

    /**
     * Wherever the comb falls on the range, the search never names a wrong line: it finds the own line
     * or says why not. Where only evenly spaced lines fall in the range (the comb's wrap and the dropped
     * lane both outside), a shift by one line explains the sweep as well, and it says so.
     */
    @Test
    void neverNamesAWrongLineWhereverTheRingSits() {
        Seen[] seen = allPresent();
        seen[2] = Seen.DROPPED;
        boolean[] dark = new boolean[8];
        int inRange = 0;
        int found = 0;
        for (double o = 0; o < 32; o += 0.7) {
            double offset = 1300.0 / NM_PER_MW - o;
            double[] t = trace(offset, NM_PER_MW, seen, dark);
            for (int own : new int[] {0, 3, 5}) {
                double want = truePosition(own, offset, NM_PER_MW, 10);
                LineSearch.Result r = LineSearch.locate(t, N, 0, STEP, 0.004, LAMBDA, seen, FSR_NM, NM_PER_MW, own, 10, MAX_MW);
                if (r.found()) {
                    double period = FSR_NM / NM_PER_MW;
                    double d = Math.abs(r.ownMw() - want) % period;
                    assertTrue(Math.min(d, period - d) < 0.1, "offset " + o + " lane " + own + ": " + r.why() + ", truly at " + want);
                }
                if (want >= 0.5 && want <= MAX_MW - 0.5) {
                    inRange++;
                    found += r.found() ? 1 : 0;
                }
            }
        }
        assertTrue(found >= inRange * 0.6, found + " of " + inRange + " found");
    }

    /** The efficiency known to 4 %: a line 20 mW up moves 0.8 mW, within the match tolerance. */
    @Test
    void toleratesAnEfficiencyKnownToAFewPerCent() {
        Seen[] seen = allPresent();
        seen[4] = Seen.DROPPED;
        boolean[] dark = new boolean[8];
        double trueEff = NM_PER_MW * 1.04;
        double offset = 1300.0 / trueEff - 3.0;
        double[] t = trace(offset, trueEff, seen, dark);
        LineSearch.Result r = LineSearch.locate(t, N, 0, STEP, 0.004, LAMBDA, seen, FSR_NM, NM_PER_MW, 3, 10, MAX_MW);
        assertTrue(r.found(), r.why());
        assertEquals(truePosition(3, offset, trueEff, 10), r.ownMw(), 0.6, r.why());
    }

    /** A comb whose period is a whole number of spacings, every lane present: any one-line shift fits as well. */
    @Test
    void saysSoWhenTheCombFitsMoreThanOneWay() {
        Seen[] seen = allPresent();
        boolean[] dark = new boolean[8];
        double fsr = 8 * 0.8;
        double[] t = new double[N];
        double period = fsr / NM_PER_MW;
        for (int k = 0; k < N; k++) {
            for (int l = 0; l < 8; l++) {
                for (int order = -2; order <= 2; order++) {
                    double u = (k * STEP - (LAMBDA[l] / NM_PER_MW - 6800 + order * period)) / 0.3;
                    t[k] += 0.2 / (1 + u * u);
                }
            }
        }
        LineSearch.Result r = LineSearch.locate(t, N, 0, STEP, 0.004, LAMBDA, seen, fsr, NM_PER_MW, 3, 10, MAX_MW);
        assertFalse(r.found(), r.why());
        assertTrue(r.why().contains("more than one way"), r.why());
    }

    @Test
    void aLineOutsideTheRangeIsReportedAsSuch() {
        Seen[] seen = allPresent();
        seen[1] = Seen.DROPPED;
        boolean[] dark = new boolean[8];
        // A period of 40 mW: lane 7 sits 7 x 4.2 = 29.5 mW above lane 0 at 1 mW, beyond 20 mW, and its other order below 0.
        double fsr = 40 * NM_PER_MW;
        double offset = 1300.0 / NM_PER_MW - 1.0;
        double[] t = new double[N];
        for (int k = 0; k < N; k++) {
            for (int l = 0; l < 8; l++) {
                double h = seen[l] == Seen.DROPPED ? 0.026 : 0.2;
                for (int order = -2; order <= 2; order++) {
                    double u = (k * STEP - (LAMBDA[l] / NM_PER_MW - offset + order * 40)) / 0.3;
                    t[k] += h / (1 + u * u);
                }
            }
        }
        LineSearch.Result r = LineSearch.locate(t, N, 0, STEP, 0.004, LAMBDA, seen, fsr, NM_PER_MW, 7, 18, MAX_MW);
        assertFalse(r.found(), r.why());
        assertTrue(r.why().contains("outside the heater's range"), r.why());
        assertTrue(r.matched() >= 3, r.why());
    }

    @Test
    void oneLineAloneCannotBeTold() {
        Seen[] seen = allPresent();
        double[] t = new double[N];
        for (int k = 0; k < N; k++) {
            double u = (k * STEP - 7) / 0.3;
            t[k] = 0.002 + 0.2 / (1 + u * u);
        }
        LineSearch.Result r = LineSearch.locate(t, N, 0, STEP, 0.004, LAMBDA, seen, FSR_NM, NM_PER_MW, 2, 10, MAX_MW);
        assertFalse(r.found(), r.why());
    }
}
