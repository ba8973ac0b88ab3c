package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Peak#find} on traces like a fine acquisition sweep's: 41 samples over +-0.45 line spacing,
 * the ring's own line plus the tails of the lines one spacing either side (the devkit: 1.14 nm
 * spacing, 0.25 nm FWHM, 0.25 nm/mW). The bounds are ones the three-point vertex and half-maximum
 * crossings miss: they take the tails as part of the line (height ~2.4 % high, FWHM ~2.5 % wide) and
 * follow single noisy samples.
 */
class PeakFineSweepFitTest {
    private static final double HALF = 0.5;          // mW, half width of the line
    private static final double SPACING = 4.56;      // mW between lines
    private static final double A = 0.36;            // mA, the own line's peak
    private static final int N = 41;
    private static final double STEP = 2 * 0.45 * SPACING / (N - 1);
    private static final double FLOOR = 0.002;

    /** Own line at {@code centre}, neighbours of {@code neighbour} x A one spacing either side, white noise. */
    private static double[] trace(double centre, double neighbour, double noiseMa, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double start = centre - 0.45 * SPACING + 0.37 * STEP; // centre off the sample grid
        double[] t = new double[N];
        for (int k = 0; k < N; k++) {
            double p = start + k * STEP;
            t[k] = lorentz(p, centre, A) + lorentz(p, centre - SPACING, neighbour * A)
                    + lorentz(p, centre + SPACING, neighbour * A) + noiseMa * gaussian(rnd);
        }
        return t;
    }

    private static double start(double centre) {
        return centre - 0.45 * SPACING + 0.37 * STEP;
    }

