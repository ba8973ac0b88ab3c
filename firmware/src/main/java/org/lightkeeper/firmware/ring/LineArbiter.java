package org.lightkeeper.firmware.ring;

/**
 * Assigns each ring of one waveguide its own laser line (DESIGN.md section 3): no two rings on one
 * line, the comb's order kept, heater headroom, then least heater power.
 *
 * <p>From the sweep's peak matrix, {@link PeakLattice} fits each ring's power per line spacing and cold
 * resonance, drops peaks that are not the ring's own and restores lines whose peak was lost. That
 * gives, per ring and line, the shift needed (line spacings) and the line's rank along the comb
 * unrolled across the ring's resonance orders; the rings' own efficiencies follow from their lockstep
 * rates (each ring's rate is its own efficiency plus c times its neighbours'). {@link OrderedAssignmentSearch}
 * then searches exactly the assignments whose ranks climb along the waveguide (comb order: a cyclic
 * shift of the comb, or where fabrication spread demands, a ring taking the line one period on) with every
 * settled power, real neighbours' crosstalk included, inside the heater's range. Preference, first to
 * last: every ring served, the one nearest a heater end as far from it as possible (up to the
 * comfortable band [low, high]: room for the die to warm or cool after calibration; a ring a few tenths
 * of a mW from 0 is lost to the first warm step, and estimates are least sure near the ends), each ring
 * further by as much as its peaks stray from its lattice where any assignment allows that, then least
 * total power; where no complete assignment fits the heater by the estimates, the one reaching least
 * past its ends if no ring reaches further than its estimate is unsure ({@link #REACH_MW} plus its
 * misfit) and none that the most-served assignment settles inside is pushed more than {@link #REACH_MW}
 * past an end; else as many rings served as possible, with the same headroom, then least power.
 * The benchmark {@code bench-arbitration} (docs/benchmarks.md) measures the result.
 */
public final class LineArbiter {
    /** Result: line per ring (wavelength order, -1 none) and the estimated heater power at lock (NaN none). */
    public record Assignment(int[] line, double[] lockMw) {
    }

    /** Cap on Jacobi sweeps in {@link #lockPowers}: plenty for any c below 0.5 on a waveguide's rings. */
    static final int MAX_ITERATIONS = 10_000;

    /** Nodes one search may visit (a calibration; a 16-ring waveguide needs hundreds to tens of thousands). */
    static final int SEARCH_CAP = 200_000;

    /**
     * Nodes the last resort (no complete assignment: as many rings served as possible) may visit; it has
     * no cost bound, and the best found so far is a fair answer for an engine that cannot be served whole.
     */
    static final int PARTIAL_SEARCH_CAP = 20_000;

    /**
     * The comfortable band is never narrower than this from either heater end: nearer, an estimate may be
     * outside the heater (a peak skewed by an upstream ring crossing the same line at about the same
     * power is 0.1-0.4 mW off, docs/benchmarks.md; main's arbiter kept the same margin for its
     * nominal-efficiency error). Matters when a board configures no headroom.
     */
    static final double EDGE_MARGIN_MW = 0.6;

    /**
     * The widest band is found to this fraction of the comfortable band's margins (0.08 mW of the devkit's
     * 2.5 mW headroom: a third of the sweep's 0.25 mW step, finer than the estimates are good for).
     */
    static final double BAND_RESOLUTION = 1.0 / 32;

    /**
     * How far past a heater end a ring's estimate may settle when no complete assignment fits inside
     * (plus the ring's misfit): the estimate error of an unshadowed peak is a few hundredths of a mW,
     * a shadowed one's a few tenths, which the misfit tells (bench-arbitration --failures). 0.3 mW
     * served a few more engines that have a solution but many more that have none (docs/benchmarks.md).
     */
    static final double REACH_MW = 0.1;

    private LineArbiter() {
    }

