package org.lightkeeper.firmware.ring;

/**
 * Keeps one locked ring on its line when it is serviced only every few ticks (round robin over the
 * engine's rings, {@link TrackingSchedule}): perturb-and-observe on the heater, with a drift
 * estimate, allocation-free. DESIGN.md section 3's "gradient/peak tracking where the bus is too slow
 * for dither"; docs/control.md "Gradient tracking" has the figures.
 *
 * <p>Each update gets one monitor reading and the heater power that was applied while it was taken
 * (the previous update's command, after clamping and quantisation). The operating point is an
 * estimate x of where the lock point is, and v of how far it moves per update (a die ramp), an
 * alpha-beta filter: predict x + v, correct by a fraction {@link #ALPHA} of the residual, move v by
 * {@link #BETA} of it. The command is x + v/2 (the middle of the interval it is held for), plus the
 * perturbation for filters.
 *
 * <ul>
 *   <li>Filters (on the peak): the command alternates +-a about the operating point. The secant of the
 *       last two readings, taken at different heater powers, is the Lorentzian's slope at their
 *       midpoint m, L'(m) = -2 I_peak (m - p) / h^2 near the peak p; so p = m + g h^2 / (2 I_peak), with
 *       g = dI / (dP - v - s): the peak's own move between the readings (the drift v, and s, what was fed
 *       forward meanwhile) taken out of the power step.
 *       That estimate is of the peak midway between the two readings: v/2 brings it to now.</li>
 *   <li>Modulators (on the red slope at a fraction f of the peak): no perturbation, the level lock of
 *       {@link RingTracker}: the lock point is the held power plus (I - f I_peak) h / (2 u f^2 I_peak),
 *       u = x0 / h.</li>
 * </ul>
 *
 * <p>Loss detection and the step limit are {@link RingTracker}'s, counted in updates: a reading under
 * {@link RingTracker#LOST_FRACTION} of the expected level holds the operating point (neither the
 * estimate nor the drift moves), {@link RingTracker#LOST_TICKS} such updates in a row make the ring
 * lost; no update moves the operating point by more than {@link RingTracker#MAX_STEP_FRACTION} of the
 * half width.
 */
public final class GradientTracker extends LorentzianLock {
    /** Fraction of the residual taken per update: {@link RingTracker#GAIN}, the dither loop's gain. */
    static final double ALPHA = RingTracker.GAIN;
    /**
     * Fraction of the residual added to the drift per update: the Benedict-Bordner relation
     * beta = alpha^2 / (2 - alpha) (Benedict and Bordner, IRE Trans. Automatic Control, 1962), the
     * alpha-beta filter's usual compromise between noise and lag; 0.053 for alpha 0.3. Without it
     * (a plain integral step) a ramp of r mW per update leaves a lag of r / alpha.
     */
    static final double BETA = ALPHA * ALPHA / (2 - ALPHA);
    /**
     * Perturbation as a fraction of the half width while anything moves (the coarse gear): the dither
     * lock-in's coarse gear, h/32. Smaller at all times lost the slow-bus ramp (GradientTrackingTest,
     * SPI at 1 MHz, worst ring 35 pm at h/64, 107 pm at h/128).
     */
    static final double PERTURB_FRACTION = RingTracker.COARSE_DITHER_FRACTION;
    /**
     * Perturbation once quiet (the fine gear): the dither lock-in's fine gear, h/128. The ring's excursion
     * about its peak is the perturbation itself, a quarter of the coarse gear's; the secant's noise grows
     * four times, which {@link #FINE_ALPHA} averages.
     */
    static final double FINE_PERTURB_FRACTION = RingTracker.FINE_DITHER_FRACTION;
    /**
     * Fraction of the residual taken per update in the fine gear: a third of {@link #ALPHA}, so the
     * four-times noisier secant (noise ~0.05 % of the peak on the devkit, h^2/(4 a) per unit slope) leaves
     * the operating point about as still as the coarse gear's; the drift term follows Benedict-Bordner.
     */
    static final double FINE_ALPHA = 0.1;
    static final double FINE_BETA = FINE_ALPHA * FINE_ALPHA / (2 - FINE_ALPHA);
    /**
     * Updates in a row whose residual is under {@link RingTracker#QUIET_HALF_WIDTHS} of the half width,
     * with the learnt drift under {@link #QUIET_DRIFT_HALF_WIDTHS}, before the fine gear: as the dither's
     * {@link RingTracker#QUIET_PAIRS}.
     */
    static final int QUIET_UPDATES = RingTracker.QUIET_PAIRS;
    /**
     * Drift per update under which a ring may count as quiet: h/256, a tenth of the slow-bus ramp's
     * (10 K/s serviced every 4 ms is h/55 an update) and about the shipped devkit's at 2 kHz (h/440):
     * that ramp the fine gear rides, its alpha-beta filter still learning the drift.
     */
    static final double QUIET_DRIFT_HALF_WIDTHS = 1.0 / 256;
    /** One residual beyond this fraction of the half width shifts back to the coarse gear: the dither's h/8. */
    static final double FINE_SHIFT_UP_HALF_WIDTHS = RingTracker.FINE_SHIFT_UP_HALF_WIDTHS;
    /**
     * A secant across less than this fraction of the perturbation step (2a) says nothing: the peak's own
     * move cancelled the heater step (a drift of about 2a per update) or the heater was clamped.
     */
    static final double MIN_SECANT_FRACTION = 0.25;

