package org.lightkeeper.firmware.ring;

/**
 * Exact search for the cheapest comb-order-keeping assignment of lines to the rings of one waveguide,
 * with settled heater powers inside given bounds, crosstalk of the actual neighbours included.
 *
 * <p>Settled powers: with {@code X_j = eta_j P_j} (ring j's own-heater shift), ring j sits on its line
 * when {@code X_j + c (X_j-1 + X_j+1) = S_j}, S_j the shift the line needs; a ring without a line is
 * cold ({@code X_j = 0}, its equation dropped). Depth-first over rings in light order, each ring's
 * candidates are the lines whose position in its own frame lies above the previous ring's (comb
 * order, one resonance order per ring), unused so far, or none. Eliminating forward,
 * {@code X_j = a_j - b_j X_j+1}, so the bounds of rings 0..j become an exact interval for X_j+1: a
 * branch is cut the moment no settled powers of the later rings could satisfy them, and a leaf is
 * feasible exactly when that interval holds 0 (no ring beyond the last).
 *
 * <p>Best first: more rings served; then fewer rings settling outside a comfortable band (at most
 * {@code maxMisses} may, anywhere in the allowed range); then least total heater power. With every
 * ring served, total power is linear in the shifts, {@code sum P = w . S} with
 * {@code w = (I + cA)^-1 (1/eta)}, so a branch with as many misses as the best found is also cut when
 * its partial cost plus the cheapest climbing chain of the remaining rings (lines allowed to repeat:
 * a relaxation) cannot beat it; one with more misses is cut at once. The same class serves the
 * firmware (on the sweep's estimates) and the arbitration benchmark's oracle (on ground truth);
 * its test checks it against brute force.
 */
public final class OrderedAssignmentSearch {
    private final double[][] shift;   // [ring][line] S, NaN where the ring does not meet the line
    private final double[][] frame;   // [ring][line] position in the ring's frame, NaN where not met
    private final double frameGap;
    private final double[] eta;
    private final double c;
    private final double lowMw;
    private final double highMw;
    private final double bandLowMw;
    private final double bandHighMw;
    private final double[] slackMw;
    private final int maxMisses;
    private final boolean allowUnserved;
    private final int rings;
    private final int lines;
    private final double[] weight;
    private final int[][] candidates; // per ring, the lines it meets, most promising first
    private final double[][] chain;   // [ring][line]: least w.S of rings j.. with climbing frames from line l
    private final int nodeCap;

    // Per depth j: X_j = alpha[j] - beta[j] X_j+1; X_j+1 must lie in [lo[j+1], hi[j+1]].
    private final double[] alpha;
    private final double[] beta;
    private final double[] lo;
    private final double[] hi;
    private final int[] line;
    private int nodes;
    private int bestServed = -1;
    private int bestMisses;
    private double bestCost = Double.POSITIVE_INFINITY;
    private int[] bestLine;
    private double[] bestMw;

    /**
     * @param shift         S per ring and line, NaN where the ring does not meet the line
     * @param frame         line positions in each ring's frame; served rings' must climb along the waveguide
     * @param frameGap      by more than this (distinct lines lie further apart; one line seen by two rings
     *                      may differ by the estimates' noise)
     * @param eta           own-heater efficiency per ring, in S units per mW
     * @param coupling      fraction of a neighbour's own-heater shift felt by a ring (below 0.5)
     * @param lowMw         lowest settled power allowed
     * @param highMw        highest settled power allowed
     * @param bandLowMw     comfortable band, lower edge
     * @param bandHighMw    comfortable band, upper edge
     * @param maxMisses     how many rings may settle outside the band (but inside [lowMw, highMw])
     * @param allowUnserved whether a ring may be left without a line
     * @param nodeCap       nodes visited before the search stops with the best found so far
     */
    public OrderedAssignmentSearch(double[][] shift, double[][] frame, double frameGap, double[] eta, double coupling, double lowMw,
                                   double highMw, double bandLowMw, double bandHighMw, int maxMisses,
                                   boolean allowUnserved, int nodeCap) {
        this(shift, frame, frameGap, eta, coupling, lowMw, highMw, bandLowMw, bandHighMw, maxMisses, allowUnserved, nodeCap,
                new double[shift.length]);
    }