    /**
     * @param powerMw  {@code powerMw[j][l]}: heater power at which ring j (light order) met line l
     *                 (wavelength order) in the lockstep sweep, NaN if it never did
     * @param coupling nominal fraction of a neighbour's heater effect felt by a ring
     * @param lowMw    comfortable band, lower edge
     * @param highMw   comfortable band, upper edge
     * @param maxMw    the heater limit: above it a ring is not served at all
     */
    public static Assignment assign(double[][] powerMw, double coupling, double lowMw, double highMw, double maxMw) {
        int rings = powerMw.length;
        if (rings == 0) {
            return new Assignment(new int[0], new double[0]);
        }
        Estimates e = estimates(powerMw, coupling, maxMw);
        double[][] shift = e.shift();
        double[][] frame = e.rank();
        double[] eta = e.eta();
        double bandLow = Math.max(lowMw, EDGE_MARGIN_MW);
        double bandHigh = Math.min(highMw, maxMw - EDGE_MARGIN_MW);
        // Each ring kept as far from the heater's ends as its peaks are off its lattice, where that is possible.
        double[] unsure = e.misfitMw();
        double[] sure = new double[rings];
        Assignment cyclic = cyclicInBand(shift, frame, eta, coupling, bandLow, bandHigh, unsure);
        if (cyclic != null) {
            return cyclic;
        }
        OrderedAssignmentSearch complete = widestBand(shift, frame, eta, coupling, bandLow, bandHigh, maxMw, rings, unsure);
        if (complete == null) {
            complete = widestBand(shift, frame, eta, coupling, bandLow, bandHigh, maxMw, rings, sure);
        }
        if (complete != null) {
            return new Assignment(complete.lines(), complete.powersMw());
        }
        // Not every ring can be served (a lane dark, a ring out of reach): as many as possible, then the
        // same headroom for those served (they must ride out the same die swings), then least power.
        OrderedAssignmentSearch most = search(0, maxMw, shift, frame, eta, coupling, true, new double[rings]);
        int[] line = most.run();
        OrderedAssignmentSearch reach = leastReach(shift, frame, eta, coupling, maxMw, unsure);
        if (reach != null && onlyTheUnservedReach(reach.powersMw(), line, maxMw)) {
            return new Assignment(reach.lines(), reach.powersMw());
        }
        if (line == null || served(line) == 0) {
            return new Assignment(filled(rings, -1), filledNaN(rings));
        }
        OrderedAssignmentSearch banded = widestBand(shift, frame, eta, coupling, bandLow, bandHigh, maxMw, served(line), sure);
        OrderedAssignmentSearch best = banded != null ? banded : most;
        return new Assignment(best.lines(), best.powersMw());
    }

    /**
     * What the arbiter reads from the sweep, per ring j and line l: {@code shift[j][l]} the own-heater
     * shift the line needs (line spacings, NaN where the ring does not meet it), {@code rank[j][l]} its
     * rank along the comb unrolled across resonance orders, {@code eta[j]} the ring's own efficiency
     * (line spacings per mW), {@code misfitMw[j]} how far its peaks stray from its lattice,
     * {@code sweepMw[j][l]} the lattice's sweep power (the peak kept, or restored).
     */
    public record Estimates(double[][] shift, double[][] rank, double[] eta, double[] misfitMw, double[][] sweepMw) {
    }

    /** The sweep read as {@link #assign} reads it (also for diagnosis against ground truth). */
    public static Estimates estimates(double[][] powerMw, double coupling, double maxMw) {
        int rings = powerMw.length;
        int lines = powerMw[0].length;
        PeakLattice lattice = PeakLattice.fit(powerMw, maxMw);
        double[][] shift = new double[rings][lines];
        double[][] frame = new double[rings][lines];
        double[] rate = new double[rings];
        for (int j = 0; j < rings; j++) {
            rate[j] = 1 / lattice.mwPerLine[j];
            for (int l = 0; l < lines; l++) {
                shift[j][l] = lattice.powerMw[j][l] * rate[j];
                frame[j][l] = lattice.rank(j, l);
            }
        }
        double[] eta = OrderedAssignmentSearch.solveCoupled(rate, coupling);
        for (int j = 0; j < rings; j++) {
            int nb = (j > 0 ? 1 : 0) + (j + 1 < rings ? 1 : 0);
            if (!(eta[j] > 0)) {
                eta[j] = rate[j] / (1 + coupling * nb); // rates too uneven to be a coupled chain: take it as nominal
            }
        }
        return new Estimates(shift, frame, eta, lattice.misfitMw, lattice.powerMw);
    }

