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
public final class RingTracker implements Tracker {
    /** Fraction of the offset removed per update (loop gain). */
    static final double GAIN = 0.3;
    /** Dither amplitude as a fraction of the half width: PD loss about (1/32)^2, detuning excursion h/32. */
    static final double DITHER_FRACTION = 1.0 / 32;
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
    private double pdPlus;
    private double lastError;
    private int lowTicks;
    private double detuningPm;

    /** Lock on the peak (filters). {@code halfWidthMw} is the Lorentzian half width in heater power. */
    public double lockPeak(double peakPowerMw, double peakMa, double halfWidthMw, double nmPerMw) {
        this.slope = false;
        this.base = peakPowerMw;
        this.peakMa = peakMa;
        this.h = halfWidthMw;
        this.nmPerMw = nmPerMw;
        this.a = DITHER_FRACTION * h;
        this.k = GAIN * h * h / (4 * a);
        this.sign = 1;
        this.lowTicks = 0;
        return base + a;
    }

    /** Lock on the red slope at {@code fraction} of the peak (modulators). */
    public double lockSlope(double peakPowerMw, double peakMa, double halfWidthMw, double fraction, double nmPerMw) {
        this.slope = true;
        this.peakMa = peakMa;
        this.h = halfWidthMw;
        this.nmPerMw = nmPerMw;
        this.fraction = fraction;
        this.x0 = h * Math.sqrt(1 / fraction - 1);
        this.base = peakPowerMw + x0;
        double u = x0 / h;
        this.k = GAIN * h / (2 * u * fraction * fraction);
        this.lowTicks = 0;
        return base;
    }

    /**
     * Warm restart: resumes tracking the peak of a ring whose heater already holds {@code heaterMw} and
     * whose monitor reads {@code levelMa} there. The heater is the previous process's operating point
     * plus or minus its dither, so the first command is {@code heaterMw} itself (nothing moves) and
     * the loop takes out the remaining half-dither offset.
     */
    public double resumePeak(double heaterMw, double levelMa, double halfWidthMw, double nmPerMw) {
        lockPeak(heaterMw - DITHER_FRACTION * halfWidthMw, levelMa, halfWidthMw, nmPerMw);
        return command();
    }

    /** Warm restart on the slope: the operating point is where the heater is; the peak level is inferred. */
    public double resumeSlope(double heaterMw, double levelMa, double halfWidthMw, double fraction, double nmPerMw) {
        double offset = halfWidthMw * Math.sqrt(1 / fraction - 1);
        return lockSlope(heaterMw - offset, levelMa / fraction, halfWidthMw, fraction, nmPerMw);
    }

    /**
     * One tick: {@code pdMa} is the monitor reading taken with the command of the previous tick.
     * Returns this tick's heater command in mW.
     */
    public double update(double pdMa) {
        if (slope) {
            double e = (pdMa - fraction * peakMa) / peakMa;
            if (pdMa >= LOST_FRACTION * fraction * peakMa) {
                base += limit(k * e);
            }
            lastError = e;
            // Offset from the operating point from the local slope: dx = e / slope = -e h / (2 u f^2).
            detuningPm = -e * h / (2 * (x0 / h) * fraction * fraction) * nmPerMw * 1000;
            watch(pdMa, fraction * peakMa);
            return base;
        }
        if (sign > 0) {
            pdPlus = pdMa;
        } else {
            double e = (pdPlus - pdMa) / peakMa;
            if (Math.min(pdPlus, pdMa) >= LOST_FRACTION * peakMa) {
                base += limit(k * e);
            }
            lastError = e;
            // Near the peak e = -4 a x / h^2: the offset x (mW) below the peak is the resonance blue of the line.
            detuningPm = -e * h * h / (4 * a) * nmPerMw * 1000;
        }
        watch(pdMa, peakMa);
        sign = -sign;
        return base + sign * a;
    }

    /** {@link Tracker}: the dither lock-in runs every tick, so the held power is its own last command. */
    @Override
    public double update(double pdMa, double heldMw) {
        return update(pdMa);
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

    public double peakMa() {
        return peakMa;
    }

    /** Lorentzian half width of the tracked resonance in heater power, mW. */
    public double halfWidthMw() {
        return h;
    }
}
