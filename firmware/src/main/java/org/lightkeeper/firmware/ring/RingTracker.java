package org.lightkeeper.firmware.ring;

/**
 * Keeps one locked ring on its line, one update per fast-loop tick, allocation-free.
 *
 * <p>Filters sit on the peak: a square dither of +-a on the heater, the monitor demodulated over each
 * +/- pair (lock-in), and an integral step on the heater power: e = (I+ - I-) / I_peak, and near the
 * peak e ~ -4 a x / h^2 for an offset x (mW) and Lorentzian half width h (mW), so a step of
 * k = g h^2 / (4 a) takes out a fraction g of the offset per pair.
 *
 * <p>Modulators sit on the red slope where the monitor reads a fraction f of its peak (the
 * operating point, DESIGN.md section 3), at x0 = h sqrt(1/f - 1): the error is the level
 * (I - f I_peak) / I_peak, whose slope there is -2 (x0/h) f^2 / h, and no dither is needed.
 */
public final class RingTracker extends LorentzianLock {
    /** Fraction of the offset removed per update (loop gain). */
    static final double GAIN = 0.3;
    /**
     * Filters' dither while quiet (the fine gear), as a fraction of the half width: detuning excursion
     * h/128 (about 1 pm on the devkit's 0.25 nm linewidth, where h/32 cost ~4 pm of the precision
     * figure), PD loss (1/128)^2. h/256 at a fine-gear gain of 0.03 measured better on quiet boards
     * (steady filters devkit 0.53, ref-51t2 0.86 pm rms with the modulators held) but lost rings on the
     * devkit's unannounced 10 K/s die ramp (GradientTrackingTest): the monitor's drift within a pair
     * outweighs an h/256 dither there and turns the loop round; not kept (docs/control.md).
     */
    static final double FINE_DITHER_FRACTION = 1.0 / 128;
    /** Loop gain per pair in the fine gear: {@link #GAIN}, as in the coarse gear. */
    static final double FINE_GAIN = GAIN;
    /**
     * Loop gain per pair in the fine gear where the die is announced ({@link #dieAnnounced}: a die sensor
     * and its feed-forward stir the tracker into the coarse gear at every 23 mK of die motion,
     * FeedForward.DIE_MOVING_K, so no ramp meets the fine gear unannounced): a sixth of {@link #GAIN},
     * averaging about twenty pairs where it averaged three. ref-51t2-quiet's steady state (its filters'
     * photocurrent a quarter of the devkit's, their noise dominant): 1.22 pm RMS at 0.3, 1.02 at 0.1,
     * 0.97 at 0.05, 0.96 at 0.03. h/256 at 0.03 measured 1.42 pm (its per-pair estimates are twice as
     * noisy, and the shift-up test trips on them). The devkit has no die sensor and keeps 0.3, which its
     * unannounced 10 K/s ramp needs.
     */
    static final double ANNOUNCED_FINE_GAIN = 0.05;
    /**
     * Weight of each fine-gear pair in the offset estimate the shift-up is judged on: 1, each pair on
     * its own (a smoothed estimate was needed only for the noisier h/256 dither that was not kept).
     */
    static final double SMOOTHING = 1;
    /** The fine gear shifts up when its (smoothed) offset estimate passes h/8, as the coarse gear's quiet count restarts. */
    static final double FINE_SHIFT_UP_HALF_WIDTHS = 1.0 / 8;
    /** ...or when one pair's estimate does: h/8 (16 pm on the devkit), a step nobody announced. */
    static final double FINE_JUMP_HALF_WIDTHS = 1.0 / 8;
    /**
     * A modulator holds its command on its DAC code while its smoothed offset stays within h/1024 (0.12
     * pm on the devkit). Without it, the level lock dithered between the two codes either side of its
     * lock point nearly every tick (about 900 code changes a second per modulator on devkit-quiet,
     * 0.05-0.17 pm a code on the 16-bit 5 V heater DACs at 1 kOhm between 1 and 20 mW), and each
     * change reached the filters downstream as a light step inside their dither pair: 1.0 pm rms of
     * the devkit filters' 1.46. The band is wider than half the largest code step (0.085 pm at 20 mW),
     * so no code pair straddles it twice; held, about 15 code changes a second (following the TEC ripple).
     */
    static final double HOLD_BAND_HALF_WIDTHS = 1.0 / 1024;
    /**
     * A held modulator goes back to moving (an integral step every tick) when its smoothed offset
     * passes four times the hold band (0.5 pm on the devkit): a ramp, which the band would otherwise
     * follow in jumps behind the smoothing's lag.
     */
    static final double HOLD_RELEASE_HALF_WIDTHS = 4 * HOLD_BAND_HALF_WIDTHS;
    /**
     * Weight of each tick in a modulator's smoothed offset: 1/16, bringing its per-tick photodiode noise
     * (0.1 pm on ref-51t2) to 0.018 pm, a seventh of the hold band.
     */
    static final double HOLD_SMOOTHING = 1.0 / 16;
    /**
     * A held modulator that must move again within 32 ticks of its last move is on a ramp and goes back
     * to moving: each move waits for the smoothing (16 ticks), which on the devkit's 10 K/s die ramp
     * (0.29 pm a tick) lagged 4-5 pm (GradientTrackingTest's dither ramp RMS 2.7 pm against 1.6). The ELS
     * TEC ripple (at most 0.002 pm a tick) needs a move every 60 ticks or more and stays held.
     */
    static final int HOLD_JUMP_TICKS = 32;
    /**
     * Filters' dither while the ring or its light moves (the coarse gear): h/32, the dither this
     * tracker used before the fine gear existed. The integral step k = g h^2 / (4 a) removes the same
     * fraction of an offset in either gear, but a change of the light within a pair (an upstream ring
     * sweeping or tracking a ramp, a neighbour's heater step) enters the error unscaled by a, so with
     * h/128 it moved the operating point four times as far: on ref-51t2's 10 K/s ramp the 90th
     * percentile ring's worst error went from 62 to 126 pm, and the start-up coupling measurement's
     * 24-tick averages of the filters' operating points were too noisy (CouplingMeasurementTest).
     */
    static final double COARSE_DITHER_FRACTION = 1.0 / 32;
    /**
     * In the coarse gear, one pair's offset estimate beyond this fraction of the half width starts the
     * quiet count over (the fine gear's are {@link #FINE_SHIFT_UP_HALF_WIDTHS} and {@link
     * #FINE_JUMP_HALF_WIDTHS}): h/8 is 16 pm on the devkit, four times the fine gear's per-pair
     * estimate noise there (about 3.5 pm).
     */
    static final double SHIFT_UP_HALF_WIDTHS = 1.0 / 8;
    /**
     * The coarse gear counts a pair as quiet when its offset estimate is under this fraction of the
     * half width: h/32 (4 pm on the devkit), four times the coarse gear's per-pair noise and a quarter
     * of the shift-up threshold (the hysteresis).
     */
    static final double QUIET_HALF_WIDTHS = 1.0 / 32;
    /**
     * Quiet pairs, with nothing reported moving ({@link #stir}), before stepping down to the fine gear:
     * the loop closes 30 % of an offset per pair, so 64 pairs are some twenty loop time constants
     * (64 ms on the devkit, 128 ms on ref-51t2), long enough for a ramp's or an acquisition's
     * disturbance to have died away and short against the seconds of a quiet steady state.
     */
    static final int QUIET_PAIRS = 64;
    /**
     * Largest step per pair in the fine gear, as a fraction of the half width: h/32, four times the
     * fine gear's step noise (g x 3.5 pm, about h/128 on the devkit). A change of the light nobody
     * announced (a neighbour's heater failing, an upstream ring knocked off its line) enters a pair's
     * error unscaled by the dither, four times larger in the fine gear than in the coarse; the pair
     * that sees it moves at most this far, and the coarse gear it shifts to does the rest.
     */
    static final double FINE_MAX_STEP_FRACTION = 1.0 / 32;
    /**
     * Below this fraction of the expected monitor level the signal no longer says which line the ring
     * is near: the operating point is held, not integrated (a level lock would otherwise slide down
     * to a neighbouring line's slope), and after {@link #LOST_TICKS} such ticks the ring is lost and
     * re-acquired by a fine sweep that knows where its own line is.
     */
    static final double LOST_FRACTION = 0.3;
    static final int LOST_TICKS = 20;
    /**
     * Largest heater step per update, as a fraction of the half width: a step disturbance (a
     * neighbour's heater failing) is climbed back within a few updates, while a 10 K/s die ramp needs
     * a fiftieth of it.
     */
    static final double MAX_STEP_FRACTION = 1.0 / 4;