    /**
     * The least-power cyclic shift (ring j on line (a + j) mod L, ranks climbing) settling every ring
     * inside [lowMw, highMw] narrowed by its slack, or null. It is the design's own assignment; as on
     * main, other order-keeping assignments are searched only when no shift keeps the band.
     */
    private static Assignment cyclicInBand(double[][] shift, double[][] frame, double[] eta, double coupling,
                                           double lowMw, double highMw, double[] slackMw) {
        int rings = shift.length;
        int lines = shift[0].length;
        Assignment best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        double[] s = new double[rings];
        int[] line = new int[rings];
        for (int a = 0; a < lines; a++) {
            boolean ok = rings <= lines;
            for (int j = 0; j < rings && ok; j++) {
                line[j] = (a + j) % lines;
                s[j] = shift[j][line[j]];
                ok = !Double.isNaN(s[j]) && (j == 0 || frame[j][line[j]] > frame[j - 1][line[j - 1]]);
            }
            if (!ok) {
                continue;
            }
            double[] mw = OrderedAssignmentSearch.solveCoupled(s, coupling);
            double cost = 0;
            for (int j = 0; j < rings && ok; j++) {
                mw[j] /= eta[j];
                cost += mw[j];
                ok = mw[j] >= lowMw + slackMw[j] && mw[j] <= highMw - slackMw[j];
            }
            if (ok && cost < bestCost) {
                bestCost = cost;
                best = new Assignment(line.clone(), mw);
            }
        }
        return best;
    }

    /**
     * At least {@code need} rings served (all of them: every ring), each settling inside band(t) =
     * [t low, max - t (max - high)] for the largest t in [0, 1] that allows it (t = 1: the comfortable
     * band; the band shrinks towards the heater's ends evenly, so the ring nearest an end is as far from
     * it as any assignment can keep it), then least total power inside that band. Null if none fits
     * the heater at all.
     */
    private static OrderedAssignmentSearch widestBand(double[][] shift, double[][] frame, double[] eta, double coupling,
                                                      double lowMw, double highMw, double maxMw, int need,
                                                      double[] slackMw) {
        OrderedAssignmentSearch best = inBand(1, shift, frame, eta, coupling, lowMw, highMw, maxMw, need, slackMw);
        if (best != null) {
            return best;
        }
        best = inBand(0, shift, frame, eta, coupling, lowMw, highMw, maxMw, need, slackMw);
        if (best == null) {
            return null;
        }
        double feasible = 0;
        double infeasible = 1;
        while (infeasible - feasible > BAND_RESOLUTION) {
            double t = (feasible + infeasible) / 2;
            OrderedAssignmentSearch s = inBand(t, shift, frame, eta, coupling, lowMw, highMw, maxMw, need, slackMw);
            if (s != null) {
                feasible = t;
                best = s;
            } else {
                infeasible = t;
            }
        }
        return best;
    }

