package org.lightkeeper.firmware.ring;

/**
 * Known disturbances put onto the locked rings' operating points at once, so the trackers only trim
 * (DESIGN.md section 3): a neighbour's heater step (crosstalk, through the measured neighbour-coupling
 * matrix of {@link CouplingProbe}) and a change of the die temperature (where the engine has a die
 * sensor). Allocation-free.
 */
final class FeedForward {
    /** Silicon's thermo-optic shift of a ring resonance, pm per kelvin of die (DESIGN.md section 2, docs/physics.md). */
    static final double RESONANCE_PM_PER_K = 57;
    /**
     * A die reading this far from the one last taken as still says the die is moving, and stirs the
     * locked rings' trackers into the coarse gear ({@link RingTracker#stir}): three DIE_TEMP codes of
     * 1/128 K (docs/eic-regmap.md), 23 mK or 1.3 pm of resonance, so a reading toggling by a code is
     * not taken for motion; a 10 K/s ramp crosses it every 2-3 ms.
     */
    static final double DIE_MOVING_K = 3.0 / 128;

    private final EngineRings r;
    private final DieThermometer die;           // null: the engine has no die sensor
    /** Each ring's heater power at the start of the tick, to see which stepped. */
    private final double[] before;
    /** Each ring was tracking (LOCKED) at the start of the tick: its own small moves are not fed forward. */
    private final boolean[] tracking;
    private boolean dieOn = true;
    private double dieC = Double.NaN;           // the die temperature last fed forward
    private double stillC = Double.NaN;         // the reading the die's motion is judged from

    FeedForward(EngineRings rings, DieThermometer die) {
        this.r = rings;
        this.die = die;
        this.before = new double[r.rings];
        this.tracking = new boolean[r.rings];
    }

    /** Start of a tick: notes every heater's power. */
    void mark() {
        for (int i = 0; i < r.rings; i++) {
            before[i] = r.heaters.appliedMw(i);
            tracking[i] = r.state[i] == RingLockState.LOCKED;
        }
    }

    /**
     * End of a tick: when a ring that was not tracking stepped its heater (acquisition, fine sweep,
     * parking, and the jump from the end of its fine sweep to its lock point), each locked neighbour moves its operating point by -c x step at once instead of
     * waiting for its tracker to notice the shift, c from the measured coupling matrix (the board
     * file's nominal value where unmeasured).
     */
    void crosstalk() {
        for (int[] row : r.rows) {
            for (int j = 0; j < row.length; j++) {
                int i = row[j];
                if (tracking[i]) {
                    continue;
                }
                double step = r.heaters.appliedMw(i) - before[i];
                if (step == 0) {
                    continue;
                }
                if (j > 0) {
                    shift(row[j - 1], -r.probe.fromRight(row[j - 1]) * step);
                }
                if (j + 1 < row.length) {
                    shift(row[j + 1], -r.probe.fromLeft(row[j + 1]) * step);
                }
            }
        }
    }

    private void shift(int j, double mw) {
        shift(j, mw, true, true);
    }

    /**
     * Moves locked ring {@code j}'s operating point by {@code mw}. {@code now} false: a ring not due this
     * tick (gradient) gets the move at its next turn, so the bus budget holds. {@code stir}: its light or
     * its line moves, so it tracks in the coarse gear ({@link Tracker#stir}).
     */
    private void shift(int j, double mw, boolean now, boolean stir) {
        if (r.state[j] == RingLockState.LOCKED) {
            if (stir) {
                r.trackers[j].stir();
            }
            double cmd = r.trackers[j].shift(mw) + r.probe.offsetMw(j);
            if (now || r.tracking.due(j)) {
                r.heaters.set(j, cmd);
            }
        }
    }

    /** Ring {@code i}'s heater power since the last write, as {@link #mark} noted it: what its monitor was read at. */
    double heldMw(int i) {
        return before[i];
    }

    /**
     * A die warmer by dT moves every resonance by 57 pm/K x dT, so each locked ring's operating point
     * moves at once by that over its heater's reach (its own efficiency plus what its locked
     * neighbours, moving alike, add through the coupling). Reads the die every ring tick (one 5-byte
     * SPI frame): read every other tick (2 ms on ref-51t2, one filter dither pair) the steps landed at
     * the same lock-in phase each pair and the filters took them for detuning (DieFeedForwardTest with
     * the h/128 dither: median ring 16.9 pm, 7.6 pm read every tick, 7.8 pm without feed-forward).
     */
    void followDie(long now) {
        if (die == null || !dieOn) {
            return;
        }
        double t = die.readC();
        double dT = t - dieC;
        dieC = t;
        boolean moving = Math.abs(t - stillC) > DIE_MOVING_K;
        if (moving || Double.isNaN(stillC)) {
            stillC = t;
        }
        if (!(Math.abs(dT) > 0)) {
            return; // unchanged, or the first reading (dT NaN): it only sets the reference
        }
        double shiftNm = -RESONANCE_PM_PER_K / 1000 * dT;
        for (int[] row : r.rows) {
            for (int j = 0; j < row.length; j++) {
                int i = row[j];
                if (r.state[i] == RingLockState.FAILED && r.lane[i] >= 0 && r.acquiredMw[i] > 0 && r.nmPerMwSelf(i) > 0) {
                    // A parked ring is retried where it last locked (Acquisition#retryParked): keep that
                    // where its line is now, so a retry with the die still moved searches there (or finds
                    // it out of range) instead of where the next line in comb order has come to lie.
                    r.acquiredMw[i] += shiftNm / r.nmPerMwSelf(i);
                    continue;
                }
                if (r.state[i] != RingLockState.LOCKED || !(r.nmPerMwSelf(i) > 0)) {
                    continue;
                }
                double reach = 1;
                if (j > 0 && r.state[row[j - 1]] == RingLockState.LOCKED) {
                    reach += r.probe.fromLeft(i);
                }
                if (j + 1 < row.length && r.state[row[j + 1]] == RingLockState.LOCKED) {
                    reach += r.probe.fromRight(i);
                }
                shift(i, shiftNm / (r.nmPerMwSelf(i) * reach), false, moving);
            }
        }
    }

    /** Whether the die feed-forward is applied (on by default where a die sensor exists); off forgets the reference. */
    void setDieOn(boolean on) {
        dieOn = on;
        dieC = Double.NaN;
        stillC = Double.NaN;
    }

    /** Whether every change of the die stirs the locked rings' trackers: a die sensor, read and fed forward. */
    boolean announcesDie() {
        return die != null && dieOn;
    }

    boolean hasDieSensor() {
        return die != null;
    }
}
