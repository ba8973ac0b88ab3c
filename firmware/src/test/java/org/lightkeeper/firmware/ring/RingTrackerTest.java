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

    /**
     * A modulator on a quantised heater (a code every 5e-4 mW, the devkit's 16-bit 5 V DAC at 1 kOhm near
     * 14 mW) with seeded white monitor noise (1e-4 of the peak, the devkit's 0.02 uA on 190 uA): once quiet
     * it holds one code instead of alternating between the two either side of its lock point (it changed
     * code on about every other tick before the hold band), and it still sits on its fraction. Then a
     * ramp (the devkit's 10 K/s die, 1.1e-3 mW a tick at 0.5 ms) takes it back to moving every tick.
     */
    @Test
    void aQuietModulatorHoldsItsDacCodeAndFollowsARamp() {
        double f = 0.5;
        double lsb = 5e-4;
        java.util.Random noise = new java.util.Random(20261123);
        RingTracker t = new RingTracker();
        double centre = 14;
        double cmd = t.lockSlope(centre, PEAK, H, f, NM_PER_MW);
        double held = Math.round(cmd / lsb) * lsb;
        int changes = 0;
        double worst = 0;
        for (int k = 0; k < 8000; k++) {
            double pd = monitor(held, centre) + 1e-4 * PEAK * noise.nextGaussian();
            cmd = t.update(pd, held);
            double next = Math.round(cmd / lsb) * lsb;
            if (k >= 4000) {
                changes += next != held ? 1 : 0;
                worst = Math.max(worst, Math.abs(next - centre - H * Math.sqrt(1 / f - 1)));
            }
            held = next;
        }
        assertTrue(changes <= 4, changes + " code changes in 4000 quiet ticks");
        assertTrue(worst < 2 * lsb, "worst offset " + worst + " mW");
        double rampWorst = 0;
        for (int k = 0; k < 2000; k++) {
            centre += 1.1e-3;
            double pd = monitor(held, centre) + 1e-4 * PEAK * noise.nextGaussian();
            cmd = t.update(pd, held);
            held = Math.round(cmd / lsb) * lsb;
            if (k > 200) {
                rampWorst = Math.max(rampWorst, Math.abs(held - centre - H * Math.sqrt(1 / f - 1)));
            }
        }
        // Moving every tick the level lock lags a ramp of r per tick by r (1 - g) / g, 2.6e-3 mW here.
        assertTrue(rampWorst < 4e-3, "worst offset on the ramp " + rampWorst + " mW");
    }

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

    @Test
    void aFilterShiftsToTheFineDitherOnceQuietAndBackWhenStirredOrStepped() {
        RingTracker t = new RingTracker();
        double centre = 8;
        double cmd = t.lockPeak(centre, PEAK, H, NM_PER_MW);
        assertTrue(t.coarse(), "acquires in the coarse gear");
        int k = 0;
        for (; k < 2 * RingTracker.QUIET_PAIRS + 10 && t.coarse(); k++) {
            cmd = t.update(monitor(cmd, centre));
        }
        assertFalse(t.coarse(), "fine gear after " + RingTracker.QUIET_PAIRS + " quiet pairs");
        assertTrue(k >= 2 * RingTracker.QUIET_PAIRS - 2, "not before: " + k + " ticks");
        // Fine gear: the dither is h/128 either side of the operating point.
        double base = t.basePowerMw();
        assertEquals(H * RingTracker.FINE_DITHER_FRACTION, Math.abs(t.command() - base), 1e-12);

        // Reported motion: the next pair is coarse, and the count starts over.
        t.stir();
        for (int j = 0; j < 4; j++) {
            cmd = t.update(monitor(cmd, centre));
        }
        assertTrue(t.coarse(), "coarse once stirred");
        assertEquals(H * RingTracker.COARSE_DITHER_FRACTION, Math.abs(t.command() - t.basePowerMw()), 1e-12);
        for (k = 0; k < 2 * RingTracker.QUIET_PAIRS + 10 && t.coarse(); k++) {
            cmd = t.update(monitor(cmd, centre));
        }
        assertFalse(t.coarse(), "fine again once quiet");

        // A step of the line by h/4 (a neighbour's heater failing): the lock-in sees it and shifts up
        // within a few pairs (its smoothed offset estimate passes h/16).
        centre += H / 4;
        for (int j = 0; j < 12; j++) {
            cmd = t.update(monitor(cmd, centre));
        }
        assertTrue(t.coarse(), "coarse after a step of the line");
        for (int j = 0; j < 6 * RingTracker.QUIET_PAIRS; j++) {
            cmd = t.update(monitor(cmd, centre));
        }
        assertFalse(t.coarse());
        assertEquals(centre, t.basePowerMw(), H / 100, "back on the peak");
    }

    /**
     * Where the die is announced (a die sensor stirs the tracker whenever the die moves), a quiet filter's
     * fine gear averages more pairs: on a still line under seeded white monitor noise (1e-3 of the peak,
     * ref-51t2's filters' level against their 47 uA) its operating point wanders less than with the
     * gain an unannounced ramp needs; and a stir still takes it to the coarse gear at the full gain.
     */
    @Test
    void withTheDieAnnouncedAQuietFilterAveragesLonger() {
        double plain = wander(false);
        double announced = wander(true);
        assertTrue(announced < 0.6 * plain, "announced " + announced + " mW rms, plain " + plain);
    }

    private static double wander(boolean announced) {
        RingTracker t = new RingTracker();
        t.dieAnnounced(announced);
        java.util.Random noise = new java.util.Random(20261123);
        double centre = 8;
        double cmd = t.lockPeak(centre, PEAK, H, NM_PER_MW);
        for (int k = 0; k < 4 * RingTracker.QUIET_PAIRS; k++) {
            cmd = t.update(monitor(cmd, centre) + 1e-3 * PEAK * noise.nextGaussian());
        }
        assertFalse(t.coarse(), "quiet: fine gear");
        double ss = 0;
        for (int k = 0; k < TICKS; k++) {
            cmd = t.update(monitor(cmd, centre) + 1e-3 * PEAK * noise.nextGaussian());
            ss += (t.basePowerMw() - centre) * (t.basePowerMw() - centre);
        }
        t.stir();
        for (int k = 0; k < 4; k++) {
            cmd = t.update(monitor(cmd, centre));
        }
        assertTrue(t.coarse(), "a stir still shifts it up");
        return Math.sqrt(ss / TICKS);
    }

    @Test
    void bothHalvesOfAPairHaveTheSameDither() {
        RingTracker t = new RingTracker();
        double centre = 8;
        double cmd = t.lockPeak(centre, PEAK, H, NM_PER_MW);
        for (int k = 0; k < 4 * RingTracker.QUIET_PAIRS; k++) {
            cmd = t.update(monitor(cmd, centre));
        }
        assertFalse(t.coarse());
        // Stirred mid-pair (after the + half): the - half keeps the fine amplitude.
        double plus = t.command() - t.basePowerMw();
        assertTrue(plus > 0, "the + half is next");
        cmd = t.update(monitor(cmd, centre));
        t.stir();
        assertEquals(-H * RingTracker.FINE_DITHER_FRACTION, t.command() - t.basePowerMw(), 1e-12);
        cmd = t.update(monitor(cmd, centre));
        assertEquals(H * RingTracker.COARSE_DITHER_FRACTION, t.command() - t.basePowerMw(), 1e-12);
    }
}
