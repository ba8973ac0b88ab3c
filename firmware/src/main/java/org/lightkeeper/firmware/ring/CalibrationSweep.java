package org.lightkeeper.firmware.ring;

import java.util.Arrays;

/**
 * The lane-gated calibration sweep of one engine (DESIGN.md section 3, SWEEP): every ring of a
 * waveguide ramps its heater over its whole range in lockstep while the ELS lights a chosen set of
 * lanes, so each ring learns the heater power at which it meets each line (or that it meets none).
 * Waveguides fed straight from an ELS are stage 0; a loopback waveguide is swept one stage after its
 * source, with its source's rings parked between lines so they shadow nothing.
 *
 * <p><b>Coded gating</b> (the default): four sweeps a stage instead of eight. The first lights every
 * lane; sweep b + 1 lights the lanes whose index has bit b set ({@link #CODED}). The monitor current is
 * linear in the light, so each sweep reads the sum of the single-lane readings of the lanes it lights,
 * and wherever one line dominates a reading the three coded sweeps spell out its lane ({@link #demux}).
 * Shadowing by upstream rings is a property of each line alone (a ring takes light from the line it
 * sits on), so it is the same in every sweep that lights that line and the sum still holds. Where the
 * code cannot tell the lines at one heater power apart (more than two there; the 8-line comb's spacing
 * and the rings' FSR never put even two there on the shipped boards) the engine is swept again lane by
 * lane ({@link #SINGLE}), as it was before. A stage's coded sweeps run in the reverse order of the stage
 * before it, so the first sweep of a stage lights what the last of the previous stage did: no gate.
 * Allocation-free per step.
 */
