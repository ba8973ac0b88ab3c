package org.lightkeeper.sim.chip;

import org.lightkeeper.hal.chip.cmis.ElsfpMap;
import org.lightkeeper.hal.chip.cmis.LaneStatus;

/**
 * The eight lasers of an emulated ELSFP bank: enable time, ramp, DFB L-I curve (P = slope * (I - Ith)
 * above threshold) and the APC/ACC operating point. Pure functions of the setpoints and the time
 * given; the register side lives in {@link ElsfpSim}.
 */
final class ElsfpLaneModel {
    private final ElsfpProfile profile;
    private final long rampNanos;
    private final long offNanos;
    private final long[] enabledAt = new long[ElsfpMap.LANES_PER_BANK];
    /** Per lane: when it was last disabled, and the share of full output it had then (its ramp down starts there). */
    private final long[] disabledAt = new long[ElsfpMap.LANES_PER_BANK];
    private final double[] offFrom = new double[ElsfpMap.LANES_PER_BANK];
    private int enabled;
    private int killed;
    /** Per lane ageing, 0 new .. 1 end of life (Telcordia GR-468 style: +20 % operating current at EOL). */
    private final double[] age = new double[ElsfpMap.LANES_PER_BANK];

    ElsfpLaneModel(ElsfpProfile profile) {
        this.profile = profile;
        this.rampNanos = profile.laneRampMs() * 1_000_000L;
        this.offNanos = profile.laneOffMs() * 1_000_000L;
    }

    int enabledMask() {
        return enabled;
    }

    /** Applies a new enable mask at {@code now}: newly enabled lanes start their ramp, newly disabled ones their ramp down. */
    void setEnabled(int mask, long now) {
        int rising = mask & ~enabled;
        int falling = enabled & ~mask;
        for (int lane = 0; lane < ElsfpMap.LANES_PER_BANK; lane++) {
            if ((rising >> lane & 1) != 0) {
                enabledAt[lane] = now;
            }
            if ((falling >> lane & 1) != 0) {
                offFrom[lane] = rampFraction(lane, now);
                disabledAt[lane] = now;
            }
        }
        enabled = mask & 0xFF;
    }

    /** Reset or power down: every laser off at once, no ramp down. */
    void disableAll() {
        enabled = 0;
        java.util.Arrays.fill(offFrom, 0);
    }

    void kill(int lane) {
        killed |= 1 << lane;
    }

    /** Ageing raises the threshold and lowers the slope so that end of life needs 20 % more current. */
    void age(int lane, double fraction) {
        age[lane] = Math.max(0, Math.min(1, fraction));
    }

    private double threshold(int lane) {
        return profile.thresholdMa() * (1 + AGEING_CURRENT_RISE * age[lane]);
    }

    private double slope(int lane) {
        return profile.slopeWPerA() / (1 + AGEING_CURRENT_RISE * age[lane]);
    }

    /** Operating-current rise at end of life (DESIGN.md section 2). */
    static final double AGEING_CURRENT_RISE = 0.20;

    boolean killed(int lane) {
        return (killed >> lane & 1) != 0;
    }

    boolean isEnabled(int lane) {
        return (enabled >> lane & 1) != 0;
    }

    LaneStatus status(int lane, long now) {
        if (!isEnabled(lane)) {
            return fallFraction(lane, now) > 0 ? LaneStatus.RAMPING : LaneStatus.OFF;
        }
        return now - enabledAt[lane] < rampNanos ? LaneStatus.RAMPING : LaneStatus.ON;
    }

    /** 0 when off, rising linearly to 1 over the ramp, 1 when on; after a disable, falling linearly to 0 over the ramp down. */
    double rampFraction(int lane, long now) {
        if (!isEnabled(lane)) {
            return fallFraction(lane, now);
        }
        long t = now - enabledAt[lane];
        return t >= rampNanos ? 1.0 : (double) t / rampNanos;
    }

    /** A disabled lane's share of full output while it ramps down ({@link ElsfpProfile#laneOffMs}), 0 once off. */
    private double fallFraction(int lane, long now) {
        long t = now - disabledAt[lane];
        return offFrom[lane] <= 0 || t >= offNanos ? 0 : offFrom[lane] * (1 - (double) t / offNanos);
    }

    /** Bias the module drives once the lane is on: APC follows the power setpoint, ACC the bias setpoint. */
    double steadyBiasMa(int lane, boolean apc, double biasSetpointMa, double powerSetpointMw) {
        if (!apc) {
            return Math.min(biasSetpointMa, profile.maxBiasMa());
        }
        if (killed(lane)) {
            return profile.maxBiasMa(); // the power loop saturates chasing a dead laser
        }
        return Math.min(apcBiasMa(lane, powerSetpointMw), profile.maxBiasMa());
    }

    double steadyPowerMw(int lane, double biasMa) {
        if (killed(lane)) {
            return 0;
        }
        return Math.max(0, slope(lane) * (biasMa - threshold(lane)));
    }

    /** True when the control loop cannot hold its target: a dead laser, or APC asking past the bias limit. */
    boolean loopFailed(int lane, boolean apc, double powerSetpointMw) {
        return killed(lane) || apc && apcBiasMa(lane, powerSetpointMw) > profile.maxBiasMa();
    }

    private double apcBiasMa(int lane, double powerMw) {
        return powerMw <= 0 ? 0 : threshold(lane) + powerMw / slope(lane);
    }
}