    /**
     * As above, each ring's bounds and band narrowed on both sides by its own {@code slackMw[j]} (how
     * far its estimates may be off: an unsure ring is kept further from the heater's ends).
     */
    public OrderedAssignmentSearch(double[][] shift, double[][] frame, double frameGap, double[] eta, double coupling, double lowMw,
                                   double highMw, double bandLowMw, double bandHighMw, int maxMisses,
                                   boolean allowUnserved, int nodeCap, double[] slackMw) {
        this.slackMw = slackMw;
        this.shift = shift;
        this.frame = frame;
        this.frameGap = frameGap;
        this.eta = eta;
        this.c = coupling;
        this.lowMw = lowMw;
        this.highMw = highMw;
        this.bandLowMw = Math.max(lowMw, bandLowMw);
        this.bandHighMw = Math.min(highMw, bandHighMw);
        this.maxMisses = maxMisses;
        this.bestMisses = maxMisses;
        this.allowUnserved = allowUnserved;
        this.rings = shift.length;
        this.lines = rings == 0 ? 0 : shift[0].length;
        this.nodeCap = nodeCap;
        if (lines > 64) {
            throw new IllegalArgumentException("at most 64 lines per waveguide, got " + lines);
        }
        this.alpha = new double[rings + 1];
        this.beta = new double[rings + 1];
        this.lo = new double[rings + 2];
        this.hi = new double[rings + 2];
        this.line = new int[rings];
        double[] inv = new double[rings];
        for (int j = 0; j < rings; j++) {
            inv[j] = 1 / eta[j];
        }
        this.weight = solveCoupled(inv, coupling);
        this.candidates = new int[rings][];
        this.chain = new double[rings][lines];
        for (int j = rings - 1; j >= 0; j--) {
            double[] row = shift[j];
            int ring = j;
            int[] met = java.util.stream.IntStream.range(0, lines).filter(l -> reachable(ring, row[l])).toArray();
            for (int l : met) {
                // Relaxation (lines may repeat, powers unchecked) of the climb: a lower bound on the rest.
                double rest = j + 1 == rings ? 0 : Double.POSITIVE_INFINITY;
                for (int m : j + 1 == rings ? new int[0] : candidates[j + 1]) {
                    if (frame[j + 1][m] > frame[j][l] + frameGap) {
                        rest = Math.min(rest, chain[j + 1][m]);
                    }
                }
                chain[j][l] = weight[j] * row[l] + rest;
            }
            // Most promising first: the relaxation's best is usually feasible, so the bound bites early.
            double[] ch = chain[j];
            candidates[j] = java.util.Arrays.stream(met).boxed().sorted(java.util.Comparator.comparingDouble(l -> ch[l]))
                    .mapToInt(Integer::intValue).toArray();
        }
    }

    /**
     * Whether ring j can settle within [lowMw, highMw] on a line needing shift s, whatever its neighbours
     * do within theirs (cold, if rings may go without a line): a candidate that cannot is never tried.
     */
    private boolean reachable(int j, double s) {
        if (Double.isNaN(s)) {
            return false;
        }
        double nbEta = (j > 0 ? eta[j - 1] : 0) + (j + 1 < rings ? eta[j + 1] : 0);
        double least = s - c * nbEta * highMw;                        // neighbours hottest
        double most = s - c * nbEta * (allowUnserved ? 0 : lowMw);     // neighbours coolest
        return least <= eta[j] * (highMw - slackMw[j]) && most >= eta[j] * (lowMw + slackMw[j]);
    }

    /** Runs the search; the best assignment ({@code -1} for no line), or null if none fits the bounds. */
    public int[] run() {
        if (nodes == 0) {
            lo[0] = Double.NEGATIVE_INFINITY;
            hi[0] = Double.POSITIVE_INFINITY;
            dfs(0, 0L, Double.NEGATIVE_INFINITY, 0, 0, 0, 0, 0);
        }
        return bestLine;
    }

    /** The assignment found by {@link #run}, or null. */
    public int[] lines() {
        return bestLine;
    }

    /** Settled heater power per ring of the best assignment (NaN for rings without a line). */
    public double[] powersMw() {
        return bestMw;
    }

    /** Rings of the best assignment settling outside the comfortable band. */
    public int misses() {
        return bestMisses;
    }

    /** Whether the search stopped at its node cap (the result is then the best found, not proven best). */
    public boolean capped() {
        return nodes > nodeCap;
    }

