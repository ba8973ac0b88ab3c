package org.lightkeeper.firmware.ring;

/**
 * Keeps one locked ring on its line, one update per fast-loop tick, allocation-free.
 *
 * <p>Filters sit on the peak: a square dither of +-a on the heater (a = h/128, about 1 pm of
 * detuning), the monitor demodulated over each +/- pair (lock-in), and an integral step on the
 * heater power: e = (I+ - I-) / I_peak, and near the peak e ~ -4 a x / h^2 for an offset x (mW) and
 * Lorentzian half width h (mW), so a step of k = g h^2 / (4 a) takes out a fraction g of the offset
 * per pair. The peak level is followed slowly from the pair mean, so a slow fall of the light
 * rescales what "lost" means while a sudden loss still reads as one.
 *
 * <p>Modulators sit on the red slope where the monitor reads a fraction f of its peak (the
 * operating point, DESIGN.md section 3), at x0 = h sqrt(1/f - 1): the error is the level
 * (I - f I_peak) / I_peak, whose slope there is -2 (x0/h) f^2 / h. They do not dither: a modulator's
 * dither would reach the receive filters downstream as light modulated in step with their lock-in.
 *
 * <p>Light, not detuning: a sample that differs from the previous one of the same half-cycle by more
 * than {@link #JUMP_FRACTION}, after the change the heater's own move explains (the Lorentzian's
 * slope times the move), is the laser power changing: the die and the loop cannot move a resonance
 * that far in a millisecond, and neighbours' steps are fed forward. The peak estimate and the stored
 * samples are rescaled by it, so a modulator holds its operating point instead of walking along its
 * slope, and a filter's lock-in is not kicked by a pair straddling the step. A drift of the light
 * slower than that still reads as detuning to a modulator: at f = 0.5 level and slope change alike
 * with power and with offset (slope/level is stationary there), so a dither could not tell them apart
 * either; that needs a reference for the light (the ELS's lane monitor), not built yet.
 */
public final class RingTracker {
    /** Fraction of the offset removed per update (loop gain). */
    static final double GAIN = 0.3;
    /** Dither amplitude as a fraction of the half width: about 1 pm of detuning, PD loss (1/128)^2. */
    static final double DITHER_FRACTION = 1.0 / 128;
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
    /**
     * Unexplained change of a monitor sample, relative, above which it is taken as the light changing:
     * a 10 K/s die ramp moves a modulator's level about 0.5 % per millisecond, a locked neighbour's
     * largest step (h/4, 10 % crosstalk) 2.5 %.
     */
    static final double JUMP_FRACTION = 0.05;
    /**
     * The jump test is made only when the heater moved less than this fraction of the half width
     * since the compared sample: over larger moves (pull-in after a lock) the linear prediction from
     * the slope is not good to a few per cent, and a misread detuning would corrupt the peak estimate.
     */
    static final double STEADY_MOVE_FRACTION = 1.0 / 16;
    /** Share of the pair mean a filter's peak estimate takes per pair: follows the light over ~30 ms. */
    static final double LEVEL_TRACKING = 1.0 / 64;

    private boolean slope;
    private double base;
    private double peakMa;
    private double h;
    private double nmPerMw;
    private double fraction;
    private double x0;
    private double k;
    private double a;
    private int sign = 1;
    /** Operating point the last command was issued at (the sample read now was taken there). */
    private double commandBase;
    private double plusMa;
    private double minusMa;
    private double plusAt;
    private double minusAt;
    private boolean havePlus;
    private boolean haveMinus;
    /** Samples still to come before the jump test may compare again (after a feed-forward shift). */
    private int jumpBlindTicks;
    private double lastError;
    private int lowTicks;
    private double detuningPm;

    /** Lock on the peak (filters). {@code halfWidthMw} is the Lorentzian half width in heater power. */
    public double lockPeak(double peakPowerMw, double peakMa, double halfWidthMw, double nmPerMw) {
        start(false, peakPowerMw, peakMa, halfWidthMw, nmPerMw);
        this.k = GAIN * h * h / (4 * a);
        return command();
    }

    /** Lock on the red slope at {@code fraction} of the peak (modulators). */
    public double lockSlope(double peakPowerMw, double peakMa, double halfWidthMw, double fraction, double nmPerMw) {
        double offset = halfWidthMw * Math.sqrt(1 / fraction - 1);
        start(true, peakPowerMw + offset, peakMa, halfWidthMw, nmPerMw);
        this.fraction = fraction;
        this.x0 = offset;
        double u = x0 / h;
        this.k = GAIN * h / (2 * u * fraction * fraction);
        return command();
    }

    private void start(boolean slope, double base, double peakMa, double halfWidthMw, double nmPerMw) {
        this.slope = slope;
        this.base = base;
        this.peakMa = peakMa;
        this.h = halfWidthMw;
        this.nmPerMw = nmPerMw;
        // Modulators do not dither: their level lock needs none, and their dither would reach the
        // receive filters downstream as light modulation in step with the filters' own lock-in.
        this.a = slope ? 0 : DITHER_FRACTION * h;
        this.sign = 1;
        this.lowTicks = 0;
        this.havePlus = false;
        this.haveMinus = false;
        this.jumpBlindTicks = 0;
    }

