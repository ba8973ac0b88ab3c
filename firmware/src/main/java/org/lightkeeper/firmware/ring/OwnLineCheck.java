package org.lightkeeper.firmware.ring;

import java.util.Arrays;

/**
 * Whether each locked ring is on its own line, told by the rest of its waveguide. The die moves every
 * ring of a waveguide alike, so each ring's operating point less its reference (where its line was at
 * the arbitration or the resume, moved along with each line hop), times its lockstep efficiency, is the
 * die's drift in nm, the same for all (the die moves the whole waveguide, so every heater moves alike:
 * a lockstep quantity). What one ring differs from that by is its own: its heater alone is off, so its
 * offset is converted with its own-heater efficiency ({@link EngineRings#nmPerMwSelf}), about 1/1.2 of
 * the lockstep one on the devkit. A ring {@link #OFF_SPACINGS} line spacings or more off sits on another
 * line, and the median says where its own line is. A tracker cannot tell: it holds whatever line it was handed, and a fine sweep around a stale
 * estimate finds the nearest one. Review of stop 13 (the die 30 K colder for 9.5 s and back): rings
 * retried from their old lock points while the die was still 1.5 spacings away locked a line off and
 * stayed there, LOCKED, one of them on the line a ring downstream needed (that ring parked on its
 * residue). Allocates nothing.
 */
final class OwnLineCheck {
    /**
     * Off its line from half a spacing of its own resonance: a ring on a neighbour's line is a whole
     * spacing off. Taken with the lockstep efficiency, as before, it fired at 0.5/1.2 = 0.42 spacing on the
     * devkit, inside the acquisition's +-0.45 spacing window.
     */
    static final double OFF_SPACINGS = 0.5;
    /**
     * The median is the die's drift only when more than half of the rings judged show a drift this
     * close to it: a lockstep efficiency a few % off (PeakLattice) over a 30 K swing (2.4 nm) is 0.07 nm; a
     * modulator sits up to half a linewidth (0.12 nm) up its slope from where its reference has it.
     * Judged on the drifts themselves (lockstep), not on the rings' own offsets: those are smaller by
     * own / lockstep efficiency (0.7 with a 0.2 crosstalk), and so counted, a waveguide whose references
     * line hops had scattered (the devkit's 40 K ramp at crosstalk 0.2: drifts -309..+833 pm, median 24)
     * found a majority (6 of 8 where the drifts give 3) and sent a modulator on its own line away.
     */
    static final double AGREE_SPACINGS = 0.25;
    /** A ring is judged once locked this long: hops and relocks pull in within tens of ms. */
    static final long SETTLED_NS = 1_000_000_000L;
    /** How often each waveguide is judged: a ring a line off is found within this of settling. */
    static final long EVERY_NS = 50_000_000L;
    /** Fewest settled rings for a median: with two, neither can be told from the other. */
    static final int MIN_RINGS = 3;
    /**
     * A ring found off again this soon after it was sent to its own line is left for now: found off
     * {@link #MAX_FINDS} times, its reference is taken to be wrong, not the ring, and it is no longer
     * judged (it is not sent back and forth).
     */
    static final long REPEAT_NS = 10_000_000_000L;
    static final int MAX_FINDS = 3;
    /**
     * A ring judged on its own line at every judgement for this long has its finds forgotten: only
     * repeated finds in a short span (each within a fine sweep, 1 s of settling and {@link #REPEAT_NS})
     * say its reference is wrong; a real wrong-line lock hours later must still be found.
     */
    static final long FORGET_NS = 60_000_000_000L;
    /**
     * The waveguide's drift moving more than this share of a spacing between judgements (50 ms: 0.6 K/s
     * on the devkit's 1.1 nm spacing at 80 pm/K) is the die ramping: nothing is acted on until it has
     * been still {@link #STILL_NS}. Sent to its own line during the review's 10 K/s return from -30 K,
     * a ring waited for its fine sweep while the die moved its line a spacing on, and found the next one.
     */
    static final double STILL_SPACINGS = 0.005;
    static final long STILL_NS = 500_000_000L;

