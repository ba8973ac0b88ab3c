package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Both trackers hold their line alike ({@link LorentzianLock}): the same lock on the same line gives the
 * same first command, line height, half width and detuning on the lock point, on the peak or on the
 * slope over a background, from a fine sweep or from a warm restart. (Each tracker set these fields
 * itself before; they agreed, to the bit, and this keeps them so.)
 */
class LorentzianLockTest {
    private static final double H = 0.5;
    private static final double NM_PER_MW = 0.25;

    @Test
    void bothTrackersLockOnTheSlopeOverABackgroundAlike() {
        RingTracker dither = new RingTracker();
        GradientTracker gradient = new GradientTracker();
        double first = dither.lockSlope(10, 0.36, 0.01, H, 0.5, NM_PER_MW);
        assertEquals(first, gradient.lockSlope(10, 0.36, 0.01, H, 0.5, NM_PER_MW), 0);
        assertEquals(10 + H, first, 1e-12, "f = 1/2 sits one half width above the peak");
        for (Tracker t : new Tracker[] {dither, gradient}) {
            assertEquals(0.35, t.peakMa(), 1e-12, t + ": the line's own height, above the background");
            assertEquals(H, t.halfWidthMw(), 0);
            // At the level aimed at, f (peak - B) + B, the ring reads as on its lock point.
            t.update(0.5 * 0.35 + 0.01, first);
            assertEquals(0, t.detuningPm(), 1e-9, t.toString());
        }
    }

    @Test
    void bothTrackersResumeAlikeAtAWarmRestart() {
        RingTracker dither = new RingTracker();
        GradientTracker gradient = new GradientTracker();
        assertEquals(dither.resumeSlope(12, 0.18, H, 0.5, NM_PER_MW), gradient.resumeSlope(12, 0.18, H, 0.5, NM_PER_MW), 0);
        assertEquals(12, dither.command(), 1e-12, "nothing moves");
        assertEquals(0.36, gradient.peakMa(), 1e-12, "the peak inferred from the level and the fraction");
        assertEquals(dither.resumePeak(12, 0.36, H, NM_PER_MW), gradient.resumePeak(12, 0.36, H, NM_PER_MW), 0);
        assertEquals(12, gradient.command(), 1e-12, "nothing moves");
    }
}