    private double base;
    private double k;
    private double a;
    private int sign = 1;
    /** The dither gear of a filter: coarse (h/32) while anything moves, fine (h/128) once quiet; a modulator: moving, or held on its DAC code. */
    private boolean coarse;
    /** Something moved the ring or its light since the last pair ended: the next pair is coarse. */
    private boolean stirred;
    private int quietPairs;
    /** Ticks since a held modulator last moved. */
    private int sinceJump;
    /**
     * Offset estimates smoothed exponentially, in half widths: a filter's per-pair estimates in the fine
     * gear ({@link #SMOOTHING}), a modulator's per-tick ones ({@link #HOLD_SMOOTHING}).
     */
    private double smoothedH;
    /** The fine gear's loop gain: {@link #FINE_GAIN}, or {@link #ANNOUNCED_FINE_GAIN} where the die is announced. */
    private double fineGain = FINE_GAIN;
    private double pdPlus;
    private double lastError;
    private int lowTicks;
    private double detuningPm;

    /** Lock on the peak (filters). {@code halfWidthMw} is the Lorentzian half width in heater power. */
    @Override
    public double lockPeak(double peakPowerMw, double peakMa, double halfWidthMw, double nmPerMw) {
        onPeak(peakMa, halfWidthMw, nmPerMw);
        this.base = peakPowerMw;
        gear(true);
        this.stirred = false;
        this.quietPairs = 0;
        this.sign = 1;
        this.lowTicks = 0;
        return base + a;
    }

