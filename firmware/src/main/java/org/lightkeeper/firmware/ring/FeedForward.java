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
    /** Die temperature read period: at 10 K/s, 20 mK (1.1 pm of resonance) between feed-forward steps. */
    static final long DIE_READ_NS = 2_000_000L;

    private final EngineRings r;
    private final DieThermometer die;           // null: the engine has no die sensor
    /** Each ring's heater power at the start of the tick, to see which stepped. */
    private final double[] before;
    /** Each ring was tracking (LOCKED) at the start of the tick: its own small moves are not fed forward. */
    private final boolean[] tracking;
    private boolean dieOn = true;
    private double dieC = Double.NaN;           // the die temperature last fed forward
    private long dieReadAt;

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
        shift(j, mw, true);
    }

    /** {@code now} false: a ring not due this tick (gradient) gets the move at its next turn, so the bus budget holds. */
    private void shift(int j, double mw, boolean now) {
        if (r.state[j] == RingLockState.LOCKED) {
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
     * neighbours, moving alike, add through the coupling). Reads the die every {@link #DIE_READ_NS}.
     */
    void followDie(long now) {
        if (die == null || !dieOn || now - dieReadAt < DIE_READ_NS) {
            return;
        }
        dieReadAt = now;
        double t = die.readC();
        double dT = t - dieC;
        dieC = t;
        if (!(Math.abs(dT) > 0)) {
            return; // unchanged, or the first reading (dT NaN): it only sets the reference
        }
        double shiftNm = -RESONANCE_PM_PER_K / 1000 * dT;
        for (int[] row : r.rows) {
            for (int j = 0; j < row.length; j++) {
                int i = row[j];
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
                shift(i, shiftNm / (r.nmPerMwSelf(i) * reach), false);
            }
        }
    }

    /** Whether the die feed-forward is applied (on by default where a die sensor exists); off forgets the reference. */
    void setDieOn(boolean on) {
        dieOn = on;
        dieC = Double.NaN;
    }

    boolean hasDieSensor() {
        return die != null;
    }
}
