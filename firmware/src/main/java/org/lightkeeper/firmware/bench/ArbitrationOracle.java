package org.lightkeeper.firmware.bench;

import org.lightkeeper.firmware.ring.OrderedAssignmentSearch;

/**
 * Ground truth for one drawn engine: judges an assignment, and finds the cheapest complete solution
 * (exactly, by {@link OrderedAssignmentSearch} on the drawn parameters; its answers agreed with the
 * previous brute-force depth-first oracle on all 10,000 seeds of both sizes, and the Monte Carlo checks
 * every one against {@link #judge}).
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
    static final int SEARCH_CAP = 5_000_000;

    private final ArbitrationModel m;
    private final int r;
    private final int lines;
    private final double usable;
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

    /**
     * The cheapest complete solution (least total settled heater power), or null if none exists.
     * Exact: {@link OrderedAssignmentSearch} on the drawn parameters (true shifts, resonance orders,
     * efficiencies), never on the firmware's estimates; its answer is checked against {@link #judge}
     * by the Monte Carlo. {@link #capped} tells if it ran out of nodes.
     */
    int[] cheapest() {
        return cheapestIn(0, usable);
    }

    /**
     * The cheapest complete solution settling every ring inside [lowMw, highMw] (the firmware's headroom
     * band: what its arbiter could at best do where the band can be kept), or null.
     */
    int[] cheapestIn(double lowMw, double highMw) {
        double[][] shift = new double[r][lines];
        double[][] frame = new double[r][lines];
        for (int j = 0; j < r; j++) {
            for (int l = 0; l < lines; l++) {
                shift[j][l] = m.shiftNm(j, l);
                frame[j][l] = m.designFrameNm(j, l);
            }
        }
        OrderedAssignmentSearch s = new OrderedAssignmentSearch(shift, frame, 0, m.etaNmPerMw, m.cfg.coupling(), lowMw, highMw,
                lowMw, highMw, 0, false, SEARCH_CAP);
        int[] line = s.run();
        capped = s.capped();
        return line;
    }

    /** Total true settled heater power of an assignment (unserved rings cold). */
    double totalMw(int[] line) {
        double sum = 0;
        for (double p : m.trueLockMw(line)) {
            sum += Double.isNaN(p) ? 0 : p;
        }
        return sum;
    }

    /** Is the assignment a complete solution (every ring its own line, orders kept, powers in range)? */
    boolean complete(int[] line) {
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
}