    /** Lock on the red slope where the ring's own line gives {@code fraction} of its peak (modulators; {@link #onSlope}). */
    @Override
    public double lockSlope(double peakPowerMw, double peakMa, double backgroundMa, double halfWidthMw, double fraction,
                            double nmPerMw) {
        onSlope(peakMa, backgroundMa, halfWidthMw, fraction, nmPerMw);
        this.base = peakPowerMw + x0;
        double u = x0 / h;
        this.k = GAIN * h / (2 * u * fraction * fraction);
        this.lowTicks = 0;
        this.coarse = true;
        this.stirred = false;
        this.quietPairs = 0;
        this.smoothedH = 0;
        return base;
    }

    /**
     * One tick: {@code pdMa} is the monitor reading taken with the command of the previous tick.
     * Returns this tick's heater command in mW.
     */
    public double update(double pdMa) {
        if (slope) {
            double e = (pdMa - levelMa) / peakMa;
            if (pdMa >= LOST_FRACTION * levelMa) {
                holdOrFollow(e);
            }
            lastError = e;
            // Offset from the operating point from the local slope: dx = e / slope = -e h / (2 u f^2).
            detuningPm = -e * h / (2 * (x0 / h) * fraction * fraction) * nmPerMw * 1000;
            watch(pdMa, levelMa);
            return base;
        }
        if (sign > 0) {
            pdPlus = pdMa;
        } else {
            double e = (pdPlus - pdMa) / peakMa;
            if (Math.min(pdPlus, pdMa) >= LOST_FRACTION * peakMa) {
                base += coarse ? limit(k * e) : limit(k * e, FINE_MAX_STEP_FRACTION * h);
            }
            lastError = e;
            // Near the peak e = -4 a x / h^2: the offset x (mW) below the peak is the resonance blue of the line.
            double x = -e * h * h / (4 * a);
            detuningPm = x * nmPerMw * 1000;
            shiftGear(x / h);
        }
        watch(pdMa, peakMa);
        sign = -sign;
        return base + sign * a;
    }

