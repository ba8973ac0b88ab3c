package org.lightkeeper.firmware.bench;

import java.util.SplittableRandom;
import org.lightkeeper.firmware.ring.Peak;

/**
 * One waveguide of rings against one laser comb, drawn from a seed exactly as the simulator's
 * {@code EnginePhysics} draws it (global offset first, then per ring in light order: local spread,
 * FSR spread, heater efficiency spread), with the calibration sweep modelled in closed form instead
 * of being run through the firmware.
 *
 * <p>Lockstep sweep: with every heater of the waveguide at power p, ring j's resonance moves by
 * {@code s_j p} where {@code s_j = eta_j + c (eta_{j-1} + eta_{j+1})} (the thermal network's steady
 * state: own heater plus the coupled share of each neighbour's). Ring j meets line l in resonance
 * order m where {@code lambda_l = lambda0_j + m fsr_j + s_j p}; the tuning reach is well under an
 * FSR, so at most one order per line is in reach.
 *
 * <p>Two views of that sweep: {@link #meetMw} is exact (ground truth); {@link #seenMw} is what the
 * firmware records, from the noise-free monitor trace sampled at the firmware's sweep step (one lane
 * lit, upstream rings taking their share of the light first) and reduced by the firmware's own
 * {@link Peak#find}. The arbiter under test gets {@link #seenMw}.
 */
public final class ArbitrationModel {
    /** Physical and firmware parameters of one run (defaults: devkit's physics and optics). */
    public record Config(
            int rings, int lines, double firstResonanceNm, double designSpacingNm, double combFirstGhz,
            double combSpacingGhz, double fsrNm, double fsrSpread, double localSpreadNm, double globalOffsetNm,
            double etaNmPerMw, double etaSpread, double coupling, double fwhmNm, double dropFraction,
            double lanePowerMw, double responsivityAPerW, double heaterMaxMw, double headroomMw,
            double topMarginMw, double sweepStepMw, double floorMa) {

        /** devkit physics (board file {@code physics:} and engine {@code optics:}), one waveguide of 8 rings, 200 GHz comb. */
        public static Config devkit8() {
            return new Config(8, 8, 1304.0, 1.14, 229_000, -200, 8.96, 0.01, 2.0, 15.0, 0.25, 0.10, 0.10, 0.25,
                    0.9, 20, 0.02, 20, 2.5, 0.5, 0.25, 0.002);
        }

        /**
         * 16 rings on a 16-line 100 GHz comb (0.57 nm design spacing): the comb spans one FSR, as the
         * 8-line 200 GHz comb does; otherwise devkit physics.
         */
        public static Config dense16() {
            return new Config(16, 16, 1304.0, 0.57, 229_000, -100, 8.96, 0.01, 2.0, 15.0, 0.25, 0.10, 0.10, 0.25,
                    0.9, 20, 0.02, 20, 2.5, 0.5, 0.25, 0.002);
        }

        public static Config forRings(int rings) {
            return switch (rings) {
                case 8 -> devkit8();
                case 16 -> dense16();
                default -> throw new IllegalArgumentException("engine sizes modelled: 8 or 16 rings, got " + rings);
            };
        }

        /** Highest heater power a lock may need: the clamp less the firmware's dither margin. */
        public double usableMw() {
            return heaterMaxMw - topMarginMw;
        }

        public int sweepSteps() {
            return (int) Math.floor(heaterMaxMw / sweepStepMw) + 1;
        }
    }

    private static final double C_NM_GHZ = 299_792.458; // c in nm * THz = nm * 1000 GHz

    final Config cfg;
    final double[] lineNm;        // wavelength order, ascending
    final double[] lambda0Nm;     // resonance at heater 0 (the drawn order), light order
    final double[] fsrNm;
    final double[] etaNmPerMw;
    final double[] lockstepNmPerMw;
    final double[][] meetMw;      // [ring][line]: exact lockstep power at which ring meets line, NaN out of reach
    final double[][] seenMw;      // [ring][line]: the firmware's peak, NaN if it found none

