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
 */
public final class LineArbiter {
    /** Result: line per ring (wavelength order, -1 none) and the estimated heater power at lock. */
    public record Assignment(int[] line, double[] lockMw) {
    }

    /** Cap on Jacobi sweeps in {@link #lockPowers}: plenty for any c below 0.5 on a waveguide's rings. */
    static final int MAX_ITERATIONS = 10_000;

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
            double cost = 0;
            for (int j = 0; j < rings; j++) {
                if (!Double.isNaN(lock[j]) && lock[j] >= 0 && lock[j] <= maxMw) {
                    loose++;
                    cost += lock[j];
                    if (lock[j] >= lowMw && lock[j] <= highMw) {
                        strict++;
                    }
                }
            }
            // Serving every ring comes first; among shifts serving as many, more rings with headroom win.
            long score = (long) loose * (rings + 1) + strict;
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
        return best;
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