    private static double lorentz(double p, double centre, double height) {
        double u = (p - centre) / HALF;
        return height / (1 + u * u);
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.13, 0.5, 0.81})
    void aCleanLineIsFittedExactly(double offsetSteps) {
        double centre = 8 + offsetSteps * STEP;
        Peak p = Peak.fit(trace(centre, 0, 0, 1), N, start(centre), STEP, FLOOR, Peak.FINE_PROMINENCE);
        assertNotNull(p);
        assertEquals(centre, p.powerMw(), 1e-6, "centre");
        assertEquals(A, p.heightMa(), 1e-6 * A, "height");
        assertEquals(2 * HALF, p.fwhmMw(), 1e-6, "FWHM");
        assertEquals(0, p.backgroundMa(), 1e-6 * A, "background");
    }

    @Test
    void theNeighboursTailsAreTakenAsBackgroundNotAsLine() {
        double centre = 8.03;
        Peak p = Peak.fit(trace(centre, 1.0, 0, 1), N, start(centre), STEP, FLOOR, Peak.FINE_PROMINENCE);
        assertNotNull(p);
        double tails = 2 * lorentz(0, SPACING, A); // both neighbours at the centre: 2.4 % of A
        assertEquals(centre, p.powerMw(), 0.001 * HALF, "centre");
        assertEquals(A, p.heightMa() - p.backgroundMa(), 0.004 * A, "the own line's height");
        assertEquals(2 * HALF, p.fwhmMw(), 0.005 * 2 * HALF, "FWHM of the own line");
        assertEquals(tails, p.backgroundMa(), 0.25 * tails, "background");
        assertEquals(A + tails, p.heightMa(), 0.002 * A, "what the monitor reads at the peak");
    }

    /**
     * The level a modulator locks to at half the peak, from the fit, against the monitor's true reading
     * where the own line is at half its peak: the neighbours' tails raise that level by about B, not by
     * B / 2 as 0.5 x the measured peak would have it.
     */
    @Test
    void theSlopeLevelIsWhereTheOwnLineIsAtTheFraction() {
        double centre = 8.03;
        double f = 0.5;
        Peak p = Peak.fit(trace(centre, 1.0, 0, 1), N, start(centre), STEP, FLOOR, Peak.FINE_PROMINENCE);
        assertNotNull(p);
        double at = centre + HALF * Math.sqrt(1 / f - 1);
        double truth = lorentz(at, centre, A) + lorentz(at, centre - SPACING, A) + lorentz(at, centre + SPACING, A);
        // 0.1 % of A is 0.25 pm on the devkit's slope; f x height alone is 1.2 % of A (3 pm) low.
        assertEquals(truth, p.slopeLevelMa(f), 0.001 * A, "slope level");
        assertTrue(Math.abs(f * p.heightMa() - truth) > 0.01 * A, "f x height is not the level");
    }

    /** Noise of 0.1 % of the peak (twenty times the devkit's), 64 seeds: RMS errors of the fit. */
    @Test
    void noiseAveragesOutOverTheFittedSamples() {
        double noise = 0.001 * A;
        int runs = 64;
        double centreSq = 0;
        double levelSq = 0;
        double fwhmSq = 0;
        for (int s = 0; s < runs; s++) {
            double centre = 8 + 0.1 * s / runs;
            Peak p = Peak.fit(trace(centre, 0.5, noise, 100 + s), N, start(centre), STEP, FLOOR, Peak.FINE_PROMINENCE);
            assertNotNull(p);
            double tails = 2 * lorentz(0, SPACING, 0.5 * A);
            centreSq += sq(p.powerMw() - centre);
            double at = centre + HALF;
            double level = lorentz(at, centre, A) + lorentz(at, centre - SPACING, 0.5 * A)
                    + lorentz(at, centre + SPACING, 0.5 * A);
            levelSq += sq(p.slopeLevelMa(0.5) - level);
            fwhmSq += sq(p.fwhmMw() - 2 * HALF);
            assertEquals(tails, p.backgroundMa(), 0.02 * A, "background, seed " + s);
        }
        // One sample's noise is 0.1 % of A; 0.5 x the three-point height misses the half-peak level by 0.6 %,
        // its crossings widen the FWHM by ~1.2 %.
        assertTrue(Math.sqrt(centreSq / runs) < 0.002 * HALF, "centre RMS " + Math.sqrt(centreSq / runs));
        assertTrue(Math.sqrt(levelSq / runs) < 0.004 * A, "half-peak level RMS " + Math.sqrt(levelSq / runs));
        assertTrue(Math.sqrt(fwhmSq / runs) < 0.008 * 2 * HALF, "FWHM RMS " + Math.sqrt(fwhmSq / runs));
    }

    private static double sq(double x) {
        return x * x;
    }

    /**
     * The window cut at the heater's limit (20 mW) with the own line 0.4 mW inside it: seed 3's ring 10
     * in the soak (a module with a 0.6 nm grid, so a +-1.2 mW window, and a 4 K cooler die). The
     * samples left are mostly the line's own flank, their median 0.6 of the peak, and the median rule
     * said no line; judged against the far end and the fall towards the cut end, it is found where it
     * is. A line past the limit, or too near it to fall towards it, is still none.
     */
    @Test
    void aLineNearTheHeatersLimitIsFoundInAWindowCutThere() {
        double limit = 20;
        double step = 0.059;
        double centre = 19.6;
        double from = centre - 1.18;
        double[] t = cut(centre, from, step, limit);
        int n = t.length;
        org.junit.jupiter.api.Assertions.assertNull(Peak.fit(t, n, from, step, FLOOR, Peak.FINE_PROMINENCE),
                "the median rule misses it");
        Peak p = Peak.fitCut(t, n, from, step, FLOOR, Peak.FINE_PROMINENCE, +1);
        assertNotNull(p);
        assertEquals(centre, p.powerMw(), 0.01, "centre");
        assertEquals(2 * HALF, p.fwhmMw(), 0.05, "FWHM");
        // Mirrored: cut at 0 mW, the line as far above it.
        double[] mirrored = new double[n];
        for (int k = 0; k < n; k++) {
            mirrored[k] = t[n - 1 - k];
        }
        double last = from + (n - 1) * step;
        Peak q = Peak.fitCut(mirrored, n, limit - last, step, FLOOR, Peak.FINE_PROMINENCE, -1);
        assertNotNull(q);
        assertEquals(limit - centre, q.powerMw(), 0.01, "centre, cut at 0 mW");
        for (double past : new double[] {19.97, 20.3, 20.8}) {
            double f = Math.min(past, 19.6) - 1.18;
            double[] u = cut(past, f, step, limit);
            org.junit.jupiter.api.Assertions.assertNull(Peak.fitCut(u, u.length, f, step, FLOOR, Peak.FINE_PROMINENCE, +1),
                    "line at " + past + " mW, window cut at " + limit);
        }
        // Noise alone in a cut window is no line.
        SplittableRandom rnd = new SplittableRandom(3);
        double[] flat = new double[n];
        for (int k = 0; k < n; k++) {
            flat[k] = 0.05 + 0.001 * gaussian(rnd);
        }
        org.junit.jupiter.api.Assertions.assertNull(Peak.fitCut(flat, n, from, step, FLOOR, Peak.FINE_PROMINENCE, +1));
    }

    /** The own line at {@code centre} and a neighbour 0.6 nm (2.4 mW) either side, sampled up to the limit. */
    private static double[] cut(double centre, double from, double step, double limit) {
        int n = (int) Math.floor((limit - from) / step + 1e-9) + 1;
        double[] t = new double[n];
        for (int k = 0; k < n; k++) {
            double p = from + k * step;
            t[k] = lorentz(p, centre, A) + lorentz(p, centre - 2.4, A) + lorentz(p, centre + 2.4, A);
        }
        return t;
    }
}
