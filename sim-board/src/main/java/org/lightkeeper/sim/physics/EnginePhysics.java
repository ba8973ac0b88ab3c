package org.lightkeeper.sim.physics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;
import org.lightkeeper.hal.board.BoardSpec.WaveguideSpec;
import org.lightkeeper.hal.time.Clock;

/**
 * The optics of one engine: rings in series on their waveguides, each a Lorentzian drop response
 * summed over the resonance orders in reach of every laser line (DESIGN.md section 2). A ring takes
 * {@code dropFraction * L} of each line into its monitor photodiode and passes the rest downstream;
 * a loopback waveguide gets what leaves its source waveguide. Fabrication spread (ring-local
 * resonance, FSR, heater efficiency) and the engine's global offset against the laser grid are drawn
 * from the seed once, at construction.
 */
public final class EnginePhysics {
    private final Clock clock;
    private final PhysicsParams p;
    private final ScriptedTemperature die;
    private final ThermalNetwork thermal;
    private final double heaterOhm;
    private final int rings;
    private final int[] ringIds;
    private final double[] lambda0Nm;   // resonance at zero heater power and die at base temperature
    private final double[] fsrNm;
    private final int[][] waveguideRings; // ring indices by waveguide, in light order
    private final LaserSource[] sourceOf;  // per waveguide: the comb at its input (null for loopback)
    private final int[] loopbackFrom;      // per waveguide: index of the source waveguide, or -1
    private final double[][] lineMw;       // per waveguide: line powers leaving it (after its rings)
    private final double[][] lineNm;       // per waveguide: line wavelengths, read once per evaluation
    private final double[] pdMa;
    private final SplittableRandom noise;
    private final double[] driveVolts;
    private final boolean[] heaterOpen;
    private final boolean[] monitorDead;
    private long evaluatedAt = -1;
    private final double twoOverFwhm;
    private final double dropFraction;
    private final double[] invFsr;

    public EnginePhysics(EngineSpec spec, PhysicsParams p, SplittableRandom draw, ScriptedTemperature die,
                         Function<String, LaserSource> elsByName, Clock clock) {
        this.clock = clock;
        this.p = p;
        this.die = die;
        this.heaterOhm = spec.optics().heaterResistanceOhm();
        List<RingSpec> rs = spec.rings();
        this.rings = rs.size();
        this.ringIds = new int[rings];
        this.lambda0Nm = new double[rings];
        this.fsrNm = new double[rings];
        double[] kPerMw = new double[rings];
        int[] left = new int[rings];
        int[] right = new int[rings];
        double global = uniform(draw, p.globalOffsetNm());
        Map<String, Integer> wgIndex = new HashMap<>();
        List<WaveguideSpec> wgs = spec.waveguides();
        for (int w = 0; w < wgs.size(); w++) {
            wgIndex.put(wgs.get(w).name(), w);
        }
        this.waveguideRings = new int[wgs.size()][];
        int[] fill = new int[wgs.size()];
        for (RingSpec r : rs) {
            fill[wgIndex.get(r.waveguide())]++;
        }
        for (int w = 0; w < wgs.size(); w++) {
            waveguideRings[w] = new int[fill[w]];
        }
        for (int i = 0; i < rings; i++) {
            RingSpec r = rs.get(i);
            ringIds[i] = r.id();
            lambda0Nm[i] = p.firstResonanceNm() + r.position() * p.designSpacingNm() + global
                    + uniform(draw, p.localSpreadNm());
            fsrNm[i] = p.fsrNm() * (1 + uniform(draw, p.fsrSpread()));
            double eta = p.heaterEfficiencyNmPerMw() * (1 + uniform(draw, p.heaterEfficiencySpread()));
            kPerMw[i] = eta * 1000.0 / p.thermoOpticPmPerK();
            waveguideRings[wgIndex.get(r.waveguide())][r.position()] = i;
        }
        for (int[] row : waveguideRings) {
            for (int j = 0; j < row.length; j++) {
                left[row[j]] = j > 0 ? row[j - 1] : -1;
                right[row[j]] = j + 1 < row.length ? row[j + 1] : -1;
            }
        }
        this.thermal = new ThermalNetwork(kPerMw, left, right, p.neighbourCoupling(), p.heaterTauUs());
        this.sourceOf = new LaserSource[wgs.size()];
        this.loopbackFrom = new int[wgs.size()];
        this.lineMw = new double[wgs.size()][];
        for (int w = 0; w < wgs.size(); w++) {
            WaveguideSpec wg = wgs.get(w);
            loopbackFrom[w] = wg.loopbackFrom() == null ? -1 : wgIndex.get(wg.loopbackFrom());
            sourceOf[w] = wg.elsModule() == null ? null : elsByName.apply(wg.elsModule());
        }
        this.lineNm = new double[wgs.size()][];
        for (int w = 0; w < wgs.size(); w++) {
            lineMw[w] = new double[comb(w).lanes()];
            lineNm[w] = new double[comb(w).lanes()];
        }
        this.pdMa = new double[rings];
        this.twoOverFwhm = 2 / p.fwhmNm();
        this.dropFraction = p.dropFraction();
        this.invFsr = new double[rings];
        for (int i = 0; i < rings; i++) {
            invFsr[i] = 1 / fsrNm[i];
        }
        this.noise = draw.split();
        this.driveVolts = new double[rings];
        this.heaterOpen = new boolean[rings];
        this.monitorDead = new boolean[rings];
    }