    private ArbitrationModel(Config cfg, double[] lineNm, double[] lambda0Nm, double[] fsrNm, double[] eta) {
        this.cfg = cfg;
        this.lineNm = lineNm;
        this.lambda0Nm = lambda0Nm;
        this.fsrNm = fsrNm;
        this.etaNmPerMw = eta;
        int r = cfg.rings();
        this.lockstepNmPerMw = new double[r];
        for (int j = 0; j < r; j++) {
            lockstepNmPerMw[j] = eta[j] + cfg.coupling() * ((j > 0 ? eta[j - 1] : 0) + (j + 1 < r ? eta[j + 1] : 0));
        }
        this.meetMw = new double[r][cfg.lines()];
        this.seenMw = new double[r][cfg.lines()];
        double reach = cfg.heaterMaxMw();
        for (int j = 0; j < r; j++) {
            for (int l = 0; l < cfg.lines(); l++) {
                double p = shiftNm(j, l) / lockstepNmPerMw[j];
                meetMw[j][l] = p <= reach ? p : Double.NaN;
            }
        }
        sweep();
    }

    /** Draws one engine from {@code seed} (same stream use as {@code EnginePhysics} on a one-waveguide engine). */
    public static ArbitrationModel draw(Config cfg, long seed) {
        SplittableRandom draw = new SplittableRandom(seed);
        double global = uniform(draw, cfg.globalOffsetNm());
        int r = cfg.rings();
        double[] lambda0 = new double[r];
        double[] fsr = new double[r];
        double[] eta = new double[r];
        for (int j = 0; j < r; j++) {
            lambda0[j] = cfg.firstResonanceNm() + j * cfg.designSpacingNm() + global + uniform(draw, cfg.localSpreadNm());
            fsr[j] = cfg.fsrNm() * (1 + uniform(draw, cfg.fsrSpread()));
            eta[j] = cfg.etaNmPerMw() * (1 + uniform(draw, cfg.etaSpread()));
        }
        return new ArbitrationModel(cfg, combNm(cfg), lambda0, fsr, eta);
    }

    private static double uniform(SplittableRandom r, double halfWidth) {
        return halfWidth == 0 ? 0 : (r.nextDouble() * 2 - 1) * halfWidth;
    }

    /** The comb's wavelengths, ascending (the firmware sorts lanes by wavelength before arbitrating). */
    static double[] combNm(Config cfg) {
        double[] nm = new double[cfg.lines()];
        for (int k = 0; k < nm.length; k++) {
            nm[k] = C_NM_GHZ * 1000 / (cfg.combFirstGhz() + k * cfg.combSpacingGhz());
        }
        java.util.Arrays.sort(nm);
        return nm;
    }

    /** Resonance order (relative to the drawn one) in which ring j meets line l when heated: the one within an FSR below it. */
    int order(int j, int l) {
        return (int) Math.floor((lineNm[l] - lambda0Nm[j]) / fsrNm[j]);
    }

    /** Red shift ring j needs to put that order on line l, in [0, FSR). */
    double shiftNm(int j, int l) {
        return lineNm[l] - lambda0Nm[j] - order(j, l) * fsrNm[j];
    }

    /**
     * Line l as ring j sees it through its own resonance order: {@code lambda_l - m fsr}, nominal FSR.
     * Rings keep the comb's order when these climb along the waveguide.
     */
    double designFrameNm(int j, int l) {
        return lineNm[l] - order(j, l) * cfg.fsrNm();
    }

