package org.lightkeeper.sim.physics;

import java.util.ArrayList;
import java.util.List;

/**
 * Die temperature as an exact function of virtual time: a base value plus any number of scripted
 * ramps (a step is a ramp of zero duration). ASIC load moves the die by 10-20 K in seconds
 * (DESIGN.md section 2); tests and scenarios script that here.
 */
public final class DieTemperature {
    private final double baseC;
    private final List<double[]> ramps = new ArrayList<>(); // {startNs, endNs, deltaK}

    public DieTemperature(double baseC) {
        this.baseC = baseC;
    }

    /** Adds {@code deltaK} spread linearly over [startNs, startNs + durationNs]. */
    public synchronized void addRamp(long startNs, long durationNs, double deltaK) {
        ramps.add(new double[] {startNs, startNs + Math.max(0, durationNs), deltaK});
    }

    public synchronized double at(long tNs) {
        double t = baseC;
        for (double[] r : ramps) {
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
