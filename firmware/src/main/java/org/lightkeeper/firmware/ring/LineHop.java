package org.lightkeeper.firmware.ring;

import java.util.List;

/**
 * Plans a coordinated line hop of one waveguide (docs/control.md, "Line hop"): every ring with a line
 * moves to the next line in comb order, all in one tick, when the die has moved a ring's line near an
 * end of its heater's range.
 *
 * <p>Why a whole waveguide and not one ring one FSR on: the FSR (~9 nm) is near twice a heater's reach
 * (20 mW at ~0.25 nm/mW, ~5 nm) on both boards, so a ring never meets its own line in two orders; the
 * line next in comb order is one spacing (~1.1 nm, ~4.6 mW) away, but with a ring on every line it is
 * taken, so every ring moves at once. Warming by one spacing's worth (about 20 K) needs a spacing less
 * heat; hopping one line red gives it back. The ring on the reddest line takes the bluest one in its
 * next resonance order (the comb period less the span, ~0.86 spacing), so the cyclic order of the comb
 * is kept. Each ring's move is solved with the neighbours' crosstalk, since they all move together.
 */
final class LineHop {
    /** A locked ring whose operating point comes this near either end of the heater's range triggers a hop. */
    static final double TRIGGER_MW = 0.5;
    /**
     * Every ring must have moved at least this far the same way since it locked (about 1 K of die) for a
     * hop: a ring that reached an end on its own has a fault, and a ring locked near an end is left there.
     */
    static final double COMMON_DRIFT_MW = 0.25;
    /**
     * Every ring must land at least this far inside the end the die moves it towards, so a hop is not
     * undone at once by the other end.
     */
    static final double LANDING_MW = 1.0;
    /**
     * ... and this far inside the end the die moves it away from (the top end when the die warms):
     * there it only comes further in as the ramp goes on, and a ring the plan's error (~1 % of a 4 mW
     * move) lands a little past it is held there for a few ms, not lost ({@link #landedPast}). With 1 mW
     * there too, 5 of ref-51t2's 64 waveguides refused a hop that ground truth says fits (top ring
     * 19.03-19.95 mW) and lost a ring; with 0.25 mW, 1 (19.95 mW).
     */
    static final double INWARD_MW = 0.05;
    /**
     * Ticks after a hop at which each ring's landing is judged ({@link #learn}): its tracker has pulled
     * in by then (20 ms on the devkit, 40 ms on ref-51t2: ten or more dither pairs at 30 % a pair).
     */
    static final int LEARN_TICKS = 40;
    /**
     * A landing error past a tenth of the move (for a ring that crossed the comb's end, past 3 % of its
     * FSR, what PeakLattice believes of a ring's own) is not taken for the ring's own: something else moved.
     */
    static final double LEARN_LIMIT = 0.1;
    /**
     * A ring the die parked is locked again ({@link #holdOffLine}) once its lock point is this far inside
     * the range; a gap it is moved to has its midpoint this far inside the range.
     */
    static final double RELEASE_MW = 0.5;
    /**
     * A parked ring is moved between lines once a line the die brings towards it is within this many
     * half widths (the linewidth): a modulator parked at the limit starts there, on its own line's slope.
     * Moved at once, every parked ring stepped ~2 mW and its neighbours took the crosstalk: on ref-51t2's
     * 20 K ramp without line hop, 17 rings past linewidth/10 (none left where they were).
     */
    static final double APPROACH_HALF_WIDTHS = 2;
    /**
     * Longest a ring is held off its line by {@link #holdOffLine}: its line's place is an estimate run
     * from the other rings' drift, which stops when none of them is locked, so it can stick out of range
     * or just inside the release margin (review of stop 13: after +75 K and back, a ring's estimate sat
     * at 0.07 mW, never released, never retried). After this it is retried as any parked ring, from
     * where it last locked. The devkit's 40 K swing parks a ring 2-3 s; a 30 K excursion held 9.5 s is
     * ridden out held (retried from the old lock point at 5 s, 9 of 16 rings found the next line down).
     */
    static final long HOLD_LIMIT_NS = 30_000_000_000L;
    /**
     * A ring locked again by {@link #holdOffLine} that does not stay locked this long was locked at a
     * wrong estimate (review of stop 13: a 30 K swing held 10 s relocked three rings 250-514 pm off, and
     * their retries searched there, at the heater's limit, for good): its retries look where it last
     * locked for real.
     */
    static final long RELEASE_TRUST_NS = 500_000_000L;
    static final String HELD_TOO_LONG = "parked 30 s without its line back in range by the estimate; retried as any"
            + " parked ring, from where it last locked";
    /** A held ring stays in its gap while the gap's midpoint is this far inside the range (the hysteresis against {@link #RELEASE_MW}). */
    static final double HOLD_MW = 0.1;
    /**
     * A ring without a line is kept this share of a line spacing from every line: 0.4 nm on the devkit's
     * 1.13 nm spacing, 3.2 of its 0.125 nm half widths, where a Lorentzian drop takes 9 % of the line's
     * light (a gap's midpoint, 4.5 half widths, takes 5 %, but is up to half a spacing of heat further
     * for its neighbours to feel).
     */
    static final double IDLE_CLEAR_SPACINGS = 0.35;
    /** Moved, it goes this share of a spacing beyond {@link #IDLE_CLEAR_SPACINGS}: moves of 0.2 mW, not one a tick. */
    static final double IDLE_MARGIN_SPACINGS = 0.05;
    /** A move smaller than this is not made (2.5 pm on the devkit): fewer heater writes for its neighbours to feel. */
    static final double IDLE_DEADBAND_MW = 0.01;
    /** Jacobi sweeps for the coupled moves (contraction 2c, c ~ 0.1: 1e-12 in about 15). */
    static final int SWEEPS = 40;