    /** The calibration sweep as the firmware records it, one lane lit at a time. */
    private void sweep() {
        int r = cfg.rings();
        int n = cfg.sweepSteps();
        double[][] trace = new double[r][n];
        double[][] divided = new double[r][n];
        double twoOverFwhm = 2 / cfg.fwhmNm();
        int[] lightOrder = new int[r];
        for (int j = 0; j < r; j++) {
            lightOrder[j] = j;
        }
        for (int l = 0; l < cfg.lines(); l++) {
            for (int k = 0; k < n; k++) {
                double p = k * cfg.sweepStepMw();
                double light = cfg.lanePowerMw();
                for (int j = 0; j < r; j++) {
                    double x = (lineNm[l] - lambda0Nm[j] - lockstepNmPerMw[j] * p) / fsrNm[j];
                    double u = (x - Math.rint(x)) * fsrNm[j] * twoOverFwhm;
                    double taken = light * cfg.dropFraction() / (1 + u * u);
                    trace[j][k] = taken * cfg.responsivityAPerW();
                    light -= taken;
                }
            }
            Peak.unshadow(trace, divided, lightOrder, n);
            for (int j = 0; j < r; j++) {
                Peak pk = Peak.findUnshadowed(trace[j], divided[j], n, 0, cfg.sweepStepMw(), cfg.floorMa(), Peak.SWEEP_PROMINENCE);
                seenMw[j][l] = pk == null ? Double.NaN : pk.powerMw();
            }
        }
    }

    /**
     * Heater powers at which every served ring sits exactly on its line once crosstalk settles:
     * {@code eta_j P_j + c (eta_{j-1} P_{j-1} + eta_{j+1} P_{j+1}) = shift_j}, unserved rings cold
     * (the firmware parks a ring without a line at 0). Tridiagonal, solved directly.
     */
    double[] trueLockMw(int[] line) {
        int r = cfg.rings();
        double[] shift = new double[r];
        for (int j = 0; j < r; j++) {
            shift[j] = line[j] < 0 ? 0 : shiftNm(j, line[j]);
        }
        return settledMw(line, etaNmPerMw, cfg.coupling(), shift);
    }

    /**
     * Solves {@code eta_j P_j + c (eta_{j-1} P_{j-1} + eta_{j+1} P_{j+1}) = shift_j} for the served rings
     * ({@code line[j] >= 0}), the unserved held cold; NaN for those. Tridiagonal, solved directly (Thomas).
     */
    static double[] settledMw(int[] line, double[] eta, double c, double[] shift) {
        int r = line.length;
        double[] a = new double[r];
        double[] b = new double[r];
        double[] cc = new double[r];
        double[] d = new double[r];
        for (int j = 0; j < r; j++) {
            if (line[j] < 0) {
                b[j] = 1;
                continue;
            }
            a[j] = j > 0 && line[j - 1] >= 0 ? c * eta[j - 1] : 0;
            cc[j] = j + 1 < r && line[j + 1] >= 0 ? c * eta[j + 1] : 0;
            b[j] = eta[j];
            d[j] = shift[j];
        }
        for (int j = 1; j < r; j++) {
            double w = a[j] / b[j - 1];
            b[j] -= w * cc[j - 1];
            d[j] -= w * d[j - 1];
        }
        double[] p = new double[r];
        p[r - 1] = d[r - 1] / b[r - 1];
        for (int j = r - 2; j >= 0; j--) {
            p[j] = (d[j] - cc[j] * p[j + 1]) / b[j];
        }
        for (int j = 0; j < r; j++) {
            if (line[j] < 0) {
                p[j] = Double.NaN;
            }
        }
        return p;
    }

    public int rings() {
        return cfg.rings();
    }

    public int lines() {
        return cfg.lines();
    }

    public double lambda0Nm(int j) {
        return lambda0Nm[j];
    }

    public double lockstepNmPerMw(int j) {
        return lockstepNmPerMw[j];
    }

    /** Copy of the matrix the firmware's arbiter would get. */
    public double[][] seenMatrix() {
        double[][] m = new double[seenMw.length][];
        for (int j = 0; j < m.length; j++) {
            m[j] = seenMw[j].clone();
        }
        return m;
    }

    public double meetMw(int j, int l) {
        return meetMw[j][l];
    }

    public double lineNm(int l) {
        return lineNm[l];
    }
}
