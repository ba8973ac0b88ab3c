package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeakTest {
    private static final double STEP = 0.125;   // mW, the calibration sweep step
    private static final double HALF = 0.5;     // mW, Lorentzian half width: 8 samples per FWHM
    private static final double HEIGHT = 0.05;  // mA
    private static final int N = 161;
    private static final double FLOOR = 0.002;

    private static double[] lorentzian(double centreMw, double startMw) {
        double[] t = new double[N];
        for (int k = 0; k < N; k++) {
            double u = (startMw + k * STEP - centreMw) / HALF;
            t[k] = HEIGHT / (1 + u * u);
        }
        return t;
    }

    /** Centres on a sample, a quarter and half a step off it: the worst case for the interpolation. */
    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.25, 0.5, 0.8})
    void aSampledLorentzianGivesItsCentreAndWidth(double offsetSteps) {
        double centre = 7 + offsetSteps * STEP;
        Peak p = Peak.find(lorentzian(centre, 0), N, 0, STEP, FLOOR, Peak.SWEEP_PROMINENCE);
        assertNotNull(p);
        assertEquals(centre, p.powerMw(), STEP / 10, "centre");
        assertEquals(2 * HALF, p.fwhmMw(), 0.02 * 2 * HALF, "FWHM");
        assertEquals(HEIGHT, p.heightMa(), 0.005 * HEIGHT, "height");
    }

    @Test
    void theStartOfTheSweepIsHonoured() {
        Peak p = Peak.find(lorentzian(12.3, 4), N, 4, STEP, FLOOR, Peak.SWEEP_PROMINENCE);
        assertNotNull(p);
        assertEquals(12.3, p.powerMw(), STEP / 10);
    }

    @Test
    void aPeakAtEitherEdgeOfTheTraceIsNoPeak() {
        assertNull(Peak.find(lorentzian(0, 0), N, 0, STEP, FLOOR, Peak.SWEEP_PROMINENCE), "at sample 0");
        assertNull(Peak.find(lorentzian(-1, 0), N, 0, STEP, FLOOR, Peak.SWEEP_PROMINENCE), "before the sweep");
        double end = (N - 1) * STEP;
        assertNull(Peak.find(lorentzian(end, 0), N, 0, STEP, FLOOR, Peak.SWEEP_PROMINENCE), "at the last sample");
        assertNull(Peak.find(lorentzian(end + 1, 0), N, 0, STEP, FLOOR, Peak.SWEEP_PROMINENCE), "after the sweep");
    }

    @Test
    void aFlankCutOffByTheStartIsMirroredFromTheOther() {
        // Centre 0.3 mW: the left half-maximum point (-0.2 mW) lies before the sweep.
        Peak p = Peak.find(lorentzian(0.3, 0), N, 0, STEP, FLOOR, Peak.SWEEP_PROMINENCE);
        assertNotNull(p);
        assertEquals(0.3, p.powerMw(), STEP / 10);
        assertEquals(2 * HALF, p.fwhmMw(), 0.03 * 2 * HALF, "FWHM from the right flank");
    }

    @Test
    void aFlankCutOffByTheEndIsMirroredFromTheOther() {
        double centre = (N - 1) * STEP - 0.3;
        Peak p = Peak.find(lorentzian(centre, 0), N, 0, STEP, FLOOR, Peak.SWEEP_PROMINENCE);
        assertNotNull(p);
        assertEquals(centre, p.powerMw(), STEP / 10);
        assertEquals(2 * HALF, p.fwhmMw(), 0.03 * 2 * HALF, "FWHM from the left flank");
    }

    @Test
    void flatNoiseBelowTheFloorIsNoPeak() {
        SplittableRandom rnd = new SplittableRandom(5);
        double[] t = new double[N];
        for (int k = 0; k < N; k++) {
            t[k] = 0.0005 + 0.0005 * rnd.nextDouble();
        }
        t[N / 2] = 0.0019; // the largest sample, interior and prominent, still below the floor
        assertNull(Peak.find(t, N, 0, STEP, FLOOR, Peak.SWEEP_PROMINENCE));
    }

    @Test
    void flatNoiseAboveTheFloorButWithoutProminenceIsNoPeak() {
        SplittableRandom rnd = new SplittableRandom(6);
        double[] t = new double[N];
        for (int k = 0; k < N; k++) {
            t[k] = 0.01 + 0.002 * rnd.nextDouble();
        }
        assertNull(Peak.find(t, N, 0, STEP, FLOOR, Peak.SWEEP_PROMINENCE));
    }
}
