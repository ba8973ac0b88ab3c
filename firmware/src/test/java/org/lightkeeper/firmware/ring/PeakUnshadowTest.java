package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Peak#unshadow} and {@link Peak#findUnshadowed} on a two-ring waveguide swept in lockstep with
 * one lane lit (the calibration sweep's 0.25 mW steps to 20 mW): each ring drops 0.9 of the light
 * reaching it at resonance (the arbitration model's drop fraction), half width 0.4 mW of sweep power.
 */
class PeakUnshadowTest {
    private static final double STEP = 0.25;
    private static final int N = 81;
    private static final double HALF = 0.4;
    private static final double FLOOR = 0.002;

    /** Monitor readings (mA, 20 mW lane at 0.02 A/W) of two rings meeting the line at {@code at0} and {@code at1} mW. */
    private static double[][] sweep(double at0, double at1) {
        double[][] t = new double[2][N];
        for (int k = 0; k < N; k++) {
            double p = k * STEP;
            double light = 20;
            double[] at = {at0, at1};
            for (int j = 0; j < 2; j++) {
                double u = (p - at[j]) / HALF;
                double taken = light * 0.9 / (1 + u * u);
                t[j][k] = taken * 0.02;
                light -= taken;
            }
        }
        return t;
    }

    @Test
    void aPeakAnUpstreamRingPushedAsideIsPutBackWhereTheLineIs() {
        double[][] raw = sweep(10.0, 10.4);
        double[][] divided = new double[2][N];
        Peak.unshadow(raw, divided, new int[] {0, 1}, N);
        Peak shadowed = Peak.find(raw[1], N, 0, STEP, FLOOR, Peak.SWEEP_PROMINENCE);
        Peak restored = Peak.findUnshadowed(raw[1], divided[1], N, 0, STEP, FLOOR, Peak.SWEEP_PROMINENCE);
        assertNotNull(shadowed);
        assertNotNull(restored);
        assertTrue(Math.abs(shadowed.powerMw() - 10.4) > 0.1, "the raw peak is pushed away: " + shadowed.powerMw());
        assertTrue(Math.abs(restored.powerMw() - 10.4) < Math.abs(shadowed.powerMw() - 10.4) / 2,
                "unshadowed: " + restored.powerMw() + ", raw " + shadowed.powerMw());
        // The upstream ring's own trace is not touched.
        assertEquals(10.0, Peak.findUnshadowed(raw[0], divided[0], N, 0, STEP, FLOOR, Peak.SWEEP_PROMINENCE).powerMw(), 0.05);
    }

    /**
     * The downstream ring meets this line only past the heater's limit (at 24 mW): its trace is its tail,
     * under 0.003 mA, with a dip where the upstream ring takes the line at 19.3 mW. Divided, the dip
     * becomes a bump, an interior maximum over the floor: no line, and the raw trace has none (the
     * devkit's seed-3 hour, ring 9 on lane 1, whose lattice it slipped by a whole line).
     */
    @Test
    void aTailDividedByTheUpstreamRingsDipIsNoLine() {
        double[][] raw = sweep(19.3, 24.0);
        double[][] divided = new double[2][N];
        Peak.unshadow(raw, divided, new int[] {0, 1}, N);
        assertNull(Peak.find(raw[1], N, 0, STEP, FLOOR, Peak.SWEEP_PROMINENCE), "no line in the raw trace");
        assertNotNull(Peak.find(divided[1], N, 0, STEP, FLOOR, Peak.SWEEP_PROMINENCE), "a bump in the divided one");
        assertNull(Peak.findUnshadowed(raw[1], divided[1], N, 0, STEP, FLOOR, Peak.SWEEP_PROMINENCE));
    }
}