    private final int[][] rows;
    /** Per ring: own-heater power of its line at the reference die temperature, mW (NaN: none). */
    private final double[] refMw;
    /**
     * Per ring: when its reference was last set (-1: by {@link #reference}, taken as the next judgement's
     * time), and whether it is to be set afresh from the others' drift once it settles: its line was
     * found by a search since, before its reference was ever confirmed by the others (a stored
     * calibration whose operating point is stale sent it searching, and the comb's pattern is evidence
     * of its own). A ring once confirmed keeps its reference whatever a search says: during the review's
     * 30 K excursion, searches run far from the rings' lines found neighbours' lines.
     */
    private final long[] refSetAt;
    private final boolean[] rereference;
    /** Per ring: seen settled on the drift the rest of its waveguide shows since its reference was set. */
    private final boolean[] confirmed;
    /** Per ring: when it was last seen locked after not being (its settling starts), or -1 not locked. */
    private final long[] lockedSince;
    /** Per waveguide: its comb's mean line spacing, nm (NaN: not known). */
    private final double[] spacingNm;
    private final long[] judgedAt;
    /** Per ring: when it was last found off its line (-1 never), and how often. */
    private final long[] foundAt;
    private final int[] finds;
    /** Per ring: since when it has been judged on its own line at every judgement (-1: not now). */
    private final long[] onLineSince;
    /** Per waveguide: the median drift at its last judgement, nm (NaN none), and since when it has been still. */
    private final double[] lastMedian;
    private final long[] stillSince;
    /** Per ring of the last judgement: the die's drift it shows (lockstep), and its own offset from its line, nm. */
    private final double[] drift;
    private final double[] offNm;
    private final double[] sorted;
    /** Of the last {@link #judge}: the ring found off its line, and its own line's place now, mW. */
    private int offRing = -1;
    private double ownMw = Double.NaN;
    private double offSpacings;

    OwnLineCheck(int[][] rows, int rings) {
        this.rows = rows;
        this.refMw = new double[rings];
        Arrays.fill(refMw, Double.NaN);
        this.refSetAt = new long[rings];
        this.rereference = new boolean[rings];
        this.confirmed = new boolean[rings];
        this.lockedSince = new long[rings];
        Arrays.fill(lockedSince, -1);
        this.spacingNm = new double[rows.length];
        Arrays.fill(spacingNm, Double.NaN);
        this.judgedAt = new long[rows.length];
        this.foundAt = new long[rings];
        Arrays.fill(foundAt, -1);
        this.finds = new int[rings];
        this.onLineSince = new long[rings];
        Arrays.fill(onLineSince, -1);
        this.lastMedian = new double[rows.length];
        Arrays.fill(lastMedian, Double.NaN);
        this.stillSince = new long[rows.length];
        int widest = 0;
        for (int[] row : rows) {
            widest = Math.max(widest, row.length);
        }
        this.drift = new double[rings];
        this.offNm = new double[rings];
        this.sorted = new double[widest];
    }

    /**
     * Waveguide {@code w}'s rings have new lines (arbitration) or have them back (resume): each ring's
     * reference is {@code mw[i]} (its estimate then; NaN for a ring with no line), the comb's spacing
     * {@code combSpacingNm}.
     */
    void reference(int w, double[] mw, int[] lane, double combSpacingNm) {
        spacingNm[w] = combSpacingNm;
        judgedAt[w] = 0;
        lastMedian[w] = Double.NaN;
        for (int i : rows[w]) {
            refMw[i] = lane[i] >= 0 ? mw[i] : Double.NaN;
            refSetAt[i] = -1;
            rereference[i] = false;
            confirmed[i] = false;
            lockedSince[i] = -1;
            foundAt[i] = -1;
            finds[i] = 0;
            onLineSince[i] = -1;
        }
    }

    /** Ring {@code i} moved to another line by {@code shiftMw} of its own heater at the same die temperature (a hop). */
    void shifted(int i, double shiftMw) {
        refMw[i] += shiftMw;
    }

    /** The ring found off its line by the last {@link #judge} that found one. */
    int offRing() {
        return offRing;
    }

    /** Where that ring's own line is now, by the rest of its waveguide, mW of its own heater. */
    double ownMw() {
        return ownMw;
    }

    /** How far that ring was from its own line, in line spacings (signed: positive, it sat red of it). */
    double offSpacings() {
        return offSpacings;
    }

