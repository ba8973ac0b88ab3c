package org.lightkeeper.firmware.laser;

/**
 * Laser power and bias supervision for one lane (DESIGN.md section 3), pure logic stepped from the
 * ELS loop with fresh monitor readings, allocation-free.
 *
 * <p>In APC the module holds the power itself: this only watches. In ACC the module holds the bias
 * setpoint and this closes the power loop: bias += gain * (P_set - P) / slope, the slope (W/A) learnt
 * from the lane's own readings, each step limited and the bias never set past the end-of-life limit.
 *
 * <p>Ageing (Telcordia GR-468 style: operating current rises about 20 % over life) is watched against
 * the bias learnt at beginning of life, the first settled reading at the setpoint: an AGEING warning
 * at {@link #AGEING_WARN_RISE} (well before the {@link #EOL_RISE} end-of-life limit), POWER_NOT_HELD
 * when the power stays below {@link #HELD_FRACTION} of the setpoint.
 */
public final class LanePowerLoop {
    /** Bias rise over beginning of life at which a lane is called end of life (+20 %). */
    public static final double EOL_RISE = 0.20;
    /** Bias rise at which the ageing warning is raised: three quarters of the way to end of life. */
    public static final double AGEING_WARN_RISE = 0.15;
    /** Below this share of the setpoint the power is not held. */
    public static final double HELD_FRACTION = 0.9;
    /** Updates in a row a condition must persist before it is reported (no flapping on one reading). */
    static final int PERSIST = 3;
    /** Fraction of the power error corrected per update (ACC). */
    static final double GAIN = 0.5;
    /** Largest bias step per update, mA. */
    static final double MAX_STEP_MA = 2.0;
    /** Slope assumed until learnt (W/A), typical DFB 0.2-0.4 (DESIGN.md section 2). */
    static final double DEFAULT_SLOPE = 0.3;

    private double bolBiasMa = Double.NaN;
    private double slope = DEFAULT_SLOPE;
    private double lastBias = Double.NaN;
    private double lastPower = Double.NaN;
    private int ageingCount;
    private int weakCount;
    private LaneHealth health = LaneHealth.UNKNOWN;

    /** Forget everything (a new module, or the lane went dark). */
    public void reset() {
        bolBiasMa = Double.NaN;
        slope = DEFAULT_SLOPE;
        lastBias = Double.NaN;
        lastPower = Double.NaN;
        ageingCount = 0;
        weakCount = 0;
        health = LaneHealth.UNKNOWN;
    }

    /** Beginning-of-life bias, from calibration, when known from an earlier run. */
    public void setBeginningOfLifeBias(double mA) {
        if (mA > 0) {
            bolBiasMa = mA;
        }
    }

    /**
     * The power setpoint moves from {@code fromMw} to {@code toMw}: the beginning-of-life bias is carried
     * to the new setpoint along the L-I slope (bias = I_th + P / slope), so ageing is still judged at the
     * same operating point rather than mistaken for (or hidden by) the change.
     */
    public void setpointChanged(double fromMw, double toMw) {
        if (!Double.isNaN(bolBiasMa) && fromMw > 0 && toMw > 0) {
            bolBiasMa = Math.max(0, bolBiasMa + (toMw - fromMw) / slope);
        }
    }

    public double beginningOfLifeBiasMa() {
        return bolBiasMa;
    }

    public double endOfLifeBiasMa() {
        return bolBiasMa * (1 + EOL_RISE);
    }

    /**
     * One update with fresh monitors of a lit lane.
     *
     * @return the bias setpoint to write in ACC (NaN: leave it), always NaN in APC
     */
    public double update(boolean acc, double setpointMw, double powerMw, double biasMa) {
        if (Double.isNaN(bolBiasMa) && powerMw >= HELD_FRACTION * setpointMw && biasMa > 0) {
            bolBiasMa = biasMa;
        }
        if (!Double.isNaN(lastBias) && Math.abs(biasMa - lastBias) > 0.5 && powerMw > lastPower) {
            double s = (powerMw - lastPower) / (biasMa - lastBias); // mW/mA = W/A
            if (s > 0.05 && s < 2) {
                slope = 0.7 * slope + 0.3 * s;
            }
        }
        lastBias = biasMa;
        lastPower = powerMw;
        weakCount = powerMw < HELD_FRACTION * setpointMw ? weakCount + 1 : 0;
        ageingCount = !Double.isNaN(bolBiasMa) && biasMa > bolBiasMa * (1 + AGEING_WARN_RISE) ? ageingCount + 1 : 0;
        health = weakCount >= PERSIST ? LaneHealth.POWER_NOT_HELD
                : ageingCount >= PERSIST ? LaneHealth.AGEING
                : Double.isNaN(bolBiasMa) ? LaneHealth.UNKNOWN : LaneHealth.OK;
        if (!acc) {
            return Double.NaN;
        }
        double step = GAIN * (setpointMw - powerMw) / slope;
        step = Math.max(-MAX_STEP_MA, Math.min(MAX_STEP_MA, step));
        double next = biasMa + step;
        double limit = Double.isNaN(bolBiasMa) ? Double.MAX_VALUE : endOfLifeBiasMa();
        return Math.max(0, Math.min(next, limit));
    }

    public LaneHealth health() {
        return health;
    }
}