    private double x;           // estimated lock point now, mW
    private double v;           // its move per update, mW
    private double base;        // operating point commanded for the coming interval, mW
    private double a;
    private int sign = 1;
    private boolean havePrevious;
    private double prevPd;
    private double prevHeld;
    /** Moves fed forward since the last update ({@link #shift}): the peak's known move between two readings, mW. */
    private double known;
    private int lowTicks;
    /** In the fine gear (filters only): perturbation {@link #FINE_PERTURB_FRACTION}, gain {@link #FINE_ALPHA}. */
    private boolean fine;
    private int quietUpdates;
    private double detuningPm;
    private double lastError;

    @Override
    public double lockPeak(double peakPowerMw, double peakMa, double halfWidthMw, double nmPerMw) {
        onPeak(peakMa, halfWidthMw, nmPerMw);
        this.a = PERTURB_FRACTION * h;
        start(peakPowerMw);
        return command();
    }

    /** As {@link RingTracker}: the level aimed at is f (peak - B) + B, B the other lines' tails under the line. */
    @Override
    public double lockSlope(double peakPowerMw, double peakMa, double backgroundMa, double halfWidthMw, double fraction,
                            double nmPerMw) {
        onSlope(peakMa, backgroundMa, halfWidthMw, fraction, nmPerMw);
        this.a = 0;
        start(peakPowerMw + x0);
        return command();
    }

    private void start(double at) {
        fine = false;
        quietUpdates = 0;
        x = at;
        v = 0;
        base = at;
        sign = 1;
        havePrevious = false;
        known = 0;
        lowTicks = 0;
        detuningPm = 0;
        lastError = 0;
    }

    @Override
    public double update(double pdMa, double heldMw) {
        double expected = slope ? levelMa : peakMa;
        boolean dark = pdMa < RingTracker.LOST_FRACTION * expected
                || (!slope && havePrevious && prevPd < RingTracker.LOST_FRACTION * expected);
        lowTicks = pdMa < RingTracker.LOST_FRACTION * expected ? lowTicks + 1 : 0;
        double z = Double.NaN; // lock point measured now, mW
        if (slope) {
            double e = (pdMa - expected) / peakMa;
            lastError = e;
            double offset = -e * h / (2 * u0 * fraction * fraction); // held minus lock point, mW
            detuningPm = offset * nmPerMw * 1000;
            z = heldMw - offset;
        } else if (havePrevious) {
            double step = heldMw - prevHeld - v - known;
            if (Math.abs(step) >= MIN_SECANT_FRACTION * 2 * a) {
                double g = (pdMa - prevPd) / step;
                double m = (heldMw + prevHeld) / 2;
                double toPeak = g * h * h / (2 * peakMa);
                lastError = -toPeak * 4 * a / (h * h); // RingTracker's lock-in error for the same offset
                detuningPm = -toPeak * nmPerMw * 1000;
                z = m + toPeak + (v + known) / 2; // the peak midway between the readings, brought to now
            }
        }
        havePrevious = true;
        known = 0;
        prevPd = pdMa;
        prevHeld = heldMw;
        if (!dark) {
            double predicted = x + v;
            double move = v;
            if (!Double.isNaN(z)) {
                double r = z - predicted;
                move += (fine ? FINE_ALPHA : ALPHA) * r;
                v += (fine ? FINE_BETA : BETA) * r;
                if (!slope) {
                    gear(r);
                }
            }
            double max = RingTracker.MAX_STEP_FRACTION * h;
            v = v > max ? max : (v < -max ? -max : v);
            x += move > max ? max : (move < -max ? -max : move);
            double step = x + v / 2 - base;
            base += step > max ? max : (step < -max ? -max : step);
        }
        sign = -sign;
        return command();
    }

    /**
     * A filter's gear, from this update's residual: back to coarse at once on a large one; fine after
     * {@link #QUIET_UPDATES} small ones with little drift learnt.
     */
    private void gear(double r) {
        if (fine) {
            if (Math.abs(r) > FINE_SHIFT_UP_HALF_WIDTHS * h) {
                coarse();
            }
            return;
        }
        boolean quiet = Math.abs(r) < RingTracker.QUIET_HALF_WIDTHS * h && Math.abs(v) < QUIET_DRIFT_HALF_WIDTHS * h;
        quietUpdates = quiet ? quietUpdates + 1 : 0;
        if (quietUpdates >= QUIET_UPDATES) {
            fine = true;
            a = FINE_PERTURB_FRACTION * h;
        }
    }

    private void coarse() {
        fine = false;
        quietUpdates = 0;
        a = slope ? 0 : PERTURB_FRACTION * h;
    }

    /** The ring or its light is moving (acquisition, the coupling measurement, the die): the coarse gear. */
    @Override
    public void stir() {
        coarse();
    }

    /**
     * The peak is taken to have moved by {@code deltaMw} (a neighbour's heater step through the coupling,
     * or the die): the operating point moves with it, and the next secant takes that move out of the
     * power step between its readings, whether the heater was written at once or at the ring's next turn.
     */
    @Override
    public double shift(double deltaMw) {
        known += deltaMw;
        x += deltaMw;
        base += deltaMw;
        return command();
    }

    @Override
    public double command() {
        return slope ? base : base + sign * a;
    }

    @Override
    public boolean lost() {
        return lowTicks >= RingTracker.LOST_TICKS;
    }

    @Override
    public double basePowerMw() {
        return base;
    }

    @Override
    public double detuningPm() {
        return detuningPm;
    }

    @Override
    public double lastError() {
        return lastError;
    }

    /** Estimated move of the lock point per update, mW (the drift the alpha-beta filter has learnt). */
    public double driftMwPerUpdate() {
        return v;
    }
}