    private final int[][] rows;
    /** Per waveguide: lanes by increasing wavelength (null until the comb is known). */
    private final int[][] order;
    /** Per waveguide and lane: its index in wavelength order. */
    private final int[][] rank;
    /** Per waveguide: line wavelengths in wavelength order, nm. */
    private final double[][] lambdaNm;
    /** Per waveguide: the comb period in the rings' frame (their FSR), nm; NaN unknown (no wrap possible). */
    private final double[] fsrNm;
    /** Per ring: its own FSR where the calibration sweep measured it, nm (NaN: the waveguide's is used). */
    private final double[] ringFsrNm;
    /** The plan of the last successful {@link #plan}: per ring, heater move (mW) and new lane. */
    final double[] moveMw;
    final int[] toLane;
    /** Per ring of the last successful plan: the operating point it lands on, mW, and the one its tracker is locked at. */
    final double[] landMw;
    final double[] lockMw;
    private final double[] ownMw;
    private final double[] next;
    /**
     * Per ring: the end the die ran its line out at when it was parked ({@link #parked}: -1 0 mW, the die
     * warmed; +1 the limit), 0 none. Such a ring hops with its waveguide, from {@link #parkedNeedMw}.
     */
    final int[] parkedEnd;
    /** Per parked ring: the own-heater power that would put it on its line now (outside the range), mW. */
    final double[] parkedNeedMw;
    /** Per ring: its operating point (locked) or heater (otherwise) at the last {@link #observe}, mW. */
    private final double[] prevMw;
    private final boolean[] prevLocked;
    /**
     * Per ring: what its hops taught ({@link #learn}): a factor on its calibrated heater efficiency (a
     * devkit filter's was 2.6 % high, and every hop of it landed 0.09-0.13 mW off, 20-29 pm).
     */
    private final double[] effScale;
    /** Per ring, of the plan last made: -1/+1 it crossed the comb's end that way (its FSR in the move), 0 not. */
    private final int[] wrapDir;
    /** Per ring, of the last hop: its heater step and landing (mW), and whether its landing is still to be judged. */
    private final double[] hopMoveMw;
    private final double[] hopLandMw;
    private final boolean[] judging;
    /** Per waveguide: ticks since its last hop, and the die's drift since then, nm of heating (as {@link #observe} sums it). */
    private final int[] sinceHop;
    private final double[] hopDriftNm;
    /** Per parked ring: moved between two lines ({@link #holdOffLine}), and following its gap since. */
    private final boolean[] held;
    /** Per waveguide: the direction of its last hop (+1 red, the die warmed; -1 blue; 0 none yet). */
    private final int[] hopDir;
    /** Per parked ring: when the die parked it (-1: not yet known, set at the next {@link #holdOffLine}). */
    private final long[] parkedAtNs;
    /**
     * Per ring the die parked: where it last locked for real ({@code acquiredMw} then), mW; a ring parked
     * because it sat on another ring's line with its own out of range: the end nearest its own line
     * ({@code EngineLock#offItsLine} says why).
     */
    private final double[] lockedMw;
    /** Per ring {@link #holdOffLine} locked again: when (0: none pending), until it has held {@link #RELEASE_TRUST_NS}. */
    private final long[] releasedAtNs;
    /**
     * Per ring the arbitration left without a line: a line of its comb (ELS lane) it is kept clear of
     * ({@link #holdIdle}), -1 none known; and the own-heater power that would put it on that line now,
     * mW (followed from the die's drift as {@link #parkedNeedMw} is; may lie outside the range).
     */
    final int[] idleLane;
    final double[] idleLineMw;

