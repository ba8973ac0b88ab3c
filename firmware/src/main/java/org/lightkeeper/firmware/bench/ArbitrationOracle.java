package org.lightkeeper.firmware.bench;

/**
 * Ground truth for one drawn engine: judges an assignment and finds by brute force whether a complete
 * one exists.
 *
 * <p>A complete solution gives every ring its own line, keeps the comb order and the resonance order
 * (below), and needs a settled heater power in [0, usable] for every ring (the clamp less the
 * firmware's dither margin), crosstalk of the actual neighbours' powers included.
 *
 * <p>"Wrong order": each ring sees its line through one of its resonance orders; expressed in the
 * ring's own design frame ({@code lambda_l - m * FSR}, see {@link ArbitrationModel#designFrameNm})
 * the served rings' lines must climb strictly along the waveguide, as the rings' design resonances
 * do. A ring whose line falls out of that sequence is either out of comb order (lock-to-nearest does
 * this) or aliased onto another resonance order than its neighbours use: in a cyclic assignment the
 * ring after the wrap from the last line to the first must use exactly one order lower than the
 * ring before it, and every other ring the same order as its neighbours.
 */
final class ArbitrationOracle {
    /** Nodes a search of order-preserving assignments may visit before it gives up (reported). */
    static final int SEARCH_CAP = 200_000;

    private final ArbitrationModel m;
    private final int r;
    private final int lines;
    private final double usable;
    private int nodes;
    boolean capped;

    ArbitrationOracle(ArbitrationModel model) {
        this.m = model;
        this.r = model.rings();
        this.lines = model.lines();
        this.usable = model.cfg.usableMw();
    }

    /** What went wrong with one assignment ({@code line[j]} wavelength-order index or -1). */
    record Verdict(boolean shared, boolean wrongOrder, boolean unassigned, boolean outOfRange) {
    }

    Verdict judge(int[] line) {
        boolean shared = false;
        boolean wrong = false;
        boolean unassigned = false;
        boolean out = false;
        long used = 0;
        double prev = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < r; j++) {
            int l = line[j];
            if (l < 0) {
                unassigned = true;
                continue;
            }
            if ((used & (1L << l)) != 0) {
                shared = true;
            }
            used |= 1L << l;
            double t = m.designFrameNm(j, l);
            if (t <= prev) {
                wrong = true;
            }
            prev = t;
        }
        double[] p = m.trueLockMw(line);
        for (int j = 0; j < r; j++) {
            if (line[j] >= 0 && !(p[j] >= 0 && p[j] <= usable)) {
                out = true;
            }
        }
        return new Verdict(shared, wrong, unassigned, out);
    }

    private boolean complete(int[] line) {
        Verdict v = judge(line);
        return !v.shared() && !v.wrongOrder() && !v.unassigned() && !v.outOfRange();
    }

    /** Is there a cyclic shift (ring j on line (a + j) mod L) that is a complete solution? */
    boolean cyclicExists() {
        int[] line = new int[r];
        for (int a = 0; a < lines; a++) {
            for (int j = 0; j < r; j++) {
                line[j] = (a + j) % lines;
            }
            if (complete(line)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Is there any injective assignment whose lines climb in every ring's design frame (comb order
     * kept, one resonance order per ring, not necessarily a cyclic shift and not necessarily within
     * one FSR) that is a complete solution? Depth-first over rings, candidates pruned by a necessary
     * power bound; gives up after {@link #SEARCH_CAP} nodes (then {@link #capped} is set).
     */
    boolean orderPreservingExists() {
        nodes = 0;
        capped = false;
        int[] line = new int[r];
        return dfs(0, 0L, Double.NEGATIVE_INFINITY, line);
    }

    private boolean dfs(int j, long used, double prev, int[] line) {
        if (j == r) {
            return complete(line);
        }
        if (++nodes > SEARCH_CAP) {
            capped = true;
            return false;
        }
        double c = m.cfg.coupling();
        double nb = (j > 0 ? m.etaNmPerMw[j - 1] : 0) + (j + 1 < r ? m.etaNmPerMw[j + 1] : 0);
        for (int l = 0; l < lines; l++) {
            if ((used & (1L << l)) != 0) {
                continue;
            }
            double t = m.designFrameNm(j, l);
            if (t <= prev) {
                continue;
            }
            // Necessary: even with both neighbours at the limit the ring's own power must fit.
            double shift = m.shiftNm(j, l);
            if ((shift - c * nb * usable) / m.etaNmPerMw[j] > usable) {
                continue;
            }
            line[j] = l;
            if (dfs(j + 1, used | (1L << l), t, line)) {
                return true;
            }
            if (capped) {
                return false;
            }
        }
        return false;
    }

    /**
     * The least total settled heater power of any complete order-preserving solution, mW: what an
     * oracle knowing every ring's true resonance, efficiency and neighbours would spend. Exhaustive
     * depth-first search, branches cut once the assigned rings' powers alone (each at least 0 and its
     * necessary bound) exceed the best so far; NaN when none exists or the search gave up
     * ({@link #capped}).
     */
    double minPowerMw() {
        nodes = 0;
        capped = false;
        best = Double.POSITIVE_INFINITY;
        int[] line = new int[r];
        minDfs(0, 0L, Double.NEGATIVE_INFINITY, 0, line);
        return capped || best == Double.POSITIVE_INFINITY ? Double.NaN : best;
    }

    private double best;

    private void minDfs(int j, long used, double prev, double bound, int[] line) {
        if (j == r) {
            if (complete(line)) {
                double sum = 0;
                for (double p : m.trueLockMw(line)) {
                    sum += p;
                }
                best = Math.min(best, sum);
            }
            return;
        }
        if (++nodes > SEARCH_CAP) {
            capped = true;
            return;
        }
        double c = m.cfg.coupling();
        double nb = (j > 0 ? m.etaNmPerMw[j - 1] : 0) + (j + 1 < r ? m.etaNmPerMw[j + 1] : 0);
        for (int l = 0; l < lines && !capped; l++) {
            if ((used & (1L << l)) != 0) {
                continue;
            }
            double t = m.designFrameNm(j, l);
            if (t <= prev) {
                continue;
            }
            double least = (m.shiftNm(j, l) - c * nb * usable) / m.etaNmPerMw[j];
            if (least > usable) {
                continue;
            }
            double b = bound + Math.max(0, least);
            if (b >= best) {
                continue;
            }
            line[j] = l;
            minDfs(j + 1, used | (1L << l), t, b, line);
        }
    }
}
