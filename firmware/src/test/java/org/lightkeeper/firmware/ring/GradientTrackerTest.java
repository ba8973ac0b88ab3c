package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The gradient tracker in closed loop against a Lorentzian ring (as {@link RingTrackerTest}), one
 * update per service of the ring: monitor = peak / (1 + ((P - P*) / h)^2), read with the heater at the
 * previous update's command. The drift per update is the devkit's 10 K/s die ramp seen by a ring
 * serviced every 4 ms (eight groups of two at 2 kHz): 57 pm/K x 10 K/s = 0.57 nm/s, 2.28 mW/s at
 * 0.25 nm/mW, 9.1 uW per update.
 */
class GradientTrackerTest {
    private static final double PEAK = 0.05;    // mA
    private static final double H = 0.5;        // mW, half width
    private static final double NM_PER_MW = 0.25;
    private static final double DRIFT = 2.28 * 0.004;
    private static final int UPDATES = 4000;

    private static double monitor(double p, double centre) {
        double u = (p - centre) / H;
        return PEAK / (1 + u * u);
    }

    /** RMS and worst |operating point - peak| over updates 200.. of a ramp at {@code drift} mW per update, mW. */
    private static double[] followRamp(Tracker t, double drift, boolean filter) {
        double f = 0.5;
        double centre = 8;
        double cmd = filter ? t.lockPeak(centre + H / 4, PEAK, H, NM_PER_MW)
                : t.lockSlope(centre - H / 4, PEAK, H, f, NM_PER_MW);
        double target = filter ? 0 : H * Math.sqrt(1 / f - 1);
        double sum = 0;
        double worst = 0;
        int n = 0;
        for (int k = 0; k < UPDATES; k++) {
            double held = cmd;
            double pd = monitor(held, centre);
            centre += drift;
            cmd = t.update(pd, held);
            assertFalse(t.lost(), "lost at update " + k);
            if (k > 200) {
                // Against the middle of the interval the command is held for (the peak moves meanwhile).
                double off = t.basePowerMw() - (centre - drift / 2) - target;
                sum += off * off;
                worst = Math.max(worst, Math.abs(off));
                n++;
            }
        }
        return new double[] {Math.sqrt(sum / n), worst};
    }

    @Test
    void aFilterStaysOnItsPeakThroughADieRampWithoutLag() {
        double[] g = followRamp(new GradientTracker(), DRIFT, true);
        double[] d = followRamp(new RingTracker(), DRIFT, true);
        System.out.printf("filter, ramp of %.1f uW per update: gradient RMS %.2f pm worst %.2f pm; dither lock-in at the same"
                + " rate RMS %.2f pm worst %.2f pm%n", DRIFT * 1000, g[0] * NM_PER_MW * 1000, g[1] * NM_PER_MW * 1000,
                d[0] * NM_PER_MW * 1000, d[1] * NM_PER_MW * 1000);
        assertTrue(g[1] < H / 50, "worst offset " + g[1] + " mW");
        // The drift estimate removes the ramp lag an integral step leaves (2 x drift / gain per pair).
        assertTrue(g[0] < d[0] / 3, "gradient " + g[0] + " mW rms, dither at the same rate " + d[0]);
    }

    /**
     * Still line: after {@link GradientTracker#QUIET_UPDATES} quiet updates the perturbation steps down
     * from h/32 to h/128 (the commands' swing about the operating point), and the operating point
     * stays on the peak; a step of the line by h/4 puts it back in the coarse gear at once, as does a
     * stir, and it finds the peak again.
     */
    @Test
    void aFilterOnAStillLineStepsDownToTheFineGearAndBackUpWhenTheLineJumps() {
        GradientTracker t = new GradientTracker();
        double centre = 8;
        double cmd = t.lockPeak(centre + H / 8, PEAK, H, NM_PER_MW);
        double swing = Double.NaN;
        for (int k = 0; k < 400; k++) {
            double held = cmd;
            cmd = t.update(monitor(held, centre), held);
            swing = Math.abs(cmd - t.basePowerMw());
        }
        assertEquals(GradientTracker.FINE_PERTURB_FRACTION * H, swing, 1e-12, "fine gear's perturbation");
        assertEquals(centre, t.basePowerMw(), H / 200, "on the peak");
        centre += H / 4;
        double held = cmd;
        cmd = t.update(monitor(held, centre), held);
        held = cmd;
        cmd = t.update(monitor(held, centre), held);
        assertEquals(GradientTracker.PERTURB_FRACTION * H, Math.abs(cmd - t.basePowerMw()), 1e-12, "coarse again after the jump");
        for (int k = 0; k < 400; k++) {
            held = cmd;
            cmd = t.update(monitor(held, centre), held);
        }
        assertEquals(centre, t.basePowerMw(), H / 200, "on the moved peak");
        assertEquals(GradientTracker.FINE_PERTURB_FRACTION * H, Math.abs(cmd - t.basePowerMw()), 1e-12, "fine again");
        t.stir();
        assertEquals(GradientTracker.PERTURB_FRACTION * H, Math.abs(t.command() - t.basePowerMw()), 1e-12, "stirred: coarse");
    }