    /**
     * @param prevAlpha,prevBeta the previous ring's elimination ({@code X_j-1 = a - b X_j}; 0, 0 when it is cold)
     * @param partial            w.S of the rings so far (meaningful while every ring is served)
     * @param misses             rings so far allowed outside the band
     */
    private void dfs(int j, long used, double prevFrame, int served, double prevAlpha, double prevBeta, double partial,
                     int misses) {
        if (++nodes > nodeCap) {
            return;
        }
        if (j == rings) {
            if (lo[j] <= 0 && hi[j] >= 0) {
                leaf(served, misses);
            }
            return;
        }
        if (served + rings - j < bestServed) {
            return;
        }
        boolean everyServed = served == j;
        for (int l : candidates[j]) {
            double s = shift[j][l];
            double t = frame[j][l];
            if ((used & (1L << l)) != 0 || !(t > prevFrame + frameGap)) {
                continue;
            }
            // No climbing chain of reachable lines for the later rings (infinite bound), or it cannot win.
            if (everyServed && !allowUnserved && (chain[j][l] == Double.POSITIVE_INFINITY
                    || (misses >= bestMisses && partial + chain[j][l] >= bestCost))) {
                continue;
            }
            double d = 1 - c * prevBeta;
            double a = (s - c * prevAlpha) / d;
            double b = c / d;
            line[j] = l;
            alpha[j] = a;
            beta[j] = b;
            double sl = slackMw[j];
            if (narrow(j, a, b, bandLowMw + sl, bandHighMw - sl)) {
                dfs(j + 1, used | (1L << l), t, served + 1, a, b, partial + weight[j] * s, misses);
            }
            // A miss: below the band or above it (disjoint from the band, so no assignment is met twice).
            if (misses < missCap() && narrow(j, a, b, lowMw + sl, bandLowMw + sl)) {
                dfs(j + 1, used | (1L << l), t, served + 1, a, b, partial + weight[j] * s, misses + 1);
            }
            if (misses < missCap() && narrow(j, a, b, bandHighMw - sl, highMw - sl)) {
                dfs(j + 1, used | (1L << l), t, served + 1, a, b, partial + weight[j] * s, misses + 1);
            }
        }
        if (allowUnserved && lo[j] <= 0 && hi[j] >= 0) {
            // Cold: X_j = 0, which the previous ring's bounds must allow; the next ring starts afresh.
            line[j] = -1;
            alpha[j] = 0;
            beta[j] = 0;
            lo[j + 1] = Double.NEGATIVE_INFINITY;
            hi[j + 1] = Double.POSITIVE_INFINITY;
            dfs(j + 1, used, prevFrame, served, 0, 0, partial, misses);
        }
    }

    /** When every ring must be served, every leaf serves them all: more misses than the best never win. */
    private int missCap() {
        return allowUnserved ? maxMisses : bestMisses;
    }

    /** Ring j on a line, settling in [fromMw, toMw]: intersect its X interval, then map it onto X_j+1. */
    private boolean narrow(int j, double a, double b, double fromMw, double toMw) {
        double xLo = Math.max(lo[j], eta[j] * fromMw);
        double xHi = Math.min(hi[j], eta[j] * toMw);
        if (xLo > xHi) {
            return false;
        }
        // X_j = a - b X_j+1 in [xLo, xHi]  <=>  X_j+1 in [(a - xHi) / b, (a - xLo) / b]   (b > 0)
        if (b > 0) {
            lo[j + 1] = (a - xHi) / b;
            hi[j + 1] = (a - xLo) / b;
        } else {
            if (a < xLo || a > xHi) {
                return false;
            }
            lo[j + 1] = Double.NEGATIVE_INFINITY;
            hi[j + 1] = Double.POSITIVE_INFINITY;
        }
        return true;
    }

    private void leaf(int served, int misses) {
        // Back-substitute from the virtual cold ring past the end.
        double[] mw = new double[rings];
        double next = 0;
        double cost = 0;
        for (int j = rings - 1; j >= 0; j--) {
            if (line[j] < 0) {
                mw[j] = Double.NaN;
                next = 0;
                continue;
            }
            double x = alpha[j] - beta[j] * next;
            mw[j] = x / eta[j];
            next = x;
            cost += mw[j];
        }
        if (served > bestServed || (served == bestServed
                && (misses < bestMisses || (misses == bestMisses && cost < bestCost)))) {
            bestServed = served;
            bestMisses = misses;
            bestCost = cost;
            bestLine = line.clone();
            bestMw = mw;
        }
    }

    /** Solves (I + cA) x = r for the chain of rings (A: neighbours), Thomas algorithm. */
    static double[] solveCoupled(double[] r, double c) {
        int n = r.length;
        double[] diag = new double[n];
        double[] x = r.clone();
        for (int j = 0; j < n; j++) {
            diag[j] = 1;
        }
        for (int j = 1; j < n; j++) {
            double m = c / diag[j - 1];
            diag[j] -= m * c;
            x[j] -= m * x[j - 1];
        }
        for (int j = n - 1; j >= 0; j--) {
            x[j] = (x[j] - (j + 1 < n ? c * x[j + 1] : 0)) / diag[j];
        }
        return x;
    }
}
