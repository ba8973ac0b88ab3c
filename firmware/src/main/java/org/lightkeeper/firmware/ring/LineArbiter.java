package org.lightkeeper.firmware.ring;

/**
 * Assigns each ring of one waveguide its own laser line (DESIGN.md section 3): the rings, in light
 * order, take consecutive lines of the comb in wavelength order, cyclically (ring j gets line
 * (a + j) mod L), so no two rings share a line and the comb order is kept. For each shift {@code a}
 * the heater powers at lock are estimated with neighbour crosstalk (the sweep ran all heaters of the
 * waveguide in lockstep, so a ring met its line at p(1 + c n) of own-heater-equivalent power; at lock
 * its neighbours sit at their own powers). A shift is scored by how many rings it serves at all,
 * then how many of those sit inside the comfortable band [low, high] (room left for the die to warm
 * or cool), then by least total power. Rings a shift cannot serve get -1.
 *
 * <p>When no cyclic shift serves every ring inside the band, order-preserving assignments that are
 * not cyclic shifts are searched as well (the comb does not tile the rings' FSR exactly, and local
 * fabrication spread can leave a ring unable to reach the line a shift gives it while a line one
 * period further on is free). Comb order is then judged in each ring's own resonance order, which
 * the sweep matrix alone reveals (see {@link #designFrame}): the lines, seen through the rings'
 * orders, must climb along the waveguide, no two rings share a line, every ring is served. The
 * benchmark {@code bench-arbitration} (docs/benchmarks.md) measures the result.
 */
public final class LineArbiter {
    /** Result: line per ring (wavelength order, -1 none) and the estimated heater power at lock. */
    public record Assignment(int[] line, double[] lockMw) {
    }

    /** Cap on Jacobi sweeps in {@link #lockPowers}: plenty for any c below 0.5 on a waveguide's rings. */
    static final int MAX_ITERATIONS = 10_000;

    /** Nodes the order-preserving search may visit (one calibration; 16 rings need a few thousand). */
    static final int SEARCH_CAP = 200_000;

    /**
     * An estimated lock power nearer than this to either end of the heater range may be outside it:
     * the estimate takes every ring's heater efficiency as nominal, and a +-10 % spread moves a
     * neighbour's crosstalk share by up to c * 10 % of its power (0.4 mW for two neighbours at 20 mW).
     */
    static final double EDGE_MARGIN_MW = 0.6;

    private LineArbiter() {
    }

    private static boolean isSafe(double lockMw, double maxMw) {
        return lockMw >= EDGE_MARGIN_MW && lockMw <= maxMw - EDGE_MARGIN_MW;
    }

    private static long score(int rings, int loose, int safe, int strict) {
        long base = rings + 1L;
        return (loose * base + safe) * base + strict;
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
        return assign(powerMw, coupling, lowMw, highMw, maxMw, true);
    }

    /**
     * Cyclic shifts only, no edge-margin tier: the arbiter exactly as it was before the order-preserving
     * search and {@link #EDGE_MARGIN_MW}, kept so the arbitration benchmark can show both in one run.
     */
    public static Assignment assignCyclic(double[][] powerMw, double coupling, double lowMw, double highMw, double maxMw) {
        return assign(powerMw, coupling, lowMw, highMw, maxMw, false);
    }

    private static Assignment assign(double[][] powerMw, double coupling, double lowMw, double highMw, double maxMw,
                                     boolean search) {
        int rings = powerMw.length;
        int lines = rings == 0 ? 0 : powerMw[0].length;
        Assignment best = new Assignment(filled(rings, -1), new double[rings]);
        long bestScore = -1;
        double bestCost = Double.MAX_VALUE;
        double[] p = new double[rings];
        for (int a = 0; a < lines; a++) {
            for (int j = 0; j < rings; j++) {
                p[j] = j < lines ? powerMw[j][(a + j) % lines] : Double.NaN;
            }
            double[] lock = lockPowers(p, coupling);
            int strict = 0;
            int loose = 0;
            int safe = 0;
            double cost = 0;
            for (int j = 0; j < rings; j++) {
                if (!Double.isNaN(lock[j]) && lock[j] >= 0 && lock[j] <= maxMw) {
                    loose++;
                    cost += lock[j];
                    // Cyclic-only (the arbiter before the search) has no margin tier: every served ring counts.
                    safe += !search || isSafe(lock[j], maxMw) ? 1 : 0;
                    if (lock[j] >= lowMw && lock[j] <= highMw) {
                        strict++;
                    }
                }
            }
            // Serving every ring comes first; then estimates clear of the heater's ends by more than the
            // estimate's own error; then more rings with headroom.
            long score = score(rings, loose, safe, strict);
            if (score > bestScore || (score == bestScore && cost < bestCost)) {
                bestScore = score;
                bestCost = cost;
                int[] line = filled(rings, -1);
                for (int j = 0; j < rings; j++) {
                    if (!Double.isNaN(lock[j]) && lock[j] >= 0 && lock[j] <= maxMw) {
                        line[j] = (a + j) % lines;
                    }
                }
                best = new Assignment(line, lock);
            }
        }
        if (search && rings > 0 && bestScore < score(rings, rings, rings, rings)) {
            Search s = new Search(powerMw, coupling, lowMw, highMw, maxMw);
            s.bestScore = bestScore;
            s.bestCost = bestCost;
            s.run();
            if (s.bestLine != null) {
                best = new Assignment(s.bestLine, s.bestLock);
            }
        }
        return best;
    }

