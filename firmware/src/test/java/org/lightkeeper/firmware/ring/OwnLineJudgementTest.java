package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OwnLineCheck}'s judgement on the devkit's transmit waveguide with its operating points set by
 * hand (no light): the die's drift is common to every ring (a lockstep quantity), one ring's offset from
 * it is its own heater's alone.
 */
class OwnLineJudgementTest {
    private static final long MS = 1_000_000L;
    private static final double SPACING_NM = 1.13;
    /** Lockstep efficiency, nm/mW; an interior ring's own is this over 1.2 (two neighbours at 0.1). */
    private static final double LOCKSTEP = 0.30;
    /** The die's drift since the reference, nm: every ring's line moved this far. */
    private static final double DIE_NM = 0.4;

    private EngineRings r;
    private Acquisition acquisition;
    private OwnLineCheck check;
    private int[] row;
    private double[] refMw;
    private long now;

    @BeforeEach
    void build() {
        r = HandSetRings.devkit();
        acquisition = new Acquisition(r, new LineHop(r.rows, r.rings));
        check = new OwnLineCheck(r.rows, r.rings);
        row = r.rows[0];
        refMw = new double[r.rings];
        for (int j = 0; j < row.length; j++) {
            int i = row[j];
            r.lane[i] = j;
            r.nmPerMwLockstep[i] = LOCKSTEP;
            refMw[i] = 5 + j;
        }
        check.reference(0, refMw, r.lane, SPACING_NM);
        for (int i : row) {
            place(i, 0);
        }
        now = 0;
    }

    /** Ring {@code i} locked where the die's drift puts its line, plus {@code ownSpacings} of its own resonance. */
    private void place(int i, double ownSpacings) {
        r.state[i] = RingLockState.LOCKED;
        double mw = refMw[i] + DIE_NM / LOCKSTEP + ownSpacings * SPACING_NM / r.nmPerMwSelf(i);
        r.trackers[i].lockPeak(mw, 0.1, 0.2, r.nmPerMwSelf(i));
    }

    /** Judges waveguide 0 every 10 ms for {@code ms}: the first ring found off, -1 none. */
    private int judgeFor(long ms) {
        for (long end = now + ms * MS; now < end; now += 10 * MS) {
            if (check.judge(0, r, acquisition, now)) {
                return check.offRing();
            }
        }
        return -1;
    }

    @Test
    void aRingsOwnOffsetIsTakenWithItsOwnHeaterEfficiency() {
        int ring = row[3]; // interior: its own efficiency is the lockstep one over 1.2
        assertEquals(LOCKSTEP / 1.2, r.nmPerMwSelf(ring), 1e-12);
        // 0.45 spacing: inside the acquisition's window, a ring on its own line there (with the lockstep
        // efficiency it read 0.54 and was sent away).
        place(ring, 0.45);
        assertEquals(-1, judgeFor(3_000), "0.45 spacing off is not another line");
        place(ring, 0.55);
        assertEquals(ring, judgeFor(3_000), "0.55 spacing off is");
        assertEquals(0.55, check.offSpacings(), 1e-9, "its offset in spacings of its own resonance");
        assertEquals(refMw[ring] + DIE_NM / LOCKSTEP, check.ownMw(), 1e-9, "its own line: the die's drift (lockstep)");
    }

    @Test
    void findsAreForgottenAfterAMinuteOnItsOwnLineButNotInAShortSpan() {
        int ring = row[2];
        // Found off and sent back four times, each time a minute and more on its own line in between:
        // found every time (the fourth dropped it for good before).
        for (int k = 0; k < 4; k++) {
            place(ring, 0);
            assertEquals(-1, judgeFor(62_000), "on its own line");
            place(ring, 1);
            assertEquals(ring, judgeFor(3_000), "find " + (k + 1) + " after a minute on its line");
        }
        // Four finds 12 s apart: its reference is taken to be wrong and it is no longer judged.
        for (int k = 0; k < 3; k++) {
            place(ring, 0);
            assertEquals(-1, judgeFor(10_000), "on its own line");
            place(ring, 1);
            int found = judgeFor(3_000);
            if (k < 2) {
                assertEquals(ring, found, "find " + (k + 2) + " of the short span");
            } else {
                assertEquals(-1, found, "a fourth find in 40 s drops it from the check");
            }
        }
        assertEquals(-1, judgeFor(120_000), "no longer judged");
    }
}
