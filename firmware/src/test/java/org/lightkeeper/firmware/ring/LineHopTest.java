package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * Issue #5's tracking case on the simulated devkit, on ground truth: the die swings 40 K at 10 K/s
 * (scenarios/devkit-die-ramp-10k-per-s.yaml: -20 K, +40 K, -20 K), which moves every resonance
 * ~1.1 nm, a line spacing, past some rings' heater range. The waveguides hop line instead of letting
 * those rings rail (`line_hop: on`): no ring is lost, each ends on the line it is assigned, and none
 * strays far. Without it, the same swing loses rings (the default: docs/benchmarks.md).
 */
class LineHopTest {
    private static final long MS = 1_000_000L;

    @Test
    void aFortyKelvinDieSwingIsRiddenOutByHoppingLinesWithoutALoss() {
        BoardSpec spec = BoardVariants.devkitWithLineHop();
        DieSwing swing = DieSwing.lockedThenSwung(spec);
        SimBoard sim = swing.sim();
        EngineLock lock = swing.lock();
        int n = lock.ringCount();
        double f = spec.engines().get(0).optics().modulatorLockFraction();
        double[] worst = new double[n];
        double fwhm = 0;
        double lowest = 0;
        double highest = 0;
        long beyond = 0;
        long inTransit = 0;
        int[] laneBefore = new int[n];
        for (int i = 0; i < n; i++) {
            laneBefore[i] = lock.lane(i);
        }
        // Every ring tick (0.5 ms on the devkit): the sample just after a hop's own sees its landing error
        // before the tracker has taken any of it out.
        long tick = MS / 2;
        for (long t = 2_000 * MS + tick; t <= 12_000 * MS; t += tick) {
            swing.runUntil(t);
            List<RingTruth> truth = sim.truth();
            double rise = sim.die().at(t) - sim.die().baseC();
            lowest = Math.min(lowest, rise);
            highest = Math.max(highest, rise);
            for (int i = 0; i < n; i++) {
                RingTruth r = truth.get(i);
                fwhm = r.fwhmPm();
                double target = lock.kind(i) == RingKind.FILTER ? 0 : r.fwhmPm() / 2 * Math.sqrt(1 / f - 1);
                if (lock.lane(i) != laneBefore[i]) {
                    // Hopped since the last sample: the heater has just stepped a spacing's worth and the
                    // ring is between the lines for the heater's time constant; that sample is the hop itself.
                    laneBefore[i] = lock.lane(i);
                    inTransit++;
                    continue;
                }
                // Off its line altogether (a hop that missed) counts as the whole distance to it.
                double off = r.nearestLane() == lock.lane(i) ? Math.abs(r.detuningPm() - target) : Double.POSITIVE_INFINITY;
                worst[i] = Math.max(worst[i], off);
                beyond += off > r.fwhmPm() / 10 ? 1 : 0;
            }
        }
        long losses = 0;
        long hops = 0;
        double worstAll = 0;
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < n; i++) {
            losses += lock.losses(i);
            hops += lock.hops(i);
            worstAll = Math.max(worstAll, worst[i]);
            rows.append(String.format("%n ring %2d: %d hops, %d losses, worst %.1f pm, lane %d, %.2f mW, %s", i, lock.hops(i),
                    lock.losses(i), worst[i], lock.lane(i), lock.heaterMw(i), lock.why(i)));
        }
        String figures = String.format("die %.1f..+%.1f K: %d hops, %d losses, worst %.1f pm (linewidth/10 = %.1f pm),"
                + " %d ring-ticks beyond linewidth/10 of %d%s", lowest, highest, hops, losses, worstAll, fwhm / 10, beyond,
                20_000L * n, rows);
        System.out.println(figures);
        assertTrue(lowest < -19.9 && highest > 19.9, figures);
        assertEquals(0, losses, figures);
        assertTrue(hops > 0, figures);
        assertTrue(inTransit <= hops, "one sample at most per hop falls inside the hop itself: " + inTransit + "; " + figures);
        // Within linewidth/10 outside the hop's own sample (issue #5's target) since the ring crossing the
        // comb's end hops by its own FSR, measured by the calibration sweep: with the waveguide's median
        // FSR the worst ring was 68 pm off (the rings' FSRs spread 1 %, ~90 pm), 21 ring-ms beyond. And
        // since each ring's later hops correct its heater efficiency by what its first landing taught
        // (LineHop#learn): filter 9's calibrated efficiency is 2.6 % high, and its second and third hops
        // landed 28.7 and 27.7 pm off, sampled every tick (20.4 pm, its first hop, sampled every ms).
        assertTrue(worstAll <= fwhm / 10, figures);
        assertEquals(0, beyond, figures);
        List<RingTruth> truth = sim.truth();
        for (int i = 0; i < n; i++) {
            assertEquals(RingLockState.LOCKED, lock.state(i), figures);
            assertEquals(truth.get(i).nearestLane(), lock.lane(i), "ring " + i + " on its assigned line: " + figures);
            // What the host sees: the lane the ring serves now, and that it hopped.
            var shown = swing.fw().publishNow().rings().get(i);
            assertEquals(lock.lane(i), shown.lane());
            assertEquals(lock.hops(i), shown.lineHops());
            assertTrue(shown.reason().contains("hopped from lane"), shown.reason());
        }
    }

    /**
     * A hop may land a ring 0.05 mW inside the end the die moves it away from (ref-51t2: one waveguide's
     * top ring fits at 19.95 mW on ground truth); the plan errs by ~1 % of a 4 mW move, so a ring landed
     * a little past that end is held there just after its hop, not lost: with 0.03 mW and no hold,
     * ref-51t2's ramp lost a ring 0.02 mW past the limit. Only that end, only after a hop.
     */
    @Test
    void aRingLandedPastTheEndTheDieMovesItAwayFromIsHeldOnlyAfterAHopThatWay() {
        LineHop hop = new LineHop(new int[][] {{0, 1}}, 2);
        assertFalse(hop.landedPast(0, 1), "no hop yet");
        hop.hopped(0, 1, new int[] {0, 1});
        assertTrue(hop.landedPast(0, 1), "warmed: hopped red, the limit is the end it moves away from");
        assertFalse(hop.landedPast(0, -1), "0 mW is where the die takes it: a line out of range there");
        hop.hopped(0, -1, new int[] {0, 1});
        assertTrue(hop.landedPast(0, -1));
        assertFalse(hop.landedPast(0, 1));
    }
}
