package org.lightkeeper.firmware.ring;

/**
 * What both trackers hold of the line they keep a ring on, set when they lock and read by every
 * update: a Lorentzian of half width {@link #h} (mW of heater) whose own height is {@link #peakMa}, and
 * where on it the ring sits: on the peak (filters) or on the red slope where the line gives a fraction
 * f of its height (modulators), x0 = h sqrt(1/f - 1) above the peak. {@link RingTracker} and
 * {@link GradientTracker} differ in how they follow the line, not in this; each keeps its own state
 * of the following. Plain fields, no allocation.
 */
abstract class LorentzianLock implements Tracker {
    /** On the red slope (a modulator's level lock), not on the peak. */
    boolean slope;
    /** The ring's own line at its peak, mA: on the slope, above the other lines' tails under it. */
    double peakMa;
    /** Lorentzian half width in heater power, mW. */
    double h;
    /** The ring's heater efficiency, nm/mW (detuning in pm). */
    double nmPerMw;
    /** On the slope: the fraction f of its own line's height the ring is held at. */
    double fraction;
    /** On the slope: the level aimed at, f (peak - B) + B with B the other lines' tails under the line, mA. */
    double levelMa;
    /** On the slope: the lock point above the peak in half widths, u0 = sqrt(1/f - 1). */
    double u0;
    /** On the slope: the lock point above the peak, x0 = h u0, mW. */
    double x0;

    /** The line's peak, for {@link #lockPeak}. */
    final void onPeak(double peakMa, double halfWidthMw, double nmPerMw) {
        this.slope = false;
        this.peakMa = peakMa;
        this.h = halfWidthMw;
        this.nmPerMw = nmPerMw;
    }

    /**
     * The red slope at {@code fraction} of the line's own height, for {@link #lockSlope}: {@code peakMa}
     * is what the monitor reads at the peak, {@code backgroundMa} the part of it that is the other lines'
     * tails ({@link Peak#backgroundMa}), so the level aimed at is f (peak - B) + B, not f x peak, which
     * would sit (1 - f) B low, further out on the slope. The lock point is then {@link #x0} above the peak.
     */
    final void onSlope(double peakMa, double backgroundMa, double halfWidthMw, double fraction, double nmPerMw) {
        this.slope = true;
        this.peakMa = peakMa - backgroundMa;
        this.levelMa = fraction * this.peakMa + backgroundMa;
        this.h = halfWidthMw;
        this.nmPerMw = nmPerMw;
        this.fraction = fraction;
        this.u0 = Math.sqrt(1 / fraction - 1);
        this.x0 = h * u0;
    }

    /**
     * Warm restart on the peak: the heater holds the previous process's operating point plus or minus
     * its perturbation (at most the coarse one, h/32, in either tracker), so the first command is
     * {@code heaterMw} itself (nothing moves), and the tracker takes out the remaining offset.
     */
    @Override
    public final double resumePeak(double heaterMw, double levelMa, double halfWidthMw, double nmPerMw) {
        lockPeak(heaterMw - RingTracker.COARSE_DITHER_FRACTION * halfWidthMw, levelMa, halfWidthMw, nmPerMw);
        return command();
    }

    /** Warm restart on the slope: the operating point is where the heater is; the peak level is inferred. */
    @Override
    public final double resumeSlope(double heaterMw, double levelMa, double halfWidthMw, double fraction, double nmPerMw) {
        double offset = halfWidthMw * Math.sqrt(1 / fraction - 1);
        return lockSlope(heaterMw - offset, levelMa / fraction, halfWidthMw, fraction, nmPerMw);
    }

    @Override
    public final double peakMa() {
        return peakMa;
    }

    /** Lorentzian half width of the tracked resonance in heater power, mW. */
    @Override
    public final double halfWidthMw() {
        return h;
    }
}
