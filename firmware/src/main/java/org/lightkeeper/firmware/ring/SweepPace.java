package org.lightkeeper.firmware.ring;

import org.lightkeeper.hal.board.BoardSpec.EngineSpec;

/**
 * How often one engine's calibration sweep may step (docs/control.md, "Calibration sweep steps faster
 * than the ring tick"). Without a declared heater time constant, one step a ring-loop tick, as it always
 * was: the ring period (0.5-1 ms) is 25-50 time constants of the simulator's heaters and about five of
 * the slowest DESIGN.md allows. With the board file's {@code heater_time_constant_us} (tau), a step's
 * monitors are read no sooner than {@link #SETTLE_TAUS} tau after the previous step's heater write, and
 * the steps come no more often than the engine's bus allowance allows: its share of the ring period for
 * SPI wire time ({@link TrackingPlan#RING_BUS_SHARE} split between the engines, as for tracking) holds
 * allowance / stepWire steps a ring period. Whichever is slower wins; if that is no faster than the ring
 * tick, the sweep stays on the ring loop.
 *
 * @param onRingLoop whether the sweep steps once a ring-loop tick (no time constant declared, or
 *                   stepping faster would not be faster)
 * @param minPeriodNs least time from one step's start to the next's: the bus allowance
 * @param settleNs least time from one step's heater write to the next step's monitor read
 * @param jumpSettleNs least time after the sweep moves a heater by more than a step (back to 0 at the end
 *                     of a pass, parked between lines) before the next reading is recorded
 * @param stepWireNs SPI wire time of one step of the costliest stage (its monitors read, its heaters written)
 * @param allowanceNs this engine's share of the ring period for SPI wire time
 * @param reason one line: the choice and the figures it was made on
 */
public record SweepPace(boolean onRingLoop, long minPeriodNs, long settleNs, long jumpSettleNs, long stepWireNs,
                        long allowanceNs, String reason) {
    /**
     * Time constants a heater is given to settle between a step's write and the next read: e^-5 = 0.7 % of
     * the 0.25 mW step is left, and along the sweep's ramp the lag stays at 0.7 % / (1 - 0.7 %) of a step,
     * 1.7 uW (0.4 pm at 0.25 nm/mW): a hundredth of the 0.02 mW the peaks are compared within
     * (SweepPaceTest). The same five time constants the ring period was chosen on for the slowest heater
     * DESIGN.md allows (docs/control.md).
     */
    public static final double SETTLE_TAUS = 5;

    /** One step a ring-loop tick: the default, and all there is without a declared time constant. */
    public static SweepPace ringTick(String why) {
        return new SweepPace(true, 0, 0, 0, 0, 0, "calibration sweep: one step a ring-loop tick (" + why + ")");
    }

    /**
     * The pace of an engine whose costliest sweep step takes {@code stepWireNs} of SPI wire time, ticked
     * with {@code enginesOnLoop} engines every {@code ringPeriodNs}; its heaters' full range is
     * {@code rangeMw}, swept in steps of {@code stepMw}.
     */
    public static SweepPace choose(EngineSpec spec, long stepWireNs, double rangeMw, double stepMw, long ringPeriodNs,
                                   int enginesOnLoop) {
        if (ringPeriodNs <= 0 || enginesOnLoop <= 0) {
            throw new IllegalArgumentException("ring period and engine count must be positive, got " + ringPeriodNs
                    + " ns and " + enginesOnLoop);
        }
        if (!spec.heaterTimeConstantDeclared()) {
            return ringTick("heater_time_constant_us not declared");
        }
        double tauNs = spec.heaterTimeConstantUs() * 1000.0;
        long settle = (long) Math.ceil(SETTLE_TAUS * tauNs);
        // A jump of J mW leaves J e^(-t/tau): as little as a step leaves after SETTLE_TAUS once t = tau (SETTLE_TAUS + ln(J/step)).
        long jump = (long) Math.ceil(tauNs * (SETTLE_TAUS + Math.log(Math.max(1, rangeMw / stepMw))));
        long allowance = (long) (TrackingPlan.RING_BUS_SHARE * ringPeriodNs / enginesOnLoop);
        // Steps a ring period within the allowance: allowance / stepWire; so a step every ringPeriod * stepWire / allowance.
        long byBus = allowance <= 0 ? Long.MAX_VALUE : (long) Math.ceil((double) ringPeriodNs * stepWireNs / allowance);
        long bySettle = stepWireNs + settle;
        long step = Math.max(byBus, bySettle);
        String figures = String.format("tau %s us declared, %.0f tau = %s us to settle after a step's %s us of SPI wire"
                        + " time; this engine's bus allowance %s us of the %s us ring period holds a step every %s us",
                fmt(spec.heaterTimeConstantUs()), SETTLE_TAUS, us(settle), us(stepWireNs), us(allowance), us(ringPeriodNs),
                us(byBus));
        if (step >= ringPeriodNs) {
            return new SweepPace(true, 0, 0, 0, stepWireNs, allowance, "calibration sweep: one step a ring-loop tick ("
                    + figures + ": no faster than the tick)");
        }
        return new SweepPace(false, byBus, settle, jump, stepWireNs, allowance, String.format(
                "calibration sweep: a step every %s us at the fastest, %.1f a ring period (%s; %s-bound)",
                us(step), (double) ringPeriodNs / step, figures, byBus >= bySettle ? "bus" : "settle"));
    }

    private static String us(long ns) {
        return String.format("%.1f", ns / 1000.0);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format("%.0f", v) : Double.toString(v);
    }
}
