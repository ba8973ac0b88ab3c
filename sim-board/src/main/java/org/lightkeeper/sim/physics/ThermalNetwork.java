package org.lightkeeper.sim.physics;

/**
 * Heater-driven temperature rise of each ring above the die, one first-order node per heater with
 * nearest-neighbour coupling along a waveguide row (DESIGN.md section 2: metal heater time constants
 * 4-100 us, neighbour crosstalk 5-20 %). Powers are piecewise constant between DAC updates, so the
 * state is advanced exactly: rise(t) = ss + (rise(t0) - ss) * exp(-(t - t0) / tau).
 */
public final class ThermalNetwork {
    private final int n;
    private final double[] kPerMw;      // own heater: K per mW
    private final int[] left;           // neighbour index along the row, -1 if none
    private final int[] right;
    private final double coupling;      // fraction of a neighbour's own-heater rise
    private final double tauNs;
    private final double[] powerMw;
    private final double[] rise;
    private final double[] steady;
    private long t0;

    public ThermalNetwork(double[] kPerMw, int[] left, int[] right, double coupling, double tauUs) {
        this.n = kPerMw.length;
        this.kPerMw = kPerMw.clone();
        this.left = left.clone();
        this.right = right.clone();
        this.coupling = coupling;
        this.tauNs = tauUs * 1000.0;
        this.powerMw = new double[n];
        this.rise = new double[n];
        this.steady = new double[n];
    }

    public void advanceTo(long tNs) {
        if (tNs <= t0) {
            return;
        }
        double decay = Math.exp(-(tNs - t0) / tauNs);
        for (int i = 0; i < n; i++) {
            rise[i] = steady[i] + (rise[i] - steady[i]) * decay;
        }
        t0 = tNs;
    }

    public void setPower(int heater, double mw, long tNs) {
        advanceTo(tNs);
        powerMw[heater] = mw;
        // Only the heater's own node and its two neighbours see a change.
        refreshSteady(heater);
        if (left[heater] >= 0) {
            refreshSteady(left[heater]);
        }
        if (right[heater] >= 0) {
            refreshSteady(right[heater]);
        }
    }

    private void refreshSteady(int i) {
        double s = kPerMw[i] * powerMw[i];
        if (left[i] >= 0) {
            s += coupling * kPerMw[left[i]] * powerMw[left[i]];
        }
        if (right[i] >= 0) {
            s += coupling * kPerMw[right[i]] * powerMw[right[i]];
        }
        steady[i] = s;
    }

    /** Temperature rise of ring {@code i} above the die at {@code tNs}, in kelvin. */
    public double riseK(int i, long tNs) {
        advanceTo(tNs);
        return rise[i];
    }

    public double powerMw(int i) {
        return powerMw[i];
    }

    /** Own-heater rise per mW of each node, K/mW (a copy; ground truth for tests and benchmarks). */
    public double[] kPerMw() {
        return kPerMw.clone();
    }
}
