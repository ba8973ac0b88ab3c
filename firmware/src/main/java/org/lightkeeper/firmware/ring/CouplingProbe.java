package org.lightkeeper.firmware.ring;

import java.util.Arrays;

/**
 * The neighbour-coupling matrix of one engine (DESIGN.md section 3), measured once its rings are
 * locked after a calibration sweep: per waveguide, every third ring (the aggressors) is held with its
 * heater a small step above its operating point while the others keep tracking, then stepped back.
 * A neighbour's tracker moves its operating point by -c x step to stay on its line; half the
 * difference between the step-up and step-back moves cancels a linear drift of the die, so c comes
 * out in the neighbour's heater mW per aggressor mW, what the feed-forward needs. Three rounds cover
 * every pair of nearest neighbours; no victim has two aggressors in one round.
 *
 * <p>The step is an eighth of the aggressor's half width: it detunes the aggressor by a sixteenth of a
 * linewidth and each neighbour by a tenth of that before its tracker catches up (linewidth/10 is the
 * tracking budget). It costs no bus transaction: the held heater is written in the tick's normal
 * heater burst. Entries not measured (a ring not locked, a measurement interrupted) keep the board
 * file's nominal value. Allocation-free after construction.
 */
final class CouplingProbe {
    /** Aggressor step, as a fraction of its Lorentzian half width. */
    static final double STEP_HALF_WIDTHS = 1.0 / 8;
    /** Ticks the neighbours' trackers are given to settle after each step (a filter's closes 30 % per pair). */
    static final int SETTLE_TICKS = 20;
    /**
     * Ticks each operating point is averaged over, before the step, stepped and back: a filter fed
     * through modulators sees their tracking as intensity noise, which jitters its operating point
     * by a few percent of the response being measured.
     */
    static final int AVERAGE_TICKS = 24;
    /** A measured coupling outside [0, this) is taken as a bad measurement (a neighbour moved for another reason). */
    static final double MAX_COUPLING = 0.5;
    private static final int ROUNDS = 3;
    private static final int IDLE = -1;
    private static final int DONE = ROUNDS;

    private final int[][] rows;
    /** Per ring: its operating-point move per mW of its left (lower position) and right neighbour's heater. */
    private final double[] fromLeft;
    private final double[] fromRight;
    private final boolean[] measuredLeft;
    private final boolean[] measuredRight;

    private final boolean[] requested;
    private long completed;
    private final int[] round;                  // per waveguide: IDLE, 0..2, DONE
    private final int[] stage;                  // per waveguide: 0 baseline, 1 stepped, 2 back
    private final int[] ticks;
    private final double[] start;               // per ring: mean operating point before the step
    private final double[] stepped;             // per ring: mean operating point at the end of the step
    private final double[] sum;                 // per ring: operating points summed in this stage
    private final boolean[] lockedAtStart;      // per ring: locked when the round began (else parked: it does not move)
    private final double[] probeMw;             // per ring: the step of this round (0: not an aggressor)
    private final double[] offsetMw;            // per ring: what is added to its command now
    private final boolean[] steady;             // per ring: locked throughout this round

    CouplingProbe(int[][] rows, int rings, double nominal) {
        this.rows = rows;
        this.fromLeft = new double[rings];
        this.fromRight = new double[rings];
        for (int[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                fromLeft[row[j]] = j > 0 ? nominal : 0;
                fromRight[row[j]] = j + 1 < row.length ? nominal : 0;
            }
        }
        this.measuredLeft = new boolean[rings];
        this.measuredRight = new boolean[rings];
        this.requested = new boolean[rows.length];
        this.round = new int[rows.length];
        Arrays.fill(round, IDLE);
        this.stage = new int[rows.length];
        this.ticks = new int[rows.length];
        this.start = new double[rings];
        this.stepped = new double[rings];
        this.sum = new double[rings];
        this.lockedAtStart = new boolean[rings];
        this.probeMw = new double[rings];
        this.offsetMw = new double[rings];
        this.steady = new boolean[rings];
    }

    /** Victim {@code i}'s operating-point move per mW of its left neighbour's heater (0 at the row's start). */
    double fromLeft(int i) {
        return fromLeft[i];
    }

    double fromRight(int i) {
        return fromRight[i];
    }

    boolean measuredLeft(int i) {
        return measuredLeft[i];
    }

    boolean measuredRight(int i) {
        return measuredRight[i];
    }

    /** A known value (from a stored calibration) for victim {@code i} from its left or right neighbour. */
    void set(int i, boolean left, double mwPerMw) {
        if (left) {
            fromLeft[i] = mwPerMw;
            measuredLeft[i] = true;
        } else {
            fromRight[i] = mwPerMw;
            measuredRight[i] = true;
        }
    }

    /** Measure waveguide {@code w} as soon as it is ready (a calibration sweep has just assigned its lines). */
    void request(int w) {
        requested[w] = true;
        round[w] = IDLE;
    }

    /** Whether waveguide {@code w} waits for its measurement to start. */
    boolean waiting(int w) {
        return requested[w] && round[w] == IDLE;
    }

