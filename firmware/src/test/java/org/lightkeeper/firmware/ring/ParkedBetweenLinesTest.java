package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * The devkit's 40 K swing at 10 K/s with `line_hop` off (as shipped), on ground truth: the rings whose
 * line the die takes out of heater range are lost and parked, and that is all. Parked at the limit as
 * the die cooled, modulator 6 sat on its own line's slope and the die carried it across the line's
 * centre: it dropped lane 1 and filter 14 downstream lost it at 3.756 s (4 losses, worst 83.7 pm). A
 * ring the die parks is now held between two lines once one comes near (LineHop#holdOffLine) and locked
 * again, without a sweep, when its line is back in range.
 */
class ParkedBetweenLinesTest {
    private static final long MS = 1_000_000L;

    @Test
    void aRingTheDieParksLeavesTheOtherRingsLinesAlone() {
        BoardSpec spec = BoardFile.load("devkit");
        DieSwing swing = DieSwing.lockedThenSwung(spec);
        SimBoard sim = swing.sim();
        EngineLock lock = swing.lock();
        int n = lock.ringCount();
        double f = spec.engines().get(0).optics().modulatorLockFraction();
        double fwhm = sim.truth().get(0).fwhmPm();
        double worstLocked = 0;
        double nearestParkedModulator = Double.POSITIVE_INFINITY;
        long[] parkedSince = new long[n];
        StringBuilder lost = new StringBuilder();
        long[] losses = new long[n];
        long tick = MS / 2;
        for (long t = 2_000 * MS + tick; t <= 12_000 * MS; t += tick) {
            swing.runUntil(t);
            List<RingTruth> truth = sim.truth();
            for (int i = 0; i < n; i++) {
                RingTruth r = truth.get(i);
                if (lock.losses(i) != losses[i]) {
                    losses[i] = lock.losses(i);
                    lost.append(String.format("%n ring %d at %.4f s: %s", i, t / 1e9, lock.why(i)));
                }
                if (lock.state(i) == RingLockState.LOCKED) {
                    boolean justLocked = parkedSince[i] != 0;
                    parkedSince[i] = 0;
                    if (justLocked) {
                        // The relock's own sample: the heater jumps from between the lines to the line in
                        // this tick (as a hop's own sample, counted apart in LineHopTest).
                        continue;
                    }
                    double target = lock.kind(i) == RingKind.FILTER ? 0 : fwhm / 2 * Math.sqrt(1 / f - 1);
                    worstLocked = Math.max(worstLocked, Math.abs(r.detuningPm() - target));
                } else if (lock.state(i) == RingLockState.FAILED) {
                    parkedSince[i] = parkedSince[i] == 0 ? t : parkedSince[i];
                    // A parked modulator, from the tick after it was parked: off every line.
                    if (lock.kind(i) == RingKind.MODULATOR && t - parkedSince[i] >= tick) {
                        nearestParkedModulator = Math.min(nearestParkedModulator, Math.abs(r.detuningPm()));
                    }
                }
            }
        }
        String figures = String.format("worst locked %.1f pm (linewidth/10 %.1f pm), parked modulators at least %.0f pm from"
                + " a line; losses:%s", worstLocked, fwhm / 10, nearestParkedModulator, lost);
        System.out.println(figures);
        // Ground truth on this seed: modulator 6 and filters 9 and 11 have their lines leave the range.
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += lock.losses(i);
            assertEquals(RingLockState.LOCKED, lock.state(i), "ring " + i + " locked at the end: " + figures);
        }
        assertEquals(3, total, figures);
        assertTrue(lost.toString().split("out of the heater's range").length - 1 == 3, "every loss the die's: " + figures);
        assertEquals(0, lock.losses(14), "filter 14 keeps lane 1 while modulator 6 is parked: " + figures);
        assertTrue(nearestParkedModulator > fwhm, figures);
        // Locked again without a fine sweep across its own line: the filters downstream stay within linewidth/10.
        assertTrue(worstLocked <= fwhm / 10, figures);
    }

    /**
     * The review's case (stop 13): the die cools 30 K at 10 K/s, stays there 9.5 s, and comes back, on a
     * devkit without a die sensor. Rings parked at the limit are held between lines on an estimate of
     * their line's place that strays over so long a park; relocked there 250-514 pm off, three lost it and
     * were retried at the heater's limit for good (6 of 16 unlocked at the end). Now one locked again at a
     * wrong estimate is retried from where it last locked for real, and fine sweeps cut short by the limit
     * three times running count as a miss (the search finds the line, or says it is out of range): none
     * ends searching at the limit. A ring retried from its old lock point while the die is 1.5 spacings
     * away finds the next line in its window and locks there (the retry point does not follow the die
     * without a die sensor); the rest of its waveguide tells it so ({@link OwnLineCheck}) once the die is
     * still, and it is acquired again on its own line. No ring ends locked on another's line; 15 of 16
     * end on their own lines, the 16th parked where it last locked (retried every 2 s, searching again
     * when its minute is up, Acquisition#SEARCH_INTERVAL_NS). Without the check 13 (three locked a line
     * off); before the line-hop work, main at 6a88ceb, 2. (Moving a parked ring's retry point to where
     * the others' drift puts its line was tried: on this excursion the transmit waveguide's majority had
     * relocked a line off together, and the remaining rings followed it; not kept.)
     */
    @Test
    void aLongParkEndsWithNoRingSearchingAtTheHeatersLimit() {
        BoardSpec spec = BoardFile.load("devkit");
        org.lightkeeper.sim.VirtualClock clock = new org.lightkeeper.sim.VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        org.lightkeeper.firmware.Firmware fw = new org.lightkeeper.firmware.Firmware(spec, sim, clock);
        EngineLock lock = fw.engines().get(0);
        fw.runUntil(2_000 * MS, clock::advanceTo);
        int[] lanes = new int[lock.ringCount()];
        for (int i = 0; i < lanes.length; i++) {
            assertEquals(RingLockState.LOCKED, lock.state(i), "ring " + i + " locked before: " + lock.why(i));
            lanes[i] = lock.lane(i);
        }
        sim.die().addRamp(2_000 * MS, 3_000 * MS, -30);
        sim.die().addRamp(14_500 * MS, 3_000 * MS, 30);
        fw.runUntil(40_000 * MS, clock::advanceTo);
        StringBuilder states = new StringBuilder();
        List<RingTruth> truth = sim.truth();
        int onTheirLines = 0;
        for (int i = 0; i < lanes.length; i++) {
            states.append(String.format("%n ring %d %s lane %d, nearest %d: %s", i, lock.state(i), lock.lane(i),
                    truth.get(i).nearestLane(), lock.why(i)));
            onTheirLines += lock.state(i) == RingLockState.LOCKED && truth.get(i).nearestLane() == lanes[i] ? 1 : 0;
        }
        for (int i = 0; i < lanes.length; i++) {
            assertTrue(!lock.why(i).contains("out of the heater's range"), "ring " + i + " searching at the limit:" + states);
        }
        for (int i = 0; i < lanes.length; i++) {
            assertTrue(lock.state(i) != RingLockState.LOCKED || truth.get(i).nearestLane() == lanes[i],
                    "ring " + i + " locked on another line:" + states);
        }
        assertTrue(onTheirLines >= 15, onTheirLines + " of 16 locked on their own lines:" + states);
    }
}