    /**
     * At most every {@link #EVERY_NS} per waveguide {@code w}: whether a settled locked ring sits
     * {@link #OFF_SPACINGS} or more off its own line by the median of the others; the first such ring
     * is then {@link #offRing}, its own line's place {@link #ownMw}.
     */
    boolean judge(int w, EngineRings r, Acquisition acquisition, long now) {
        int[] row = rows[w];
        for (int i : row) {
            if (r.state[i] != RingLockState.LOCKED) {
                lockedSince[i] = -1;
                onLineSince[i] = -1;
            } else if (lockedSince[i] < 0) {
                lockedSince[i] = now;
            }
            if (refSetAt[i] < 0) {
                refSetAt[i] = now;
            } else if (acquisition.searchedAt(i) > refSetAt[i] && !confirmed[i]) {
                refSetAt[i] = now;
                rereference[i] = true;
            }
        }
        if (now - judgedAt[w] < EVERY_NS || !(spacingNm[w] > 0)) {
            return false;
        }
        judgedAt[w] = now;
        int n = 0;
        for (int i : row) {
            if (settled(i, r, now)) {
                drift[i] = (r.trackers[i].basePowerMw() - refMw[i]) * r.nmPerMwLockstep[i];
                sorted[n++] = drift[i];
            }
        }
        if (n < MIN_RINGS) {
            lastMedian[w] = Double.NaN;
            return false;
        }
        Arrays.sort(sorted, 0, n);
        double median = (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        int agree = 0;
        for (int i : row) {
            if (settled(i, r, now)) {
                offNm[i] = ownOffNm(i, r, median);
                agree += Math.abs(drift[i] - median) < AGREE_SPACINGS * spacingNm[w] ? 1 : 0;
            }
        }
        if (2 * agree <= n) {
            lastMedian[w] = Double.NaN;
            return false; // no majority: the median is not the die's drift
        }
        for (int i : row) {
            // Agreeing with the majority, moving or not: its reference holds.
            if (settled(i, r, now) && Math.abs(offNm[i]) < OFF_SPACINGS * spacingNm[w]) {
                confirmed[i] = true;
                if (onLineSince[i] < 0) {
                    onLineSince[i] = now;
                } else if (now - onLineSince[i] >= FORGET_NS) {
                    finds[i] = 0;
                }
            }
        }
        if (!(Math.abs(median - lastMedian[w]) <= STILL_SPACINGS * spacingNm[w])) {
            stillSince[w] = now;
        }
        lastMedian[w] = median;
        if (now - stillSince[w] < STILL_NS) {
            return false;
        }
        for (int i : row) {
            if (rereference[i] && r.state[i] == RingLockState.LOCKED && lockedSince[i] >= 0 && now - lockedSince[i] >= SETTLED_NS
                    && r.nmPerMwLockstep[i] > 0 && r.lane[i] >= 0) {
                refMw[i] = r.trackers[i].basePowerMw() - median / r.nmPerMwLockstep[i];
                rereference[i] = false;
            }
        }
        for (int i : row) {
            if (settled(i, r, now) && Math.abs(offNm[i]) >= OFF_SPACINGS * spacingNm[w]) {
                onLineSince[i] = -1;
                if (foundAt[i] >= 0 && now - foundAt[i] < REPEAT_NS) {
                    continue;
                }
                if (++finds[i] > MAX_FINDS) {
                    refMw[i] = Double.NaN;
                    continue;
                }
                foundAt[i] = now;
                offRing = i;
                ownMw = refMw[i] + median / r.nmPerMwLockstep[i];
                offSpacings = offNm[i] / spacingNm[w];
                lockedSince[i] = -1;
                return true;
            }
        }
        return false;
    }

    /**
     * Ring {@code i}'s own offset from its line, nm of its own resonance, given the waveguide's drift
     * {@code medianNm} (lockstep): its operating point less where the common drift puts its line
     * ({@code medianNm} over its lockstep efficiency), taken with its own-heater efficiency.
     */
    private double ownOffNm(int i, EngineRings r, double medianNm) {
        return (r.trackers[i].basePowerMw() - refMw[i] - medianNm / r.nmPerMwLockstep[i]) * r.nmPerMwSelf(i);
    }

    private boolean settled(int i, EngineRings r, long now) {
        return r.state[i] == RingLockState.LOCKED && r.lane[i] >= 0 && !Double.isNaN(refMw[i]) && !rereference[i]
                && r.nmPerMwLockstep[i] > 0 && lockedSince[i] >= 0 && now - lockedSince[i] >= SETTLED_NS;
    }
}