    boolean active(int w) {
        return round[w] != IDLE && round[w] != DONE;
    }

    /** Whether any requested measurement has not finished: the calibration is not complete. */
    boolean pending() {
        for (int w = 0; w < rows.length; w++) {
            if (requested[w] && round[w] != DONE) {
                return true;
            }
        }
        return false;
    }

    /** Ring {@code i} is an aggressor of the running round: its tracker is held, its command is offset. */
    boolean holds(int i) {
        return probeMw[i] != 0;
    }

    /** What to add to ring {@code i}'s tracker command now (0 unless it is an aggressor in its step). */
    double offsetMw(int i) {
        return offsetMw[i];
    }

    /**
     * Called each tick while waveguide {@code w} waits, with whether all its rings are locked or parked:
     * true once they have been for {@link #SETTLE_TICKS}, so a ring just locked has converged before
     * it is held still as an aggressor.
     */
    boolean quietLongEnough(int w, boolean quiet) {
        ticks[w] = quiet ? ticks[w] + 1 : 0;
        return ticks[w] >= SETTLE_TICKS;
    }

    /** Starts measuring waveguide {@code w}; every ring of it must be locked or parked. */
    void begin(int w, Tracker[] trackers, RingLockState[] state) {
        round[w] = 0;
        beginRound(w, trackers, state);
    }

    private void beginRound(int w, Tracker[] trackers, RingLockState[] state) {
        int[] row = rows[w];
        for (int j = 0; j < row.length; j++) {
            int i = row[j];
            steady[i] = state[i] == RingLockState.LOCKED;
            lockedAtStart[i] = steady[i];
            sum[i] = 0;
            boolean aggressor = j % ROUNDS == round[w] && steady[i] && row.length > 1;
            probeMw[i] = aggressor ? STEP_HALF_WIDTHS * trackers[i].halfWidthMw() : 0;
            offsetMw[i] = 0;
        }
        stage[w] = 0;
        ticks[w] = 0;
    }

    /** One tick of waveguide {@code w}'s measurement, after its trackers have updated. */
    void tick(int w, Tracker[] trackers, RingLockState[] state) {
        int[] row = rows[w];
        int settle = stage[w] == 0 ? 0 : SETTLE_TICKS;
        ticks[w]++;
        for (int i : row) {
            steady[i] &= state[i] == RingLockState.LOCKED;
            if (ticks[w] > settle) {
                sum[i] += trackers[i].basePowerMw();
            }
        }
        if (ticks[w] < settle + AVERAGE_TICKS) {
            return;
        }
        ticks[w] = 0;
        if (stage[w] < 2) {
            for (int i : row) {
                double mean = sum[i] / AVERAGE_TICKS;
                if (stage[w] == 0) {
                    start[i] = mean;
                    offsetMw[i] = probeMw[i];
                } else {
                    stepped[i] = mean;
                    offsetMw[i] = 0;
                }
                sum[i] = 0;
            }
            stage[w]++;
            return;
        }
        for (int j = 0; j < row.length; j++) {
            int a = row[j];
            if (probeMw[a] == 0 || !steady[a]) {
                continue;
            }
            if (j > 0) {
                record(w, j - 1, false, a);
            }
            if (j + 1 < row.length) {
                record(w, j + 1, true, a);
            }
        }
        release(w);
        if (++round[w] < ROUNDS) {
            beginRound(w, trackers, state);
        } else {
            completed++;
        }
    }

    /** Waveguides whose measurement has finished since start: each changes the calibration to be kept. */
    long completed() {
        return completed;
    }

    /** Ring {@code i}'s operating-point move for the step, half the step-up less the step-back (a linear drift cancels). */
    private double response(int i) {
        double back = sum[i] / AVERAGE_TICKS - stepped[i];
        return ((stepped[i] - start[i]) - back) / 2;
    }

    /**
     * The victim at position {@code jv} of waveguide {@code w}, whose {@code left} (or right) neighbour
     * is aggressor {@code a}. Its other neighbour answered the next aggressor along in the same round,
     * and the victim felt that too: taken out with the coupling known so far (a second-order term).
     */
    private void record(int w, int jv, boolean left, int a) {
        int[] row = rows[w];
        int v = row[jv];
        int ju = left ? jv + 1 : jv - 1;
        int u = ju >= 0 && ju < row.length ? row[ju] : -1;
        if (!steady[v] || (u >= 0 && lockedAtStart[u] && !steady[u])) {
            return;
        }
        double viaOther = u < 0 || !lockedAtStart[u] ? 0 : (left ? fromRight[v] : fromLeft[v]) * response(u);
        double c = -(response(v) + viaOther) / probeMw[a];
        if (c >= 0 && c < MAX_COUPLING) {
            set(v, left, c);
        }
    }

    /** Ends waveguide {@code w}'s measurement where it stands: the light went, or a ring needs acquiring. */
    void abort(int w) {
        if (active(w)) {
            release(w);
            round[w] = DONE;
        }
    }

    private void release(int w) {
        for (int i : rows[w]) {
            probeMw[i] = 0;
            offsetMw[i] = 0;
        }
    }
}