    /**
     * Where each line sits in each ring's own frame, in line spacings: {@code l - L m} with m the ring's
     * resonance order that met line l, relative to the other rings' (NaN where the ring never met the
     * line). From the matrix alone: a ring's heater power per line spacing is the median step of its
     * row between consecutive lines; its cold resonance in line units is {@code l - p / step}; less the
     * ring's design slot j, every ring's cold resonance in one order falls in one cluster (fabrication
     * spread) and the next order one comb period away, so the order is the rounded distance from the
     * cluster's circular mean in periods. Assumes the ring design step equals the line spacing and the
     * comb about tiles the FSR, as the cyclic shift does.
     */
    static double[][] designFrame(double[][] powerMw) {
        int rings = powerMw.length;
        int lines = powerMw[0].length;
        double[] step = new double[rings];
        double[] all = new double[rings * lines];
        int nAll = 0;
        for (int j = 0; j < rings; j++) {
            double[] d = new double[lines];
            int n = 0;
            for (int l = 0; l + 1 < lines; l++) {
                double a = powerMw[j][l];
                double b = powerMw[j][l + 1];
                if (!Double.isNaN(a) && !Double.isNaN(b) && b > a) {
                    d[n++] = b - a;
                    all[nAll++] = b - a;
                }
            }
            step[j] = n == 0 ? Double.NaN : median(d, n);
        }
        double fallback = nAll == 0 ? Double.NaN : median(all, nAll);
        double sx = 0;
        double sy = 0;
        double[][] y = new double[rings][lines];
        for (int j = 0; j < rings; j++) {
            double k = Double.isNaN(step[j]) ? fallback : step[j];
            for (int l = 0; l < lines; l++) {
                y[j][l] = l - powerMw[j][l] / k - j;
                if (!Double.isNaN(y[j][l])) {
                    double th = 2 * Math.PI * y[j][l] / lines;
                    sx += Math.cos(th);
                    sy += Math.sin(th);
                }
            }
        }
        double centre = Math.atan2(sy, sx) * lines / (2 * Math.PI);
        double[][] t = new double[rings][lines];
        for (int j = 0; j < rings; j++) {
            for (int l = 0; l < lines; l++) {
                t[j][l] = Double.isNaN(y[j][l]) ? Double.NaN : l - lines * Math.rint((y[j][l] - centre) / lines);
            }
        }
        return t;
    }

    private static double median(double[] v, int n) {
        double[] c = java.util.Arrays.copyOf(v, n);
        java.util.Arrays.sort(c);
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }

    /** Depth-first search of complete order-preserving assignments, scored as the cyclic shifts are. */
    private static final class Search {
        final double[][] p;
        final double[][] frame;
        final double c;
        final double low;
        final double high;
        final double max;
        final int rings;
        final int lines;
        final int[] line;
        final double[] sweep;
        long bestScore;
        double bestCost;
        int[] bestLine;
        double[] bestLock;
        int nodes;

        Search(double[][] p, double c, double low, double high, double max) {
            this.p = p;
            this.frame = designFrame(p);
            this.c = c;
            this.low = low;
            this.high = high;
            this.max = max;
            this.rings = p.length;
            this.lines = p[0].length;
            this.line = new int[rings];
            this.sweep = new double[rings];
        }

        void run() {
            if (lines <= 64) {
                dfs(0, 0L, Double.NEGATIVE_INFINITY);
            }
        }

        private void dfs(int j, long used, double prev) {
            if (++nodes > SEARCH_CAP) {
                return;
            }
            if (j == rings) {
                leaf();
                return;
            }
            int nb = (j > 0 ? 1 : 0) + (j + 1 < rings ? 1 : 0);
            for (int l = 0; l < lines && nodes <= SEARCH_CAP; l++) {
                double t = frame[j][l];
                if ((used & (1L << l)) != 0 || Double.isNaN(t) || t <= prev) {
                    continue;
                }
                // Necessary: with both neighbours at the limit the ring's own power must still fit.
                if (p[j][l] * (1 + c * nb) - c * nb * max > max) {
                    continue;
                }
                line[j] = l;
                sweep[j] = p[j][l];
                dfs(j + 1, used | (1L << l), t);
            }
        }

        private void leaf() {
            double[] lock = lockPowers(sweep, c);
            int strict = 0;
            int safe = 0;
            double cost = 0;
            for (double v : lock) {
                if (!(v >= 0 && v <= max)) {
                    return;
                }
                cost += v;
                safe += isSafe(v, max) ? 1 : 0;
                strict += v >= low && v <= high ? 1 : 0;
            }
            long score = score(rings, rings, safe, strict);
            if (score > bestScore || (score == bestScore && cost < bestCost)) {
                bestScore = score;
                bestCost = cost;
                bestLine = line.clone();
                bestLock = lock;
            }
        }
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

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
