package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The tracker in closed loop against a Lorentzian ring whose resonance, in heater power, drifts at a
 * steady rate (a warming die): monitor = peak / (1 + ((P - P*) / h)^2), read one tick after the command.
 */
class RingTrackerTest {
    private static final double PEAK = 0.05;    // mA
    private static final double H = 0.5;        // mW, half width
    private static final double NM_PER_MW = 0.25;
    /** 1e-3 mW per 200 us tick: 5 mW/s, about 20 times the devkit's 10 K die ramp. */
    private static final double DRIFT = 1e-3;
    private static final int TICKS = 5000;

    private static double monitor(double p, double centre) {
        double u = (p - centre) / H;
        return PEAK / (1 + u * u);
    }

    @Test
    void aFilterStaysOnItsDriftingPeak() {
        RingTracker t = new RingTracker();
        double centre = 8;
        double cmd = t.lockPeak(centre + H / 4, PEAK, H, NM_PER_MW); // starts a quarter half-width off
        double worst = 0;
        for (int k = 0; k < TICKS; k++) {
            double pd = monitor(cmd, centre);
            centre += DRIFT;
            cmd = t.update(pd);
            if (k > 200) {
                worst = Math.max(worst, Math.abs(t.basePowerMw() - centre));
            }
            assertFalse(t.lost(), "lost at tick " + k);
        }
        assertTrue(worst < H / 10, "worst offset " + worst + " mW");
        assertEquals(8 + TICKS * DRIFT, t.basePowerMw(), H / 10, "followed the line");
    }

    @Test
    void aModulatorSettlesAtItsFractionOnTheRedSide() {
        double f = 0.5;
        RingTracker t = new RingTracker();
        double centre = 8;
        double cmd = t.lockSlope(centre - H / 4, PEAK, H, f, NM_PER_MW); // estimate a quarter half-width blue
        double pd = 0;
        for (int k = 0; k < TICKS; k++) {
            pd = monitor(cmd, centre);
            centre += DRIFT;
            cmd = t.update(pd);
            if (k > 200) {
                assertTrue(cmd > centre, "red side at tick " + k);
                assertEquals(f, monitor(cmd, centre) / PEAK, 0.02, "operating point at tick " + k);
            }
        }
        assertEquals(H * Math.sqrt(1 / f - 1), cmd - centre, H / 10, "offset from the resonance");
        assertFalse(t.lost());
    }

    @Test
    void lostOnlyAfterLostTicksOfCollapsedMonitor() {
        RingTracker t = new RingTracker();
        double centre = 8;
        double cmd = t.lockPeak(centre, PEAK, H, NM_PER_MW);
        for (int k = 0; k < 100; k++) {
            cmd = t.update(monitor(cmd, centre));
        }
        // A short dropout, then light again: the count starts over.
        for (int k = 0; k < RingTracker.LOST_TICKS - 1; k++) {
            t.update(0);
            assertFalse(t.lost(), "lost after only " + (k + 1) + " dark ticks");
        }
        t.update(PEAK);
        for (int k = 0; k < RingTracker.LOST_TICKS - 1; k++) {
            t.update(0);
            assertFalse(t.lost(), "count not restarted after light came back");
        }
        t.update(0);
        assertTrue(t.lost(), "lost after LOST_TICKS dark ticks");
    }

    @Test
    void aModulatorIsLostWhenItsMonitorCollapses() {
        RingTracker t = new RingTracker();
        t.lockSlope(8, PEAK, H, 0.5, NM_PER_MW);
        for (int k = 0; k < RingTracker.LOST_TICKS - 1; k++) {
            t.update(0.1 * PEAK);
        }
        assertFalse(t.lost());
        t.update(0.1 * PEAK);
        assertTrue(t.lost());
    }
}