    /**
     * A modulator's level lock. Moving (from lock, when stirred, or when its smoothed offset passes
     * {@link #HOLD_RELEASE_HALF_WIDTHS}): an integral step every tick. Held (after {@link #QUIET_PAIRS}
     * pairs' worth of quiet ticks): the command stays on its DAC code until the smoothed offset passes
     * {@link #HOLD_BAND_HALF_WIDTHS}, then moves by that offset at once.
     */
    private void holdOrFollow(double e) {
        double offsetH = -e / (2 * (x0 / h) * fraction * fraction); // held minus lock point, half widths
        smoothedH += HOLD_SMOOTHING * (offsetH - smoothedH);
        if (stirred || Math.abs(smoothedH) > HOLD_RELEASE_HALF_WIDTHS) {
            stirred = false;
            coarse = true;
            quietPairs = 0;
        }
        if (coarse) {
            base += limit(k * e);
            quietPairs = Math.abs(smoothedH) < HOLD_BAND_HALF_WIDTHS ? quietPairs + 1 : 0;
            if (quietPairs >= 2 * QUIET_PAIRS) {
                coarse = false;
                smoothedH = 0;
                sinceJump = HOLD_JUMP_TICKS;
            }
        } else {
            sinceJump++;
            if (Math.abs(smoothedH) > HOLD_BAND_HALF_WIDTHS) {
                base -= smoothedH * h;
                smoothedH = 0;
                if (sinceJump < HOLD_JUMP_TICKS) {
                    coarse = true; // jumping again so soon: a ramp, followed every tick
                    quietPairs = 0;
                }
                sinceJump = 0;
            }
        }
    }


    /** {@link Tracker}: the dither lock-in runs every tick, so the held power is its own last command. */
    @Override
    public double update(double pdMa, double heldMw) {
        return update(pdMa);
    }

    /**
     * End of a pair: the next one is coarse if something moved meanwhile or this pair's offset
     * estimate ({@code offsetH}, in half widths) was large; fine after {@link #QUIET_PAIRS} quiet ones.
     */
    private void shiftGear(double xH) {
        double offsetH = Math.abs(xH);
        boolean up;
        if (coarse) {
            up = offsetH > SHIFT_UP_HALF_WIDTHS;
        } else {
            smoothedH += SMOOTHING * (xH - smoothedH);
            up = offsetH > FINE_JUMP_HALF_WIDTHS || Math.abs(smoothedH) > FINE_SHIFT_UP_HALF_WIDTHS;
        }
        if (stirred || up) {
            stirred = false;
            quietPairs = 0;
            gear(true);
        } else if (coarse) {
            quietPairs = offsetH < QUIET_HALF_WIDTHS ? quietPairs + 1 : 0;
            if (quietPairs >= QUIET_PAIRS) {
                gear(false);
            }
        }
    }

    private void gear(boolean toCoarse) {
        coarse = toCoarse;
        smoothedH = 0;
        a = (toCoarse ? COARSE_DITHER_FRACTION : FINE_DITHER_FRACTION) * h;
        k = (toCoarse ? GAIN : fineGain) * h * h / (4 * a);
    }

    /** {@link Tracker}: with the die announced, the fine gear integrates longer; effective at the next shift down. */
    @Override
    public void dieAnnounced(boolean announced) {
        fineGain = announced ? ANNOUNCED_FINE_GAIN : FINE_GAIN;
    }

    /**
     * The ring or its light is moving (it or a ring on its light path is acquiring or being probed,
     * a neighbour's heater stepped, the die is changing): a filter's next dither pair is coarse, and
     * the quiet count starts over. Takes effect at the end of the running pair, so both halves of a
     * pair always have the same amplitude.
     */
    @Override
    public void stir() {
        stirred = true;
        quietPairs = 0;
    }

    /** Whether a filter dithers in the coarse gear now (always false for a modulator, which does not dither). */
    public boolean coarse() {
        return !slope && coarse;
    }

    private double limit(double step) {
        return limit(step, MAX_STEP_FRACTION * h);
    }

    private static double limit(double step, double max) {
        return step > max ? max : (step < -max ? -max : step);
    }

    private void watch(double pdMa, double expectedMa) {
        lowTicks = pdMa < LOST_FRACTION * expectedMa ? lowTicks + 1 : 0;
    }

    /**
     * Moves the operating point by {@code deltaMw} at once: crosstalk feed-forward when a neighbour's
     * heater steps. Returns the command for this tick.
     */
    public double shift(double deltaMw) {
        base += deltaMw;
        return command();
    }

    /** This tick's heater command: the operating point plus the current dither half-cycle. */
    public double command() {
        return slope ? base : base + sign * a;
    }

    public boolean lost() {
        return lowTicks >= LOST_TICKS;
    }

    /** Heater power at the operating point (without dither), mW. */
    public double basePowerMw() {
        return base;
    }

    /** Firmware estimate of resonance minus lock target, pm. */
    public double detuningPm() {
        return detuningPm;
    }

    public double lastError() {
        return lastError;
    }
}
