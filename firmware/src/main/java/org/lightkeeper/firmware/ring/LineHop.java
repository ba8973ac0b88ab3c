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
    /** Every ring must land at least this far inside the range, so a hop is not undone at once by the other end. */
    static final double LANDING_MW = 1.0;
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
    private final double[] ownMw;
    private final double[] next;

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
        this.ownMw = new double[rings];
        this.next = new double[rings];
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
     * efficiencies. Returns whether every ring lands within [{@link #LANDING_MW}, max - LANDING_MW];
     * the plan is then in {@link #moveMw} and {@link #toLane}. Allocates nothing.
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
            }
            toLane[i] = o[to];
            ownMw[i] = shiftNm / r.nmPerMwSelf(i);
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
        for (int i : row) {
            double at = r.trackers[i].basePowerMw() + moveMw[i];
            if (lane[i] >= 0 && (at < LANDING_MW || at > maxMw - LANDING_MW)) {
                return false;
            }
        }
        return true;
    }
}