final class CalibrationSweep {
    /** Heater step of the calibration sweep (~60 pm at 0.25 nm/mW: 4 samples per 0.25 nm linewidth; the fine sweep refines). */
    static final double STEP_MW = 0.25;
    /** Wait this long for the ELS to light a lane before starting over. */
    static final long GATE_TIMEOUT_NS = 1_000_000_000L;
    /** Lanes lit by each sweep of the coded gating: all, then the lanes with bit 0, 1, 2 of their index set. */
    static final int[] CODED = {0xFF, 0xAA, 0xCC, 0xF0};
    /** Lanes lit by each sweep of the lane-by-lane gating. */
    static final int[] SINGLE = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80};
    /**
     * A lane's peak in the coded sweep must carry at least this share of the all-lanes reading there. A
     * line's own peak carries nearly all of it (the other lines' tails are a few per cent of theirs); an
     * estimate that peaks where the light is shared between lanes (a valley between two lines, at most
     * half; a shadow's notch in another line's tail, where the estimates split the little light there
     * unreliably) is not a line. A line weaker than the other lines' tails at its own peak is lost (the
     * lane-by-lane sweep reads it alone).
     */
    static final double DOMINANT = 0.6;
    /**
     * Where the lane estimates miss a lit sample's reading by more than this share of it, more lines meet
     * there than the code can tell apart (two it resolves): sweep lane by lane. Other lines' tails leave
     * at most 3.9 % (2,072 lit samples of devkit and ref-51t2, CalibrationSweepTest's comparison); three
     * lines at one heater power leave 13 % and more. Not every such case misses: the code cannot tell two
     * lanes of equal light from the two whose codes add to the same (000 + 110 reads as 010 + 100), which
     * a comb whose lines alias across the rings' FSR could give. The shipped combs put no two lines
     * within a linewidth of each other in any ring's reach.
     */
    static final double AMBIGUOUS = 0.1;
    /** Lanes whose first estimate is at least this share of the largest may be a line's own (see {@link #demux}). */
    static final double TOP_SHARE = 0.5;
    /** Tie tolerance and naming threshold of {@link #demux}'s choice, as a share of the all-lanes reading. */
    static final double NAMED_SHARE = 0.01;
    /** Samples below this share of the all-lanes sweep's maximum are not judged: tails meet there. */
    static final double LIT_SHARE = 0.3;

    /** What a sweep step came to. */
    enum Progress { SWEEPING, DONE, GATE_TIMED_OUT }

    /**
     * A step applied this much under its power was cut by the engine's budget ({@link #honestSteps}), not
     * rounded to a DAC code: codes are 1 uW apart at 20 mW on the devkit's 16-bit DACs, steps 250 uW.
     */
    static final double BUDGET_CUT_MW = 0.01;

    private final EngineRings r;
    /** Per ring and lane: heater power at the recorded peak (NaN: no line met). */
    private final double[][] peakMw;
    /** Per lane, per ring: the single-lane trace (recorded, or demultiplexed from the coded sweeps). */
    private final double[][][] laneTrace;      // [lane][ring][step]
    /** Per coded pattern, per ring: the trace recorded under that pattern's lanes. */
    private final double[][][] codedTrace;     // [pattern][ring][step]
    /** One lane's traces of one waveguide with its upstream rings' light divided out ({@link Peak#unshadow}). */
    private final double[][] divided;          // [ring][step]
    final int steps;
    private boolean coded = true;
    private boolean codedAllowed;
    private int[] patterns = CODED;
    private int stage;
    /** Position in this stage's order of patterns (reversed on odd stages when coded). */
    private int k;
    private int step;
    /**
     * Of this stage's samples, how many lead ones every ring took at the power it was stepped to: past it,
     * the engine's heater budget ({@link HeaterBank#set}, first come, first served) held some ring below
     * its step, and the traces no longer say where the lines are. On the devkit the loopback stage's
     * eight rings, beside the transmit rings parked between lines, reach the 240 mW budget near 19 mW:
     * the "peaks" found above it came and went with the sweep's timing (the soak's seeds 2 and 3 with the
     * faster sweep: another assignment, filters 11 and 13 at 0.4 mW, lost to a +4 K ramp). Peaks are read
     * only below it; a line above it is restored from the ring's lattice (PeakLattice).
     */
    private int honestSteps;
    private boolean gating;
    private long gateSince;
    /** Per stage, the rings it sweeps: what a step on its own pace reads ({@link #stageRings}). */
    private final boolean[][] stageRings;
    /** How fast the steps come ({@link SweepPace}): one a ring-loop tick unless the heaters' time constant is declared. */
    private SweepPace pace = SweepPace.ringTick("not chosen");
    /** After a heater jump (to 0 after a pass, parked between lines) no reading is recorded before this time. */
    private long restUntil = Long.MIN_VALUE;
    /** Gates waited for since {@link #begin}: what the sweep cost (tests, docs). */
    private int gates;
    private boolean fellBack;

    CalibrationSweep(EngineRings rings) {
        this.r = rings;
        this.peakMw = new double[r.rings][ElsLanes.LANES];
        this.steps = stepsOver(r.heaters.ringMaxMw());
        this.laneTrace = new double[ElsLanes.LANES][r.rings][steps];
        this.codedTrace = new double[CODED.length][r.rings][steps];
        this.divided = new double[r.rings][steps];
        this.stageRings = new boolean[r.maxStage + 1][r.rings];
        for (int w = 0; w < r.rows.length; w++) {
            for (int i : r.rows[w]) {
                stageRings[r.stageOf[w]][i] = true;
            }
        }
    }

    /** How fast the steps may come (before {@link #begin}). */
    void pace(SweepPace p) {
        this.pace = p;
    }

    SweepPace pace() {
        return pace;
    }

    /** The rings of {@code stage} (the array itself: read only). */
    boolean[] stageRings(int stage) {
        return stageRings[stage];
    }

    /** The rings the current stage sweeps (the array itself: read only). */
    boolean[] stageRings() {
        return stageRings[stage];
    }

    /**
     * Whether this tick's step records a reading: not while the ELS lights the next lanes, nor while the
     * heaters settle from a jump on a faster pace than the ring tick (on the ring tick the jump settles
     * within the tick: {@link SweepPace#jumpSettleNs} is 0 there).
     */
    boolean recording(long now) {
        return !gating && now >= restUntil;
    }

    /** Points of a sweep over a heater's whole range, 0 to {@code maxMw}, at {@link #STEP_MW}. */
    static int stepsOver(double maxMw) {
        return (int) Math.floor(maxMw / STEP_MW) + 1;
    }

    /**
     * Coded sets ({@code calibration_gating: coded}) or lane by lane (the default, and the fallback where
     * the code is ambiguous). Before {@link #begin}.
     */
    void codedGating(boolean allowed) {
        codedAllowed = allowed;
    }

    /** Starts over from the first pattern of stage 0, every heater at 0. */
    void begin(long now) {
        for (int i = 0; i < r.rings; i++) {
            r.state[i] = RingLockState.SWEEP;
            r.why[i] = "calibration sweep";
            Arrays.fill(peakMw[i], Double.NaN);
            r.heaters.set(i, 0);
        }
        gates = 0;
        fellBack = false;
        restUntil = Long.MIN_VALUE;
        start(codedAllowed, now);
    }

    private void start(boolean codedOrder, long now) {
        coded = codedOrder;
        patterns = coded ? CODED : SINGLE;
        stage = 0;
        honestSteps = steps;
        k = 0;
        beginGate(now);
    }

    /** Heater power at which ring {@code i} met lane {@code lane}'s line, NaN for none. */
    double peakMw(int i, int lane) {
        return peakMw[i][lane];
    }

    /** Ring {@code i}'s recorded peak powers, indexed by lane (the array itself: read only). */
    double[] peaksMw(int i) {
        return peakMw[i];
    }

    /** Lane gates waited for since the sweep began (coded: 4 for the first stage, 3 for each after it). */
    int gates() {
        return gates;
    }

    /** Whether the coded sweep was ambiguous and the engine was swept again lane by lane. */
    boolean fellBack() {
        return fellBack;
    }

    /** The pattern swept at position {@code k} of stage {@code stage}: coded stages alternate direction. */
    private int patternAt(int stage, int k) {
        return coded && stage % 2 == 1 ? patterns.length - 1 - k : k;
    }

    /** One tick: wait for the gate, or record every swept ring's monitor and step its heater. */
    Progress step(long now) {
        int pattern = patternAt(stage, k);
        if (gating) {
            if (darkened(pattern)) {
                return skip(pattern, now);
            }
            if (gateOpen(pattern)) {
                gating = false;
                step = 0;
            } else if (now - gateSince > GATE_TIMEOUT_NS) {
                forStage(i -> r.why[i] = r.rowSlot[r.rowOf[i]].lanesGoingDark() != 0
                        ? String.format("ELS did not turn lanes 0x%02X off for the sweep: the module still reports them lit",
                                r.rowSlot[r.rowOf[i]].lanesGoingDark())
                        : String.format("ELS did not light lanes 0x%02X for the sweep", patterns[pattern]));
                return Progress.GATE_TIMED_OUT;
            }
            return Progress.SWEEPING;
        }
        if (now < restUntil) {
            return Progress.SWEEPING; // heaters still settling from a jump
        }
        boolean last = step + 1 == steps;
        double[][] rec = coded ? codedTrace[pattern] : laneTrace[pattern];
        for (int w = 0; w < r.rows.length; w++) {
            if (r.stageOf[w] != stage) {
                continue;
            }
            for (int i : r.rows[w]) {
                rec[i][step] = r.pd[i];
                double to = last ? 0 : (step + 1) * STEP_MW;
                if (r.heaters.set(i, to) < to - BUDGET_CUT_MW && step + 1 < honestSteps) {
                    honestSteps = step + 1; // the next reading is at less than its step: the budget's
                }
            }
        }
        step++;
        return last ? next(now) : Progress.SWEEPING;
    }

    /** This stage's sweep under this pattern is done: the next pattern, or the stage's lines and the next stage. */
    private Progress next(long now) {
        int lit = patterns[patternAt(stage, k)];
        k++;
        // This tick's heaters go back to 0 (or are parked between lines): the next reading waits for them
        // to settle (the tick's write ends within a step's wire time of now). No wait on the ring tick.
        restUntil = now + (pace.onRingLoop() ? 0 : pace.stepWireNs() + pace.jumpSettleNs());
        if (k == patterns.length) {
            if (coded && !demuxStage(stage)) {
                // More lines at one heater power than the code can name: lane by lane, from the start.
                fellBack = true;
                for (int i = 0; i < r.rings; i++) {
                    Arrays.fill(peakMw[i], Double.NaN);
                    r.heaters.set(i, 0);
                    r.why[i] = "calibration sweep, lane by lane (lines overlap in the coded sweep)";
                }
                start(false, now);
                return Progress.SWEEPING;
            }
            if (!coded) {
                resolve(stage);
            }
            parkBetweenLines(stage);
            k = 0;
            stage++;
            honestSteps = steps;
            if (stage > r.maxStage) {
                return Progress.DONE;
            }
        }
        int then = patternAt(stage, k);
        if (patterns[then] == lit && !darkened(then) && gateOpen(then)) {
            step = 0; // the same lanes are lit already: this stage's rings have been at 0 since the sweep began
            return Progress.SWEEPING;
        }
        beginGate(now);
        return Progress.SWEEPING;
    }

    /** Lanes the operator keeps dark light nothing: a pattern left with no lane on any ELS is not swept. */
    private Progress skip(int pattern, long now) {
        forStage(i -> r.why[i] = String.format("calibration sweep (lanes 0x%02X kept dark by the operator, skipped)",
                patterns[pattern]));
        for (double[] t : coded ? codedTrace[pattern] : laneTrace[pattern]) {
            Arrays.fill(t, 0); // nothing lit: every ring reads dark
        }
        for (int w = 0; w < r.rows.length; w++) {
            if (r.stageOf[w] == stage) {
                for (int i : r.rows[w]) {
                    r.heaters.set(i, 0);
                }
            }
        }
        gating = false;
        return next(now);
    }

    private void forStage(java.util.function.IntConsumer each) {
        for (int w = 0; w < r.rows.length; w++) {
            if (r.stageOf[w] == stage) {
                for (int i : r.rows[w]) {
                    each.accept(i);
                }
            }
        }
    }

    /**
     * The peaks of every waveguide of {@code stage}, lane by lane, from the per-lane traces, each lane's
     * traces unshadowed first (the upstream rings' light divided out, {@link Peak#unshadow}; a divided
     * peak counts only near a raw one, {@link Peak#findUnshadowed}). The coded sweep's dominance check
     * reads the demultiplexed trace before the division.
     */
    private void resolve(int stage) {
        for (int w = 0; w < r.rows.length; w++) {
            if (r.stageOf[w] != stage) {
                continue;
            }
            for (int l = 0; l < ElsLanes.LANES; l++) {
                double[][] t = laneTrace[l];
                Peak.unshadow(t, divided, r.rows[w], honestSteps);
                for (int i : r.rows[w]) {
                    Peak p = Peak.findUnshadowed(t[i], divided[i], honestSteps, 0, STEP_MW, EngineLock.FLOOR_MA, Peak.SWEEP_PROMINENCE);
                    if (p == null) {
                        continue;
                    }
                    if (coded) {
                        // A lane the ring does not meet keeps other lines' tails in its estimate, which
                        // may peak where another line does: take only a line that carries the reading.
                        int m = (int) Math.round(p.powerMw() / STEP_MW);
                        if (t[i][m] < DOMINANT * codedTrace[0][i][m]) {
                            continue;
                        }
                    }
                    peakMw[i][l] = p.powerMw();
                }
            }
        }
    }

    /** Coded: the per-lane traces of {@code stage}'s rings, then their peaks; false when the code is ambiguous. */
    private boolean demuxStage(int stage) {
        for (int w = 0; w < r.rows.length; w++) {
            if (r.stageOf[w] != stage) {
                continue;
            }
            for (int i : r.rows[w]) {
                if (!demux(codedTrace, i, honestSteps, laneTrace)) {
                    return false;
                }
            }
        }
        resolve(stage);
        return true;
    }

    /**
     * Ring {@code i}'s single-lane traces from its coded ones ({@code coded[0]} all lanes, {@code coded[b
     * + 1]} the lanes with bit b). Per sample, lane l's estimate is the least of the all-lanes reading,
     * the readings that light l and the all-lanes reading less those that do not (never below 0): l's
     * own reading plus what the lanes sharing every one of those sets with l add. Where two lines' light
     * meets (the valley between them, or two lines at one heater power) every lane whose code agrees bit
     * by bit with one of the two reads as much as the smaller: so the largest estimate, which is a line's
     * own (the one line, or the larger of two, read exactly: some bit tells them apart), is taken off the
     * readings it is in and the others are estimated again from what is left. Returns false where the
     * estimates do not add up to a lit sample within {@link #AMBIGUOUS} of it (three lines at one power).
     */
    static boolean demux(double[][][] coded, int i, int n, double[][][] lanes) {
        double[] all = coded[0][i];
        int bits = coded.length - 1;
        double max = 0;
        for (int s = 0; s < n; s++) {
            max = Math.max(max, all[s]);
        }
        double lit = Math.max(Math.max(EngineLock.FLOOR_MA, Peak.SWEEP_PROMINENCE * median(all, n)), LIT_SHARE * max);
        boolean clear = true;
        double[] first = new double[ElsLanes.LANES];
        double[] trial = new double[ElsLanes.LANES];
        for (int s = 0; s < n; s++) {
            double a = all[s];
            double topU = 0;
            for (int l = 0; l < ElsLanes.LANES; l++) {
                first[l] = estimate(coded, i, s, l, bits, a, -1, 0);
                topU = Math.max(topU, first[l]);
            }
            // Which estimate is a line's own: where two lines' light is about equal, the lanes agreeing with
            // one or the other read about as much. Taken off, a line's own leaves estimates that add up; of
            // those that add up as well (to 1 % of the reading), the one naming fewest lanes (light comes
            // from one or two lines at a time).
            double bestMiss = Double.MAX_VALUE;
            int bestNamed = Integer.MAX_VALUE;
            for (int c = 0; c < ElsLanes.LANES; c++) {
                if (first[c] < TOP_SHARE * topU) {
                    continue;
                }
                double sum = first[c];
                int named = 0;
                for (int l = 0; l < ElsLanes.LANES; l++) {
                    trial[l] = l == c ? first[c] : estimate(coded, i, s, l, bits, a - first[c], c, first[c]);
                    sum += l == c ? 0 : trial[l];
                    named += trial[l] > NAMED_SHARE * a ? 1 : 0;
                }
                double miss = Math.abs(sum - a);
                if (miss < bestMiss - NAMED_SHARE * a || (miss <= bestMiss + NAMED_SHARE * a && named < bestNamed)) {
                    bestMiss = Math.min(miss, bestMiss);
                    bestNamed = named;
                    for (int l = 0; l < ElsLanes.LANES; l++) {
                        lanes[l][i][s] = trial[l];
                    }
                }
            }
            if (a >= lit && bestMiss > AMBIGUOUS * a) {
                clear = false;
            }
        }
        return clear;
    }

    /**
     * Lane {@code l}'s estimate at sample {@code s}, from the all-lanes reading {@code a} and the coded
     * readings less {@code off} wherever lane {@code without} is lit (-1: none taken off).
     */
    private static double estimate(double[][][] coded, int i, int s, int l, int bits, double a, int without, double off) {
        double u = a;
        for (int b = 0; b < bits; b++) {
            double with = coded[b + 1][i][s] - (without >= 0 && (without >> b & 1) != 0 ? off : 0);
            u = Math.min(u, (l >> b & 1) != 0 ? with : a - with);
        }
        return Math.max(u, 0);
    }

    private static double median(double[] t, int n) {
        // Calibration only, a few hundred samples: a sorted copy is fine.
        double[] c = Arrays.copyOf(t, n);
        Arrays.sort(c);
        return c[n / 2];
    }

    /** Lights this pattern's lanes on every ELS feeding a waveguide of the current stage. */
    private void beginGate(long now) {
        int lanes = patterns[patternAt(stage, k)];
        for (int w = 0; w < r.rows.length; w++) {
            if (r.stageOf[w] == stage) {
                r.rowSlot[w].requestLanes(lanes);
            }
        }
        gating = true;
        gateSince = now;
        gates++;
    }

    private boolean gateOpen(int pattern) {
        for (int w = 0; w < r.rows.length; w++) {
            if (r.stageOf[w] != stage) {
                continue;
            }
            int want = patterns[pattern] & r.rowSlot[w].operatorLanes();
            // Every other lane dark as the module reports it, not as its enable bit was written: a lane
            // still ramping down lights the rings the sweep is to see it dark on.
            if (r.rowSlot[w].onLanes() != want || r.rowSlot[w].enabledLanes() != want || r.rowSlot[w].lanesGoingDark() != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the operator keeps {@code pattern}'s lanes dark: lane by lane, on any ELS feeding the stage
     * (that lane is then not swept at all); coded, every lane of it on every such ELS (a coded sweep
     * reads what the ELS that do light some of it give).
     */
    private boolean darkened(int pattern) {
        boolean any = false;
        boolean every = true;
        for (int w = 0; w < r.rows.length; w++) {
            if (r.stageOf[w] == stage) {
                boolean dark = (r.rowSlot[w].operatorLanes() & patterns[pattern]) == 0;
                any |= dark;
                every &= dark;
            }
        }
        return coded ? every : any;
    }

    /**
     * After a stage's sweep its rings know where every line is: park each where it is farthest from
     * all of them, so the later stages (fed through these waveguides) sweep lines no cold ring of
     * ours happens to be sitting on and shadowing.
     */
    private void parkBetweenLines(int stage) {
        for (int w = 0; w < r.rows.length; w++) {
            if (r.stageOf[w] != stage) {
                continue;
            }
            for (int i : r.rows[w]) {
                r.heaters.set(i, SweepAnalysis.midwayBetweenLines(peakMw[i]));
            }
        }
    }
}