    private static double uniform(SplittableRandom r, double halfWidth) {
        return halfWidth == 0 ? 0 : (r.nextDouble() * 2 - 1) * halfWidth;
    }

    /** The ELS comb that ultimately feeds waveguide {@code w}. */
    private LaserSource comb(int w) {
        while (sourceOf[w] == null) {
            w = loopbackFrom[w];
        }
        return sourceOf[w];
    }

    public int ringCount() {
        return rings;
    }

    /** Heater drive changed: the DAC output of ring {@code i} is now {@code volts}. */
    public void setHeaterVolts(int i, double volts) {
        driveVolts[i] = volts;
        double mw = volts <= 0 || heaterOpen[i] ? 0 : volts * volts / heaterOhm * 1000.0;
        thermal.setPower(i, mw, clock.nanos());
        evaluatedAt = -1;
    }

    /**
     * Fault injection: ring {@code i}'s heater opens (or shorts: the DAC output is clamped by its
     * current limit and no power reaches the ring) -- either way no thermal response.
     */
    public void setHeaterFailed(int i, boolean failed) {
        heaterOpen[i] = failed;
        setHeaterVolts(i, driveVolts[i]);
    }

    /** Fault injection: ring {@code i}'s monitor photodiode reads nothing. */
    public void setMonitorDead(int i, boolean dead) {
        monitorDead[i] = dead;
        evaluatedAt = -1;
    }

    /** Forget the cached optical state (the light sources changed without time moving). */
    public void invalidate() {
        evaluatedAt = -1;
    }

    /** Index of the ring with board id {@code id} in this engine, or -1. */
    public int indexOf(int id) {
        for (int i = 0; i < rings; i++) {
            if (ringIds[i] == id) {
                return i;
            }
        }
        return -1;
    }

    public double heaterPowerMw(int i) {
        return thermal.powerMw(i);
    }

    /** Resonance (order nearest lambda0) of ring {@code i} at {@code t}. */
    public double resonanceNm(int i, long t) {
        return resonanceNm(i, t, die.at(t) - die.baseC());
    }

    private double resonanceNm(int i, long t, double dieRiseK) {
        double dT = dieRiseK + thermal.riseK(i, t);
        return lambda0Nm[i] + dT * p.thermoOpticPmPerK() / 1000.0;
    }

    /**
     * Share of a line at {@code lambda} a ring takes: the Lorentzian of the resonance order nearest
     * the line. Every other order is at least FSR/2 away, where the Lorentzian is below 0.1 % at
     * Q ~ 5k, so it is left out (a sweep over more than an FSR still meets each order in turn).
     */
    private double drop(double resonance, double fsr, double invFsr, double lambda) {
        double x = (lambda - resonance) * invFsr;
        double u = (x - Math.rint(x)) * fsr * twoOverFwhm;          // offset from the nearest order, in half widths
        return dropFraction / (1 + u * u);
    }

    private void evaluate() {
        long t = clock.nanos();
        if (t == evaluatedAt) {
            return;
        }
        double dieRise = die.at(t) - die.baseC();
        for (int w = 0; w < waveguideRings.length; w++) {
            LaserSource comb = comb(w);
            double[] lines = lineMw[w];
            double[] nm = lineNm[w];
            for (int k = 0; k < lines.length; k++) {
                lines[k] = loopbackFrom[w] < 0 ? comb.powerMw(k) : lineMw[loopbackFrom[w]][k];
                nm[k] = comb.wavelengthNm(k);
            }
            for (int i : waveguideRings[w]) {
                double res = resonanceNm(i, t, dieRise);
                double pd = 0;
                for (int k = 0; k < lines.length; k++) {
                    if (lines[k] <= 0) {
                        continue;
                    }
                    double taken = lines[k] * drop(res, fsrNm[i], invFsr[i], nm[k]);
                    pd += taken;
                    lines[k] -= taken;
                }
                pdMa[i] = pd * p.pdResponsivityAPerW(); // mW * A/W = mA
            }
        }
        evaluatedAt = t;
    }

