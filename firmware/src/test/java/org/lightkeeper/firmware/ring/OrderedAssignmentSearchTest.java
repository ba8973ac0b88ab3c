package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OrderedAssignmentSearchTest {
    private static final double N = Double.NaN;

    /** Settled powers by plain Gaussian elimination of the full system (cold rings: X = 0). */
    private static double[] settled(int[] line, double[][] shift, double[] eta, double c) {
        int n = line.length;
        double[][] a = new double[n][n + 1];
        for (int j = 0; j < n; j++) {
            if (line[j] < 0) {
                a[j][j] = 1;
                continue;
            }
            a[j][j] = eta[j];
            if (j > 0 && line[j - 1] >= 0) {
                a[j][j - 1] = c * eta[j - 1];
            }
            if (j + 1 < n && line[j + 1] >= 0) {
                a[j][j + 1] = c * eta[j + 1];
            }
            a[j][n] = shift[j][line[j]];
        }
        for (int i = 0; i < n; i++) {
            for (int r = i + 1; r < n; r++) {
                double f = a[r][i] / a[i][i];
                for (int k = i; k <= n; k++) {
                    a[r][k] -= f * a[i][k];
                }
            }
        }
        double[] p = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = a[i][n];
            for (int k = i + 1; k < n; k++) {
                s -= a[i][k] * p[k];
            }
            p[i] = s / a[i][i];
        }
        for (int j = 0; j < n; j++) {
            p[j] = line[j] < 0 ? N : p[j];
        }
        return p;
    }

    /**
     * Best by brute force over every assignment (each ring: a line or, if allowed, none): most rings
     * served, then fewest settled outside [bandLo, bandHi], then least power. {served, misses, cost}.
     */
    private static double[] bruteForce(double[][] shift, double[][] frame, double[] eta, double c, double lo, double hi,
                                       double bandLo, double bandHi, boolean allowUnserved, int[] bestOut) {
        int r = shift.length;
        int lines = shift[0].length;
        int options = lines + 1;
        double bestServed = -1;
        int bestMisses = Integer.MAX_VALUE;
        double bestCost = Double.POSITIVE_INFINITY;
        int[] line = new int[r];
        for (long code = 0; code < Math.pow(options, r); code++) {
            long x = code;
            boolean ok = true;
            long used = 0;
            double prev = Double.NEGATIVE_INFINITY;
            int served = 0;
            for (int j = 0; j < r; j++) {
                line[j] = (int) (x % options) - 1;
                x /= options;
                if (line[j] < 0) {
                    ok &= allowUnserved;
                    continue;
                }
                int l = line[j];
                ok &= !Double.isNaN(shift[j][l]) && (used & (1L << l)) == 0 && frame[j][l] > prev;
                used |= 1L << l;
                prev = frame[j][l];
                served++;
            }
            if (!ok) {
                continue;
            }
            double[] p = settled(line, shift, eta, c);
            double cost = 0;
            int misses = 0;
            for (int j = 0; j < r; j++) {
                if (line[j] >= 0) {
                    ok &= p[j] >= lo && p[j] <= hi;
                    misses += p[j] >= bandLo && p[j] <= bandHi ? 0 : 1;
                    cost += p[j];
                }
            }
            if (ok && (served > bestServed || (served == bestServed
                    && (misses < bestMisses || (misses == bestMisses && cost < bestCost - 1e-12))))) {
                bestServed = served;
                bestMisses = misses;
                bestCost = cost;
                System.arraycopy(line, 0, bestOut, 0, r);
            }
        }
        return bestServed < 0 ? null : new double[] {bestServed, bestMisses, bestCost};
    }

    @Test
    void matchesBruteForceOnRandomWaveguides() {
        SplittableRandom rnd = new SplittableRandom(5);
        int found = 0;
        for (int trial = 0; trial < 300; trial++) {
            int r = 5;
            int lines = 5;
            double c = 0.15;
            double[][] shift = new double[r][lines];
            double[][] frame = new double[r][lines];
            double[] eta = new double[r];
            for (int j = 0; j < r; j++) {
                eta[j] = 0.2 + 0.1 * rnd.nextDouble();
                for (int l = 0; l < lines; l++) {
                    boolean met = rnd.nextDouble() < 0.7;
                    shift[j][l] = met ? 6 * rnd.nextDouble() : N;
                    frame[j][l] = met ? 2 * j + rnd.nextInt(4) : N; // mostly climbing: complete answers common
                }
            }
            for (boolean partial : new boolean[] {false, true}) {
                // Band: none (the whole range), or a comfortable band whose misses count before power.
                for (double[] band : new double[][] {{0, 19.5}, {2.5, 5}}) {
                    int[] expected = new int[r];
                    double[] best = bruteForce(shift, frame, eta, c, 0, 19.5, band[0], band[1], partial, expected);
                    OrderedAssignmentSearch s = new OrderedAssignmentSearch(shift, frame, 0, eta, c, 0, 19.5, band[0],
                            band[1], partial ? 0 : r, partial, 1_000_000);
                    int[] got = s.run();
                    if (partial && band[0] > 0) {
                        continue; // the partial search allows no misses: its band is its range, not compared here
                    }
                    if (best == null) {
                        assertNull(got, "trial " + trial);
                        continue;
                    }
                    found += partial ? 0 : 1;
                    double[] p = settled(got, shift, eta, c);
                    double cost = 0;
                    int served = 0;
                    int misses = 0;
                    for (int j = 0; j < r; j++) {
                        if (got[j] >= 0) {
                            served++;
                            cost += p[j];
                            misses += p[j] >= band[0] && p[j] <= band[1] ? 0 : 1;
                            assertEquals(p[j], s.powersMw()[j], 1e-9, "trial " + trial + " ring " + j);
                        }
                    }
                    String what = "trial " + trial + ": " + java.util.Arrays.toString(got) + " vs "
                            + java.util.Arrays.toString(expected);
                    assertEquals((int) best[0], served, what);
                    assertEquals((int) best[1], misses, what);
                    assertEquals(misses, s.misses(), what);
                    assertEquals(best[2], cost, 1e-9, what);
                }
            }
        }
        assertTrue(found > 300, "complete answers must be common among the random cases: " + found);
    }

    @Test
    void fewerRingsOutsideTheBandComeBeforeLessPower() {
        // Two rings, no crosstalk: (0, 1) costs 1 + 1 mW, both below a 2.5 mW band edge; (0, 2) costs 1 + 3
        // with ring 1 inside the band.
        double[][] shift = {{1, N, N}, {N, 1, 3}};
        double[][] frame = {{0, N, N}, {N, 1, 2}};
        double[] eta = {1, 1};
        OrderedAssignmentSearch wide = new OrderedAssignmentSearch(shift, frame, 0, eta, 0, 0, 19.5, 0.5, 19.5, 2, false, 1000);
        assertArrayEquals(new int[] {0, 1}, wide.run(), "both choices are in band: the cheaper");
        OrderedAssignmentSearch band = new OrderedAssignmentSearch(shift, frame, 0, eta, 0, 0, 19.5, 2.5, 19.5, 2, false, 1000);
        assertArrayEquals(new int[] {0, 2}, band.run(), "ring 0 is below the band either way; ring 1 need not be");
        assertEquals(1, band.misses());
        OrderedAssignmentSearch none = new OrderedAssignmentSearch(shift, frame, 0, eta, 0, 0, 19.5, 2.5, 19.5, 0, false, 1000);
        assertNull(none.run(), "no miss allowed and ring 0 cannot reach the band");
    }

    @Test
    void anUnsureRingIsKeptFurtherFromTheHeatersEnds() {
        // One ring, no crosstalk: line 0 at 0.5 mW (cheaper), line 1 at 4 mW. Sure of its estimate, the ring
        // takes line 0; unsure by 0.8 mW, 0.5 mW might be past 0, so line 1.
        double[][] shift = {{0.5, 4}};
        double[][] frame = {{0, 1}};
        double[] eta = {1};
        OrderedAssignmentSearch sure = new OrderedAssignmentSearch(shift, frame, 0, eta, 0, 0, 19.5, 0, 19.5, 0, false, 1000,
                new double[] {0});
        assertArrayEquals(new int[] {0}, sure.run());
        OrderedAssignmentSearch unsure = new OrderedAssignmentSearch(shift, frame, 0, eta, 0, 0, 19.5, 0, 19.5, 0, false, 1000,
                new double[] {0.8});
        assertArrayEquals(new int[] {1}, unsure.run());
    }

    @Test
    void coupledSolveIsExact() {
        double[] r = {1, 2, 3, 4};
        double c = 0.3;
        double[] x = OrderedAssignmentSearch.solveCoupled(r, c);
        for (int j = 0; j < r.length; j++) {
            double lhs = x[j] + c * ((j > 0 ? x[j - 1] : 0) + (j + 1 < r.length ? x[j + 1] : 0));
            assertEquals(r[j], lhs, 1e-12);
        }
    }
}