    LineHop(int[][] rows, int rings) {
        this.rows = rows;
        this.order = new int[rows.length][];
        this.rank = new int[rows.length][ElsLanes.LANES];
        this.lambdaNm = new double[rows.length][ElsLanes.LANES];
        this.fsrNm = new double[rows.length];
        java.util.Arrays.fill(fsrNm, Double.NaN);
        this.ringFsrNm = new double[rings];
        java.util.Arrays.fill(ringFsrNm, Double.NaN);
        this.moveMw = new double[rings];
        this.toLane = new int[rings];
        this.landMw = new double[rings];
        this.lockMw = new double[rings];
        this.ownMw = new double[rings];
        this.next = new double[rings];
        this.parkedEnd = new int[rings];
        this.parkedNeedMw = new double[rings];
        this.prevMw = new double[rings];
        this.prevLocked = new boolean[rings];
        this.effScale = new double[rings];
        java.util.Arrays.fill(effScale, 1.0);
        this.wrapDir = new int[rings];
        this.hopMoveMw = new double[rings];
        this.hopLandMw = new double[rings];
        this.judging = new boolean[rings];
        this.sinceHop = new int[rows.length];
        this.held = new boolean[rings];
        this.hopDriftNm = new double[rows.length];
        this.hopDir = new int[rows.length];
        this.parkedAtNs = new long[rings];
        this.lockedMw = new double[rings];
        this.releasedAtNs = new long[rings];
        this.idleLane = new int[rings];
        java.util.Arrays.fill(idleLane, -1);
        this.idleLineMw = new double[rings];
    }

    /**
     * Ring {@code i}, run out of range at {@code end} by the die ({@link #dieDriven}), is parked there:
     * its line is followed from the drift of the rest of its waveguide ({@link #observe}) so that the
     * waveguide's next hop takes it along to its next line, where it is in range again.
     */
    void parked(int i, int end, EngineRings r) {
        parkedEnd[i] = end;
        parkedNeedMw[i] = r.trackers[i].basePowerMw();
        parkedAtNs[i] = -1;
        if (releasedAtNs[i] != 0) {
            // Locked again at the estimate and lost at once: the estimate was wrong; where it last locked for real stands.
            r.acquiredMw[i] = lockedMw[i];
            releasedAtNs[i] = 0;
        } else {
            lockedMw[i] = r.acquiredMw[i];
        }
    }

    private static double heldMw(EngineRings r, int k) {
        return r.state[k] == RingLockState.LOCKED ? r.trackers[k].basePowerMw() : r.heaters.appliedMw(k);
    }

    /**
     * Once a tick per waveguide {@code w}: how far the die moved its lines since the last tick, in nm,
     * from the rings locked both times (each ring's own step plus its neighbours' crosstalk, times its
     * efficiency: what it took to stay on its line), and so where each parked ring's line is now. A ring
     * parked by the die that is no longer parked is forgotten. Allocates nothing.
     */
    void observe(int w, EngineRings r) {
        int[] row = rows[w];
        CouplingProbe probe = r.probe;
        double sumNm = 0;
        int n = 0;
        for (int j = 0; j < row.length; j++) {
            int k = row[j];
            if (r.state[k] != RingLockState.FAILED || r.lane[k] < 0) {
                parkedEnd[k] = 0;
            }
            held[k] &= parkedEnd[k] != 0;
            if (!prevLocked[k] || r.state[k] != RingLockState.LOCKED || !(r.nmPerMwSelf(k) > 0)) {
                continue;
            }
            sumNm += r.nmPerMwSelf(k) * (heldMw(r, k) - prevMw[k] + neighboursStepMw(r, probe, row, j));
            n++;
        }
        if (n > 0) {
            double dieNm = sumNm / n;
            hopDriftNm[w] += dieNm;
            for (int j = 0; j < row.length; j++) {
                int k = row[j];
                if (parkedEnd[k] != 0 && r.nmPerMwSelf(k) > 0) {
                    parkedNeedMw[k] += dieNm / nmPerMw(k, r) - neighboursStepMw(r, probe, row, j);
                }
                if (idleLane[k] >= 0 && r.nmPerMwSelf(k) > 0) {
                    idleLineMw[k] += dieNm / nmPerMw(k, r) - neighboursStepMw(r, probe, row, j);
                }
            }
        }
        if (sinceHop[w] < LEARN_TICKS && ++sinceHop[w] == LEARN_TICKS) {
            learn(w, r);
        }
        rebase(w, r);
    }