    /**
     * Whether the least-reach assignment pushes past the heater's ends (by the estimates) only rings the
     * most-served assignment leaves without a line, or others by no more than {@link #REACH_MW} (the
     * error of a clean peak's estimate): reaching serves a ring that would otherwise have none, and does
     * not push one that can settle inside far out to make room for another. Without this, a ref-51t2
     * waveguide that has no complete solution had a shadowed ring (misfit 0.4 mW) sent to -0.22 mW to
     * serve its neighbour; it could not lock (WarmRestartTest: every ring with a line locks).
     */
    private static boolean onlyTheUnservedReach(double[] reachMw, int[] most, double maxMw) {
        for (int j = 0; j < reachMw.length; j++) {
            boolean outside = reachMw[j] < -REACH_MW || reachMw[j] > maxMw + REACH_MW;
            if (outside && most != null && most[j] >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * No complete assignment settles inside the heater by the estimates: the one reaching least past its
     * ends, each ring's reach measured in its own uncertainty ({@link #REACH_MW} plus its misfit), if
     * one reaches no further than that. An estimate is as unsure near the ends as anywhere: a ring a few
     * hundredths of a mW past an end by its estimate is as likely just inside, and leaving it without a
     * line fails it for certain; served, the fine sweep finds its line or parks it (window cut at the
     * heater's ends) as the arbiter would have.
     */
    private static OrderedAssignmentSearch leastReach(double[][] shift, double[][] frame, double[] eta, double coupling,
                                                      double maxMw, double[] misfitMw) {
        int rings = shift.length;
        double[] reach = new double[rings];
        for (int j = 0; j < rings; j++) {
            reach[j] = -(REACH_MW + misfitMw[j]);
        }
        OrderedAssignmentSearch best = search(0, maxMw, shift, frame, eta, coupling, false, reach);
        if (best.run() == null) {
            return null;
        }
        double feasible = 1;
        double infeasible = 0;
        double[] slack = new double[rings];
        while (feasible - infeasible > BAND_RESOLUTION) {
            double t = (feasible + infeasible) / 2;
            for (int j = 0; j < rings; j++) {
                slack[j] = t * reach[j];
            }
            OrderedAssignmentSearch s = search(0, maxMw, shift, frame, eta, coupling, false, slack.clone());
            if (s.run() != null) {
                feasible = t;
                best = s;
            } else {
                infeasible = t;
            }
        }
        return best;
    }

    /** The best assignment inside band(t) serving at least {@code need} rings, or null (none found within the node cap). */
    private static OrderedAssignmentSearch inBand(double t, double[][] shift, double[][] frame, double[] eta,
                                                  double coupling, double lowMw, double highMw, double maxMw, int need,
                                                  double[] slackMw) {
        OrderedAssignmentSearch s = search(t * lowMw, maxMw - t * (maxMw - highMw), shift, frame, eta, coupling,
                need < shift.length, slackMw);
        int[] line = s.run();
        return line != null && served(line) >= need ? s : null;
    }

    /** Most rings served inside [lo, hi] (every ring, unless {@code partial}), then least power. */
    private static OrderedAssignmentSearch search(double lo, double hi, double[][] shift, double[][] frame, double[] eta,
                                                  double coupling, boolean partial, double[] slackMw) {
        return new OrderedAssignmentSearch(shift, frame, 0, eta, coupling, lo, hi, lo, hi, 0, partial,
                partial ? PARTIAL_SEARCH_CAP : SEARCH_CAP, slackMw);
    }

    private static int served(int[] line) {
        int n = 0;
        for (int l : line) {
            n += l >= 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * Own-heater powers at lock when every served ring sits on its line: solves
     * P_j + c (P_j-1 + P_j+1) = p_j (1 + c n_j) by Jacobi iteration (diagonally dominant for c < 0.5).
     * Unserved rings (NaN) are taken as cold.
     */
    public static double[] lockPowers(double[] sweepMw, double coupling) {
        int n = sweepMw.length;
        double[] target = new double[n];
        double[] lock = new double[n];
        for (int j = 0; j < n; j++) {
            int nb = (j > 0 ? 1 : 0) + (j + 1 < n ? 1 : 0);
            target[j] = Double.isNaN(sweepMw[j]) ? Double.NaN : sweepMw[j] * (1 + coupling * nb);
            lock[j] = Double.isNaN(target[j]) ? 0 : target[j];
        }
        double[] next = new double[n];
        // Iterate to convergence, not a fixed count: the contraction factor 2c cos(pi/(n+1)) nears 1
        // as c nears 0.5 (at c = 0.45, 50 sweeps left residuals of 1e-5 mW). The step size bounds the
        // residual of the previous iterate, so stopping below 1e-12 mW leaves it solved.
        for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
            double step = 0;
            for (int j = 0; j < n; j++) {
                if (Double.isNaN(target[j])) {
                    next[j] = 0;
                    continue;
                }
                double nb = (j > 0 ? lock[j - 1] : 0) + (j + 1 < n ? lock[j + 1] : 0);
                next[j] = target[j] - coupling * nb;
                step = Math.max(step, Math.abs(next[j] - lock[j]));
            }
            System.arraycopy(next, 0, lock, 0, n);
            if (step < 1e-12) {
                break;
            }
        }
        for (int j = 0; j < n; j++) {
            if (Double.isNaN(target[j])) {
                lock[j] = Double.NaN;
            }
        }
        return lock;
    }

    private static double[] filledNaN(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