    @Test
    void aModulatorSettlesAtItsFractionOnTheRedSideAndFollowsTheRamp() {
        double[] g = followRamp(new GradientTracker(), DRIFT, false);
        double[] d = followRamp(new RingTracker(), DRIFT, false);
        System.out.printf("modulator: gradient RMS %.2f pm worst %.2f pm; level lock at the same rate RMS %.2f pm%n",
                g[0] * NM_PER_MW * 1000, g[1] * NM_PER_MW * 1000, d[0] * NM_PER_MW * 1000);
        assertTrue(g[1] < H / 50, "worst offset " + g[1] + " mW");
        assertTrue(g[0] < d[0] / 3, "gradient " + g[0] + " mW rms, level lock at the same rate " + d[0]);
    }

    @Test
    void learnsTheDriftRate() {
        GradientTracker t = new GradientTracker();
        followRamp(t, DRIFT, true);
        assertEquals(DRIFT, t.driftMwPerUpdate(), DRIFT / 10);
    }

    @Test
    void stepsAreLimitedToAQuarterHalfWidthPerUpdate() {
        GradientTracker t = new GradientTracker();
        double centre = 8;
        double cmd = settle(t, t.lockPeak(centre, PEAK, H, NM_PER_MW), centre, 50);
        centre += 0.6 * H; // a neighbour's heater fails: the line jumps within reach
        double before = t.basePowerMw();
        for (int k = 0; k < 30; k++) {
            double held = cmd;
            cmd = t.update(monitor(held, centre), held);
            double after = t.basePowerMw();
            assertTrue(Math.abs(after - before) <= RingTracker.MAX_STEP_FRACTION * H + 1e-12, "step " + (after - before));
            before = after;
        }
        assertEquals(centre, t.basePowerMw(), H / 20, "climbed back onto the peak");
        assertFalse(t.lost());
    }

    @Test
    void lostOnlyAfterLostTicksOfCollapsedMonitorAndHeldMeanwhile() {
        GradientTracker t = new GradientTracker();
        double centre = 8;
        double cmd = settle(t, t.lockPeak(centre, PEAK, H, NM_PER_MW), centre, 100);
        double at = t.basePowerMw();
        for (int k = 0; k < RingTracker.LOST_TICKS - 1; k++) {
            cmd = t.update(0, cmd);
            assertFalse(t.lost(), "lost after only " + (k + 1) + " dark updates");
            assertEquals(at, t.basePowerMw(), 1e-12, "operating point held in the dark");
        }
        t.update(PEAK, cmd);
        for (int k = 0; k < RingTracker.LOST_TICKS - 1; k++) {
            t.update(0, cmd);
            assertFalse(t.lost(), "count not restarted after light came back");
        }
        t.update(0, cmd);
        assertTrue(t.lost(), "lost after LOST_TICKS dark updates");
    }

    @Test
    void aModulatorIsLostWhenItsMonitorCollapses() {
        GradientTracker t = new GradientTracker();
        double cmd = t.lockSlope(8, PEAK, H, 0.5, NM_PER_MW);
        for (int k = 0; k < RingTracker.LOST_TICKS - 1; k++) {
            t.update(0.1 * PEAK, cmd);
        }
        assertFalse(t.lost());
        t.update(0.1 * PEAK, cmd);
        assertTrue(t.lost());
    }

    @Test
    void usesThePowerActuallyHeldNotTheCommand() {
        // A quantising DAC (steps of a/2) between command and heater: the secant uses what was applied.
        GradientTracker t = new GradientTracker();
        double lsb = GradientTracker.PERTURB_FRACTION * H / 2;
        double centre = 8.013;
        double cmd = t.lockPeak(centre + H / 5, PEAK, H, NM_PER_MW);
        for (int k = 0; k < 400; k++) {
            double held = Math.round(cmd / lsb) * lsb;
            cmd = t.update(monitor(held, centre), held);
        }
        assertEquals(centre, t.basePowerMw(), lsb, "on the peak within one DAC step");
    }

    @Test
    void warmRestartMovesNothing() {
        GradientTracker t = new GradientTracker();
        assertEquals(9.5, t.resumePeak(9.5, PEAK, H, NM_PER_MW), 1e-12);
        assertEquals(9.5, t.resumeSlope(9.5, PEAK / 2, H, 0.5, NM_PER_MW), 1e-12);
    }

    /** {@code updates} updates on a still line at {@code centre}, the command held as given; returns the last command. */
    private static double settle(GradientTracker t, double cmd, double centre, int updates) {
        for (int k = 0; k < updates; k++) {
            double held = cmd;
            cmd = t.update(monitor(held, centre), held);
        }
        return cmd;
    }
}