    /**
     * Once a tick per waveguide {@code w} (after {@link #observe}), with or without line hop: each ring
     * the die parked at an end ({@link #parkedEnd}) is held between two lines once a line comes near it
     * ({@link #APPROACH_HALF_WIDTHS}), at the midpoint of the gap in range nearest that end, and follows the
     * die there; its retry is put off until its lock point is {@link #RELEASE_MW} inside the range again,
     * and then it is locked there at once. Parked at the end, a modulator sat on the slope of its own line, and the die carried it across the line's centre: on
     * the devkit's 40 K swing without line hop, modulator 6 (parked at 20 mW as the die cooled) dropped
     * lane 1 and filter 14 downstream lost it; a parked filter would have reached the next line the same
     * way. A ring's move from the gap to another crosses a line within the heater's time constant (20 us).
     * Allocates nothing but the reason it gives when it locks the ring again.
     */
    void holdOffLine(int w, EngineRings r, long now) {
        int[] o = order[w];
        if (o == null) {
            return;
        }
        double max = r.heaters.ringMaxMw();
        for (int i : rows[w]) {
            if (releasedAtNs[i] != 0) {
                if (r.state[i] != RingLockState.LOCKED) {
                    r.acquiredMw[i] = lockedMw[i]; // locked at a wrong estimate: retried where it last locked
                    releasedAtNs[i] = 0;
                } else if (now - releasedAtNs[i] >= RELEASE_TRUST_NS) {
                    releasedAtNs[i] = 0;
                }
            }
            if (parkedEnd[i] == 0 || r.lane[i] < 0) {
                continue;
            }
            if (parkedAtNs[i] < 0) {
                parkedAtNs[i] = now;
            } else if (now - parkedAtNs[i] > HOLD_LIMIT_NS) {
                // Held too long for its estimate to be trusted: retried as any parked ring, from where it last locked.
                parkedEnd[i] = 0;
                held[i] = false;
                r.acquiredMw[i] = lockedMw[i];
                r.why[i] = HELD_TOO_LONG;
                continue;
            }
            double eff = nmPerMw(i, r);
            if (!(eff > 0)) {
                continue;
            }
            if (parkedNeedMw[i] >= RELEASE_MW && parkedNeedMw[i] <= max - RELEASE_MW) {
                // Its line is back in range: locked again where its lock point has come to be, as a hop
                // locks, not fine-swept (the sweep crossed its own line: on the devkit's swing the filter
                // downstream on its lane went 104 pm off). A tracker that does not catch it there loses
                // it, and it is acquired as any lost ring.
                Tracker t = r.trackers[i];
                double h = t.halfWidthMw();
                double f = r.heldFraction[i];
                double base = parkedNeedMw[i];
                double cmd = f >= 1 ? t.lockPeak(base, t.peakMa(), h, r.nmPerMwSelf(i))
                        : t.lockSlope(base - h * Math.sqrt(1 / f - 1), t.peakMa(), h, f, r.nmPerMwSelf(i));
                r.heaters.set(i, cmd);
                r.state[i] = RingLockState.LOCKED;
                r.acquiredMw[i] = base;
                r.why[i] = "locked on lane " + r.lane[i] + " again: the die brought its line back into the heater's range";
                parkedEnd[i] = 0;
                held[i] = false;
                releasedAtNs[i] = now;
                continue;
            }
            r.failedAt[i] = now; // no retry while its line is out of range: the fine sweep would cross it
            double h = r.trackers[i].halfWidthMw();
            double f = r.heldFraction[i];
            double centre = parkedNeedMw[i] - (f > 0 && f < 1 ? h * Math.sqrt(1 / f - 1) : 0);
            if (!held[i] && approachingLineMw(w, i, r.lane[i], centre, eff, parkedEnd[i], r.heaters.appliedMw(i))
                    > APPROACH_HALF_WIDTHS * h) {
                continue; // left where it is until a line comes near: moving it disturbs its neighbours
            }
            held[i] = true;
            // The gap it is in while that stays in range (its own move changes what its neighbours, fed
            // forward, couple into it: choosing afresh every tick, a ring at a gap's edge jumped back and
            // forth across a line every tick); else the gap in range nearest the end it was parked at.
            double gap = gapMw(w, i, r.lane[i], centre, eff, 0, r.heaters.appliedMw(i), max);
            if (Double.isNaN(gap)) {
                gap = gapMw(w, i, r.lane[i], centre, eff, parkedEnd[i], Double.NaN, max);
            }
            if (!Double.isNaN(gap) && Math.abs(gap - r.heaters.appliedMw(i)) > 0.01) {
                r.heaters.set(i, gap);
            }
        }
    }

    /**
     * Ring {@code i} has no line (the arbitration left it none: a lane the operator disabled, or none in
     * its range): its line {@code lane} of the comb lies at own-heater power {@code lineMw} now. It is
     * kept clear of every line from here on ({@link #holdIdle}); {@code lane} -1: where its lines lie is
     * not known, and it is left where it is. Kept across {@link #prepare} (the same module back, the
     * lines where they were); each arbitration sets it afresh.
     */
    void idle(int i, int lane, double lineMw) {
        idleLane[i] = lane;
        idleLineMw[i] = lineMw;
    }