    /** Monitor photodiode current of ring {@code i} now, with white noise, in milliamperes. */
    public double monitorMa(int i) {
        if (monitorDead[i]) {
            return 0;
        }
        evaluate();
        double n = p.pdNoiseUa() == 0 ? 0 : gaussian() * p.pdNoiseUa() / 1000.0;
        return Math.max(0, pdMa[i] + n);
    }

    private double gaussian() {
        // The JDK's ziggurat on the seeded stream (RandomGenerator.nextGaussian): same seed, same noise,
        // bit for bit, and several times cheaper than Box-Muller's log, sqrt and cos per sample.
        return noise.nextGaussian();
    }

    /** Ground truth of ring {@code i} now. */
    public RingTruth truth(int i) {
        long t = clock.nanos();
        int w = waveguideOf(i);
        LaserSource comb = comb(w);
        double res = resonanceNm(i, t);
        double best = Double.MAX_VALUE;
        int lane = -1;
        double order = res;
        for (int k = 0; k < comb.lanes(); k++) {
            double lambda = comb.wavelengthNm(k);
            double m = Math.rint((lambda - res) / fsrNm[i]);
            double r = res + m * fsrNm[i];
            double d = r - lambda;
            if (Math.abs(d) < Math.abs(best)) {
                best = d;
                lane = k;
                order = r;
            }
        }
        return new RingTruth(ringIds[i], order, lane, best * 1000.0, p.fwhmNm() * 1000.0);
    }

    /**
     * Ground truth, tests and benchmarks only (reads the physics, changes nothing): the own heater
     * power each ring would need now for one of its resonance orders to sit exactly on lane
     * {@code lane[i]} of its comb, every ring of a waveguide on its lane at once (the neighbour
     * coupling solved, not assumed away). A ring with lane -1 keeps its present heater power. Of the
     * ring's resonance orders the one whose need is nearest the middle of [0, {@code maxMw}] is taken
     * (orders are an FSR, ~36 mW of heater, apart: at most one is in reach). The answer may lie
     * outside [0, maxMw]: then no heater setting holds that ring on that lane at this die temperature.
     * A neighbour whose own need lies outside the range heats the ring as it can at best: from the
     * nearer end. {@code offsetNm[i]} (null: none) puts ring i's resonance that far red of the line
     * (a modulator's lock point on its slope).
     */
    public double[] powersToMeetMw(int[] lane, double[] offsetNm, double maxMw) {
        long t = clock.nanos();
        double dieRise = die.at(t) - die.baseC();
        double pmPerK = p.thermoOpticPmPerK();
        double c = p.neighbourCoupling();
        double[] need = new double[rings];
        double[] riseK = new double[rings];
        double[] k = thermal.kPerMw();
        for (int w = 0; w < waveguideRings.length; w++) {
            LaserSource comb = comb(w);
            for (int i : waveguideRings[w]) {
                if (lane[i] < 0) {
                    need[i] = thermal.powerMw(i);
                    riseK[i] = Double.NaN;
                    continue;
                }
                double off = offsetNm == null ? 0 : offsetNm[i];
                double base = (comb.wavelengthNm(lane[i]) + off - lambda0Nm[i]) * 1000.0 / pmPerK - dieRise; // K of heating, order 0
                double perOrder = fsrNm[i] * 1000.0 / pmPerK;
                double mid = k[i] * (1 + 2 * c) * maxMw / 2;
                double m = Math.rint((mid - base) / perOrder);
                riseK[i] = base + m * perOrder;
                need[i] = riseK[i] / (k[i] * (1 + 2 * c));
            }
            // Gauss-Seidel on k_i X_i + c (k_l X_l + k_r X_r) = rise_i: diagonally dominant (2c = 0.2).
            int[] row = waveguideRings[w];
            for (int s = 0; s < 60; s++) {
                for (int j = 0; j < row.length; j++) {
                    int i = row[j];
                    if (Double.isNaN(riseK[i])) {
                        continue;
                    }
                    double nb = (j > 0 ? k[row[j - 1]] * clamp(need[row[j - 1]], maxMw) : 0)
                            + (j + 1 < row.length ? k[row[j + 1]] * clamp(need[row[j + 1]], maxMw) : 0);
                    need[i] = (riseK[i] - c * nb) / k[i];
                }
            }
        }
        return need;
    }

    private static double clamp(double mw, double maxMw) {
        return Math.max(0, Math.min(maxMw, mw));
    }

    private int waveguideOf(int i) {
        for (int w = 0; w < waveguideRings.length; w++) {
            for (int r : waveguideRings[w]) {
                if (r == i) {
                    return w;
                }
            }
        }
        throw new IllegalArgumentException("no ring index " + i);
    }

    public int ringId(int i) {
        return ringIds[i];
    }
}