    /**
     * Warm restart: resumes tracking the peak of a ring whose heater already holds {@code heaterMw} and
     * whose monitor reads {@code levelMa} there. The heater is the previous process's operating point
     * plus or minus its dither, so the first command is {@code heaterMw} itself (nothing moves) and
     * the loop takes out the remaining half-dither offset.
     */
    public double resumePeak(double heaterMw, double levelMa, double halfWidthMw, double nmPerMw) {
        return lockPeak(heaterMw - DITHER_FRACTION * halfWidthMw, levelMa, halfWidthMw, nmPerMw);
    }

    /**
     * Warm restart on the slope: the operating point is where the heater is (the first command is
     * {@code heaterMw}); the peak level is inferred from the level there.
     */
    public double resumeSlope(double heaterMw, double levelMa, double halfWidthMw, double fraction, double nmPerMw) {
        double offset = halfWidthMw * Math.sqrt(1 / fraction - 1);
        return lockSlope(heaterMw - offset, levelMa / fraction, halfWidthMw, fraction, nmPerMw);
    }

    /**
     * One tick: {@code pdMa} is the monitor reading taken with the command of the previous tick.
     * Returns this tick's heater command in mW.
     */
    public double update(double pdMa) {
        double expected = slope ? fraction * peakMa : peakMa;
        takeLightChange(pdMa, expected);
        if (sign > 0) {
            plusMa = pdMa;
            plusAt = commandBase;
            havePlus = true;
        } else {
            minusMa = pdMa;
            minusAt = commandBase;
            haveMinus = true;
        }
        if (slope) {
            trackSlope(pdMa);
        } else if (havePlus && haveMinus && sign < 0) {
            trackPeak();
        }
        watch(pdMa, slope ? fraction * peakMa : peakMa);
        sign = -sign;
        return command();
    }

    /**
     * Compares this sample with the last one of the same half-cycle, corrected for the heater's own
     * move since; a large unexplained change that still leaves light is the laser power changing.
     */
    private void takeLightChange(double pdMa, double expectedMa) {
        boolean have = sign > 0 ? havePlus : haveMinus;
        if (jumpBlindTicks > 0) {
            jumpBlindTicks--;
            return;
        }
        if (!have) {
            return;
        }
        double was = sign > 0 ? plusMa : minusMa;
        double at = sign > 0 ? plusAt : minusAt;
        // The Lorentzian's slope at the operating point: -2 u f^2 I_peak / h on a modulator's flank, none
        // on a filter's peak (over the moves allowed here the peak's curvature changes it < 0.4 %).
        double slopeNow = slope ? -2 * (x0 / h) * fraction * fraction * peakMa / h : 0;
        double predicted = was + slopeNow * (commandBase - at);
        // Only from a steady lock (the compared sample at its expected level): a lane ramping up after
        // a dark spell is the light coming back to the level the estimate already holds.
        if (Math.abs(was / expectedMa - 1) > 2 * JUMP_FRACTION || predicted <= 0
                || Math.abs(commandBase - at) > STEADY_MOVE_FRACTION * h) {
            return;
        }
        double ratio = pdMa / predicted;
        if (Math.abs(ratio - 1) > JUMP_FRACTION && pdMa >= LOST_FRACTION * expectedMa) {
            peakMa *= ratio;
            plusMa *= ratio;
            minusMa *= ratio;
        }
    }

    private void trackSlope(double pdMa) {
        double e = (pdMa - fraction * peakMa) / peakMa;
        if (pdMa >= LOST_FRACTION * fraction * peakMa) {
            base += limit(k * e);
        }
        lastError = e;
        // Offset from the operating point from the local slope: dx = e / slope = -e h / (2 u f^2).
        detuningPm = -e * h / (2 * (x0 / h) * fraction * fraction) * nmPerMw * 1000;
    }

    private void trackPeak() {
        double e = (plusMa - minusMa) / peakMa;
        if (Math.min(plusMa, minusMa) >= LOST_FRACTION * peakMa) {
            base += limit(k * e);
            // Near the peak the pair mean is the peak to second order in the offset.
            peakMa += LEVEL_TRACKING * (0.5 * (plusMa + minusMa) - peakMa);
        }
        lastError = e;
        // Near the peak e = -4 a x / h^2: the offset x (mW) below the peak is the resonance blue of the line.
        detuningPm = -e * h * h / (4 * a) * nmPerMw * 1000;
    }

    private double limit(double step) {
        double max = MAX_STEP_FRACTION * h;
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
        plusAt += deltaMw;
        minusAt += deltaMw;
        if (deltaMw != 0) {
            // The feed-forward's coupling is an estimate: what it leaves over is detuning, not light, so
            // the samples taken before it are not compared with the next ones.
            jumpBlindTicks = 2;
        }
        return command();
    }

    /** This tick's heater command: the operating point plus the current dither half-cycle. */
    public double command() {
        commandBase = base;
        return base + sign * a;
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

    /** Estimated peak monitor level of the resonance with the light the ring gets now, mA. */
    public double peakMa() {
        return peakMa;
    }

    /** Lorentzian half width of the tracked resonance in heater power, mW. */
    public double halfWidthMw() {
        return h;
    }
}