    /**
     * Once a tick per waveguide {@code w} (after {@link #observe}): each ring without a line
     * ({@link #idle}) is kept {@link #IDLE_CLEAR_SPACINGS} of a line spacing from every line of its comb as
     * the die moves them: left where it is while it is that clear, else moved the least it takes (a
     * little further, {@link #IDLE_MARGIN_SPACINGS}, so that it is not moved again every tick), the
     * lower power on a tie. Left where the arbitration found it (its heater off), such a ring sat wherever
     * its unheated resonance fell: in the seed-5 soak, transmit ring 4 (lane 4 disabled by the operator)
     * sat 115 pm blue of lane 2; a +4 K die ramp carried it onto the line, it took lane 2's light from
     * modulator 5 and from filter 12 on the loopback, and filter 12 was lost and found a neighbour's
     * line. Nor is it moved where its heat would take a neighbour's line out of range
     * ({@link #neighboursKeepRange}). Allocates nothing.
     */
    void holdIdle(int w, EngineRings r) {
        int[] o = order[w];
        if (o == null) {
            return;
        }
        double max = r.heaters.ringMaxMw();
        double spacingNm = (lambdaNm[w][o.length - 1] - lambdaNm[w][0]) / (o.length - 1);
        int[] row = rows[w];
        for (int j = 0; j < row.length; j++) {
            int i = row[j];
            if (r.lane[i] >= 0 || idleLane[i] < 0) {
                continue;
            }
            double eff = nmPerMw(i, r);
            if (!(eff > 0) || !(spacingNm > 0)) {
                continue;
            }
            double clearMw = IDLE_CLEAR_SPACINGS * spacingNm / eff;
            double at = r.heaters.appliedMw(i);
            if (clearOfLines(w, i, at, clearMw * (1 - 1e-9), eff)) {
                continue;
            }
            double moveClear = (IDLE_CLEAR_SPACINGS + IDLE_MARGIN_SPACINGS) * spacingNm / eff;
            int k = rank[w][idleLane[i]];
            double fsr = fsrNm(w, i);
            int orders = fsr > 0 ? 1 : 0;
            double best = Double.NaN;
            for (int q = -orders; q <= orders; q++) {
                for (int a = 0; a < o.length; a++) {
                    double p = linePositionMw(w, a, k, q, fsr, idleLineMw[i], eff);
                    for (int side = -1; side <= 1; side += 2) {
                        double x = p + side * moveClear;
                        if (x < 0 || x > max || !clearOfLines(w, i, x, clearMw, eff)
                                || !neighboursKeepRange(r, row, j, x - at, max)) {
                            continue;
                        }
                        double d = Math.abs(x - at);
                        if (Double.isNaN(best) || d < Math.abs(best - at) - 1e-12 || (d <= Math.abs(best - at) + 1e-12 && x < best)) {
                            best = x;
                        }
                    }
                }
            }
            if (!Double.isNaN(best) && Math.abs(best - at) > IDLE_DEADBAND_MW) {
                r.heaters.set(i, best);
            }
        }
    }

    /**
     * Whether ring {@code row[j]} moved by {@code stepMw} leaves each neighbour with a line its lock point
     * (or, acquiring, its estimate; parked by the die, what it needs now, {@link #parkedNeedMw})
     * {@link #HOLD_MW} inside the range, its heat coupled in, or at least no further out: moved clear of a
     * line, an idle ring must not take a neighbour's line out of range (seed-2 soak: idle ring 10 to 3.8
     * mW put filter 11's line, locked at 0.36 mW, below 0 mW; left at 0 mW it sat 338 pm from lane 0). A
     * die-parked ring's estimate is where it was acquired, not where its line is: by it, an idle ring
     * could push a parked neighbour's line further out and put off its return.
     */
    private boolean neighboursKeepRange(EngineRings r, int[] row, int j, double stepMw, double max) {
        for (int d = -1; d <= 1; d += 2) {
            if (j + d < 0 || j + d >= row.length) {
                continue;
            }
            int n = row[j + d];
            if (r.lane[n] < 0) {
                continue;
            }
            double at = parkedEnd[n] != 0 ? parkedNeedMw[n]
                    : r.state[n] == RingLockState.LOCKED ? r.trackers[n].basePowerMw() : r.estimateMw[n];
            double c = d < 0 ? r.probe.fromRight(n) : r.probe.fromLeft(n);
            double moved = at - c * stepMw;
            if ((moved < HOLD_MW && moved < at) || (moved > max - HOLD_MW && moved > at)) {
                return false;
            }
        }
        return true;
    }

