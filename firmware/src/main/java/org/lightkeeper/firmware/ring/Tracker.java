package org.lightkeeper.firmware.ring;

/**
 * Keeps one locked ring on its line (DESIGN.md section 3, tracking): {@link RingTracker} (dither
 * lock-in every fast-loop tick) or {@link GradientTracker} (perturb-and-observe with a drift estimate,
 * for rings serviced round robin where the bus cannot carry a full dither tick). The engine picks one
 * per engine ({@link TrackingPlan}). Allocation-free in every method.
 */
public interface Tracker {
    /** Lock on the peak (filters). {@code halfWidthMw} is the Lorentzian half width in heater power. Returns the first command. */
    double lockPeak(double peakPowerMw, double peakMa, double halfWidthMw, double nmPerMw);

    /** Lock on the red slope at {@code fraction} of the peak (modulators), no background under the line. Returns the first command. */
    default double lockSlope(double peakPowerMw, double peakMa, double halfWidthMw, double fraction, double nmPerMw) {
        return lockSlope(peakPowerMw, peakMa, 0, halfWidthMw, fraction, nmPerMw);
    }

    /**
     * Lock on the red slope where the ring's own line gives {@code fraction} of its peak, {@code
     * backgroundMa} of {@code peakMa} being the other lines' tails ({@link Peak#backgroundMa}): the
     * level aimed at is f (peak - B) + B. Returns the first command.
     */
    double lockSlope(double peakPowerMw, double peakMa, double backgroundMa, double halfWidthMw, double fraction,
                     double nmPerMw);

    /**
     * The ring or its light is moving (acquisition or the coupling measurement on its light path, a
     * neighbour's heater step, the die): a tracker with a coarse and a fine perturbation uses the
     * coarse one until it is quiet again. Nothing by default.
     */
    default void stir() {
    }

    /**
     * Whether every change of the die reaches this tracker as a {@link #stir} (the engine has a die
     * sensor and the die feed-forward is on): a tracker may then integrate longer once quiet, since no
     * ramp can start unannounced. Nothing by default.
     */
    default void dieAnnounced(boolean announced) {
    }

    /** Warm restart on the peak, the heater holding {@code heaterMw} and the monitor reading {@code levelMa}. */
    double resumePeak(double heaterMw, double levelMa, double halfWidthMw, double nmPerMw);

    /** Warm restart on the slope. */
    double resumeSlope(double heaterMw, double levelMa, double halfWidthMw, double fraction, double nmPerMw);

    /**
     * One update: {@code pdMa} is the monitor read with the heater at {@code heldMw} (the power actually
     * applied since the previous update, after clamping and quantisation). Returns the next command, mW.
     */
    double update(double pdMa, double heldMw);

    /** Moves the operating point by {@code deltaMw} at once (feed-forward); returns the command. */
    double shift(double deltaMw);

    /** The command for now: the operating point plus the current perturbation half-cycle. */
    double command();

    boolean lost();

    /** Heater power at the operating point (without perturbation), mW. */
    double basePowerMw();

    /** Firmware estimate of resonance minus lock target, pm. */
    double detuningPm();

    double lastError();

    double peakMa();

    double halfWidthMw();
}
