package org.lightkeeper.sim.physics;

import java.util.ArrayList;
import java.util.List;

/**
 * A temperature (die or ambient) as an exact function of virtual time: a base value plus any number of scripted
 * ramps (a step is a ramp of zero duration). ASIC load moves the die by 10-20 K in seconds
 * (DESIGN.md section 2); tests and scenarios script that here.
 */
public final class ScriptedTemperature {
    private final double baseC;
    private final List<double[]> ramps = new ArrayList<>(); // {startNs, endNs, deltaK}
    private final List<double[]> lags = new ArrayList<>();  // {startNs, tauNs, deltaK}

    public ScriptedTemperature(double baseC) {
        this.baseC = baseC;
    }

    /** Adds {@code deltaK} spread linearly over [startNs, startNs + durationNs]. */
    public synchronized void addRamp(long startNs, long durationNs, double deltaK) {
        ramps.add(new double[] {startNs, startNs + Math.max(0, durationNs), deltaK});
    }

    /**
     * An ASIC power step: the die settles to {@code deltaK} warmer with first-order time constant
     * {@code tauNs} (its thermal mass behind the package: seconds).
     */
    public synchronized void addPowerStep(long startNs, long tauNs, double deltaK) {
        if (tauNs <= 0) {
            throw new IllegalArgumentException("time constant must be positive: " + tauNs + " ns");
        }
        lags.add(new double[] {startNs, tauNs, deltaK});
    }

    public synchronized double at(long tNs) {
        double t = baseC;
        for (int i = 0; i < lags.size(); i++) { // indexed: no iterator on the simulator's hot path
            double[] l = lags.get(i);
            if (tNs > l[0]) {
                t += l[2] * (1 - Math.exp(-(tNs - l[0]) / l[1]));
            }
        }
        for (int i = 0; i < ramps.size(); i++) {
            double[] r = ramps.get(i);
            if (tNs >= r[1]) {
                t += r[2];
            } else if (tNs > r[0]) {
                t += r[2] * (tNs - r[0]) / (r[1] - r[0]);
            }
        }
        return t;
    }

    public double baseC() {
        return baseC;
    }
}