    /** Whether idle ring {@code i} at own-heater power {@code x} is at least {@code clearMw} from every line of its comb. */
    private boolean clearOfLines(int w, int i, double x, double clearMw, double eff) {
        int k = rank[w][idleLane[i]];
        double fsr = fsrNm(w, i);
        int orders = fsr > 0 ? 1 : 0;
        for (int q = -orders; q <= orders; q++) {
            for (int a = 0; a < order[w].length; a++) {
                if (Math.abs(x - linePositionMw(w, a, k, q, fsr, idleLineMw[i], eff)) < clearMw) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The midpoint of a gap between two lines of waveguide {@code w}'s comb, as ring {@code i} on
     * {@code lane} sees them (that line's centre at {@code centreMw}, efficiency {@code eff}, resonance
     * orders one FSR apart): the gap holding {@code atMw} if that is not NaN, its midpoint inside
     * [{@link #HOLD_MW}, max - HOLD_MW]; else the gap inside [{@link #RELEASE_MW}, max - RELEASE_MW]
     * nearest the {@code end} (-1: 0 mW, +1: the limit). NaN: none.
     */
    private double gapMw(int w, int i, int lane, double centreMw, double eff, int end, double atMw, double max) {
        int last = order[w].length - 1;
        int k = rank[w][lane];
        double fsr = fsrNm(w, i);
        int orders = fsr > 0 ? 1 : 0;
        boolean holding = !Double.isNaN(atMw);
        double margin = holding ? HOLD_MW : RELEASE_MW;
        double best = Double.NaN;
        for (int qa = -orders; qa <= orders; qa++) {
            for (int a = 0; a <= last; a++) {
                double pa = linePositionMw(w, a, k, qa, fsr, centreMw, eff);
                // The next line above pa in this ring's frame.
                double pb = Double.POSITIVE_INFINITY;
                for (int qb = -orders; qb <= orders; qb++) {
                    for (int b = 0; b <= last; b++) {
                        double p = linePositionMw(w, b, k, qb, fsr, centreMw, eff);
                        if (p > pa && p < pb) {
                            pb = p;
                        }
                    }
                }
                double mid = (pa + pb) / 2;
                if (pb == Double.POSITIVE_INFINITY || mid < margin || mid > max - margin
                        || (holding && (atMw < pa || atMw >= pb))) {
                    continue;
                }
                if (Double.isNaN(best) || (end > 0 ? mid > best : mid < best)) {
                    best = mid;
                }
            }
        }
        return best;
    }

    /** Where line {@code a} (rank in wavelength order), resonance order {@code q} on, lies in the heater frame of a ring on rank {@code k}, mW. */
    private double linePositionMw(int w, int a, int k, int q, double fsr, double centreMw, double eff) {
        return centreMw + (lambdaNm[w][a] - lambdaNm[w][k] + (q == 0 ? 0 : q * fsr)) / eff;
    }

    /**
     * How far (mW of ring {@code i}'s heater, at {@code atMw}) the nearest line centre the die is bringing
     * towards it lies: parked at the limit ({@code end} +1) the die cools, and lines below its heater
     * come up; at 0 mW ({@code end} -1), lines above come down. Infinity: none.
     */
    private double approachingLineMw(int w, int i, int lane, double centreMw, double eff, int end, double atMw) {
        int last = order[w].length - 1;
        int k = rank[w][lane];
        double fsr = fsrNm(w, i);
        int orders = fsr > 0 ? 1 : 0;
        double nearest = Double.POSITIVE_INFINITY;
        for (int q = -orders; q <= orders; q++) {
            for (int a = 0; a <= last; a++) {
                double d = end * (atMw - linePositionMw(w, a, k, q, fsr, centreMw, eff));
                if (d >= 0 && d < nearest) {
                    nearest = d;
                }
            }
        }
        return nearest;
    }

    /**
     * Whether a ring of waveguide {@code w} that has run into {@code end} (+1 the limit, -1 0 mW) did so
     * just after a hop that moves it away from that end as the die goes on ({@link #LEARN_TICKS} ticks):
     * a landing a few tens of uW past the limit, held there a few ms, not a line out of range.
     */
    boolean landedPast(int w, int end) {
        return sinceHop[w] < LEARN_TICKS && hopDir[w] == end;
    }

    /** Ring {@code i}'s own heater efficiency, nm/mW: the calibration's, corrected by what its hops taught. */
    double nmPerMw(int i, EngineRings r) {
        return r.nmPerMwSelf(i) * effScale[i];
    }

    /**
     * Waveguide {@code w} hopped by the last plan ({@link #plan}), that way ({@code dir}), its rings'
     * lanes before in {@code lane}: its landings are judged
     * {@link #LEARN_TICKS} later. A ring the die had parked is not judged (its start was an estimate).
     */
    void hopped(int w, int dir, int[] lane) {
        sinceHop[w] = 0;
        hopDir[w] = dir;
        hopDriftNm[w] = 0;
        for (int i : rows[w]) {
            judging[i] = lane[i] >= 0 && parkedEnd[i] == 0;
            hopMoveMw[i] = moveMw[i];
            hopLandMw[i] = landMw[i];
        }
    }

    /**
     * Each ring still locked since the hop: where its tracker holds it now, less the die's drift since,
     * against where the hop landed it. The difference is the hop's error for this ring, and it repeats
     * hop after hop: a ring that crossed the comb's end learns its own FSR from it (where the calibration
     * sweep never met its wrap, the waveguide's median was used: off by up to 140 pm), the others their
     * heater efficiency. Allocates nothing.
     */
    private void learn(int w, EngineRings r) {
        for (int i : rows[w]) {
            if (!judging[i] || r.state[i] != RingLockState.LOCKED) {
                judging[i] = false;
                continue;
            }
            judging[i] = false;
            double eff = nmPerMw(i, r);
            double errMw = r.trackers[i].basePowerMw() - (hopLandMw[i] + hopDriftNm[w] / eff);
            if (wrapDir[i] != 0) {
                double fsr = fsrNm(w, i);
                double corrected = fsr + wrapDir[i] * errMw * eff;
                if (Math.abs(corrected - fsr) < LEARN_LIMIT * 0.3 * fsr) {
                    ringFsrNm[i] = corrected;
                }
            } else if (Math.abs(hopMoveMw[i]) > 1 && Math.abs(errMw) < LEARN_LIMIT * Math.abs(hopMoveMw[i])) {
                effScale[i] *= hopMoveMw[i] / (hopMoveMw[i] + errMw);
            }
        }
    }

    /** What ring {@code row[j]}'s neighbours' heater steps since the last observation couple into it, mW of its own. */
    private double neighboursStepMw(EngineRings r, CouplingProbe probe, int[] row, int j) {
        int i = row[j];
        double left = j > 0 ? probe.fromLeft(i) * (heldMw(r, row[j - 1]) - prevMw[row[j - 1]]) : 0;
        double right = j + 1 < row.length ? probe.fromRight(i) * (heldMw(r, row[j + 1]) - prevMw[row[j + 1]]) : 0;
        return left + right;
    }

    /**
     * Waveguide {@code w} has just hopped, before {@link #rebase}: the heat of each ring without a line
     * ({@link #idle}) stays, but its neighbours stepped a line spacing's worth (about 4.5 mW on the
     * devkit), which moves its resonance by the coupling times that, and so where its lines lie in its
     * own heater's frame. {@link #observe} follows neighbours' steps tick by tick, but the hop's are
     * rebased away (they are no die drift): taken in here, or each hop left the idle ring's lines about
     * 0.2 spacing from where it believed them (two neighbours at c = 0.1), and after a hop or two it was
     * held on a line. Allocates nothing.
     */
    void hoppedBesideIdle(int w, EngineRings r) {
        int[] row = rows[w];
        for (int j = 0; j < row.length; j++) {
            int k = row[j];
            if (r.lane[k] < 0 && idleLane[k] >= 0) {
                idleLineMw[k] -= neighboursStepMw(r, r.probe, row, j);
            }
        }
    }

    /** The operating points now are the reference of the next {@link #observe} (after a hop: not a die step). */
    void rebase(int w, EngineRings r) {
        for (int k : rows[w]) {
            prevMw[k] = heldMw(r, k);
            prevLocked[k] = r.state[k] == RingLockState.LOCKED;
        }
    }

    /** The comb of waveguide {@code w} (the ELS's lane frequencies) and its period in ring frame, nm (NaN unknown). */
    void prepare(int w, List<Double> freqGhz, double periodNm) {
        int[] o = ElsLanes.byWavelength(freqGhz);
        double[] l = ElsLanes.wavelengthsNm(freqGhz);
        order[w] = o;
        for (int k = 0; k < o.length; k++) {
            rank[w][o[k]] = k;
            lambdaNm[w][k] = l[o[k]];
        }
        fsrNm[w] = periodNm;
        // A new calibration or module: what earlier hops taught and any park in hand belong to the old one.
        for (int i : rows[w]) {
            effScale[i] = 1.0;
            parkedEnd[i] = 0;
            held[i] = false;
            judging[i] = false;
            releasedAtNs[i] = 0;
        }
        sinceHop[w] = LEARN_TICKS;
        hopDir[w] = 0;
    }

    /**
     * Whether ring {@code i} of waveguide {@code w}, whose tracker has just run its heater to an end
     * ({@code dir} -1: to 0 mW, +1: to the limit), was taken there by the die: it has moved at least
     * {@link #COMMON_DRIFT_MW} that way since it locked, and so has every other locked ring of its
     * waveguide (at least one). Then its line has left the heater's range and a fine sweep cannot find
     * it; a heater that failed on its own drives only its own ring to the end. Allocates nothing.
     */
    boolean dieDriven(int w, int i, int dir, EngineRings r) {
        if (!moved(r, i, dir)) {
            return false;
        }
        int others = 0;
        for (int k : rows[w]) {
            if (k == i || r.lane[k] < 0 || r.state[k] != RingLockState.LOCKED) {
                continue;
            }
            if (!moved(r, k, dir)) {
                return false;
            }
            others++;
        }
        return others > 0;
    }

    private static boolean moved(EngineRings r, int k, int dir) {
        return dir * (r.trackers[k].basePowerMw() - r.acquiredMw[k]) >= COMMON_DRIFT_MW;
    }

    /** Ring {@code i}'s own FSR from the calibration sweep, nm (NaN: unknown; a hop across the comb's end then uses the waveguide's). */
    void ringFsr(int i, double nm) {
        ringFsrNm[i] = nm;
    }

    double fsrNm(int w) {
        return fsrNm[w];
    }

    /** Ring {@code i}'s (of waveguide {@code w}) FSR: its own where measured, else the waveguide's; nm, NaN unknown. */
    double fsrNm(int w, int i) {
        return ringFsrNm[i] > 0 ? ringFsrNm[i] : fsrNm[w];
    }

    /**
     * Plans moving every ring of waveguide {@code w} that has a lane one line red ({@code dir} +1, the
     * die warmed) or blue (-1, it cooled), from the rings' operating points and own heater
     * efficiencies; a ring the die parked ({@link #parkedEnd}) from where its line is now
     * ({@link #parkedNeedMw}). Returns whether every ring lands {@link #LANDING_MW} inside the end the
     * die moves it towards and {@link #INWARD_MW} inside the other; the plan is then in {@link #moveMw}
     * (heater steps), {@link #landMw}, {@link #lockMw} and {@link #toLane}. Allocates nothing.
     */
    boolean plan(int w, int dir, EngineRings r, double maxMw) {
        int[] lane = r.lane;
        CouplingProbe probe = r.probe;
        int[] o = order[w];
        if (o == null) {
            return false;
        }
        int last = o.length - 1;
        int[] row = rows[w];
        for (int i : row) {
            moveMw[i] = 0;
            toLane[i] = lane[i];
            wrapDir[i] = 0;
            if (lane[i] < 0) {
                ownMw[i] = 0;
                continue;
            }
            int k = rank[w][lane[i]];
            int to = k + dir;
            double shiftNm;
            if (to >= 0 && to <= last) {
                shiftNm = lambdaNm[w][to] - lambdaNm[w][k];
            } else {
                if (!(fsrNm[w] > 0)) {
                    return false;
                }
                // Across the comb's end: the line at the other end, one resonance order on (the ring's
                // own FSR where measured: the rings' FSRs spread by ~90 pm on the simulator).
                to = dir > 0 ? 0 : last;
                shiftNm = lambdaNm[w][to] - lambdaNm[w][k] + dir * fsrNm(w, i);
                wrapDir[i] = dir;
            }
            toLane[i] = o[to];
            ownMw[i] = shiftNm / nmPerMw(i, r);
            if (parkedEnd[i] != 0) {
                // Its heater sits at the end; its line is that much further on.
                ownMw[i] += parkedNeedMw[i] - r.heaters.appliedMw(i);
            }
        }
        // Own-heater equivalent of each ring's move is its step plus what its neighbours' steps couple in.
        for (int s = 0; s < SWEEPS; s++) {
            for (int j = 0; j < row.length; j++) {
                int i = row[j];
                if (lane[i] < 0) {
                    next[i] = 0;
                    continue;
                }
                double left = j > 0 ? probe.fromLeft(i) * moveMw[row[j - 1]] : 0;
                double right = j + 1 < row.length ? probe.fromRight(i) * moveMw[row[j + 1]] : 0;
                next[i] = ownMw[i] - left - right;
            }
            for (int i : row) {
                moveMw[i] = next[i];
            }
        }
        double low = dir > 0 ? LANDING_MW : INWARD_MW;
        double high = dir > 0 ? INWARD_MW : LANDING_MW;
        for (int j = 0; j < row.length; j++) {
            int i = row[j];
            if (lane[i] < 0) {
                continue;
            }
            double at = (parkedEnd[i] != 0 ? r.heaters.appliedMw(i) : r.trackers[i].basePowerMw()) + moveMw[i];
            landMw[i] = at;
            lockMw[i] = at;
            if (parkedEnd[i] == 0) {
                // A parked neighbour was not tracking at the tick's start, so FeedForward#crosstalk feeds its step
                // into this ring at the tick's end: locked that much higher, it lands where planned (without,
                // the parked ring's neighbours landed 0.3 mW low).
                lockMw[i] += (j > 0 && parkedEnd[row[j - 1]] != 0 ? probe.fromLeft(i) * moveMw[row[j - 1]] : 0)
                        + (j + 1 < row.length && parkedEnd[row[j + 1]] != 0 ? probe.fromRight(i) * moveMw[row[j + 1]] : 0);
            }
            if (at < low || at > maxMw - high) {
                return false;
            }
        }
        return true;
    }
}
