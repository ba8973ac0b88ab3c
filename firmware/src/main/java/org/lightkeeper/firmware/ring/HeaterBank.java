package org.lightkeeper.firmware.ring;

import java.util.List;
import org.lightkeeper.hal.board.BoardDrivers;
import org.lightkeeper.hal.board.BoardSpec.EngineOptics;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;
import org.lightkeeper.hal.chip.Ltc2668;

/**
 * The heaters of one engine, commanded in the power domain (DESIGN.md section 3: P = V^2 / R, so
 * the DAC code follows sqrt(P)). Every command passes the per-ring limit and the engine's thermal
 * budget here, below every control loop, so no code path can drive a heater past its limit. Writes
 * only changed channels, then one update so all outputs move together. Allocation-free.
 */
public final class HeaterBank {
    private final int rings;
    private final Ltc2668[] dacOfRing;
    private final int[] channelOfRing;
    private final Ltc2668[] dacs;
    private final int[][] codes;       // per DAC, per channel
    private final int[] dirtyMask;     // per DAC
    private final int[] dacIndexOfRing;
    private final double[] appliedMw;
    private final double ringMaxMw;
    private final double budgetMw;
    private final double ohms;
    private final Ltc2668.Span span;

    public HeaterBank(EngineSpec spec, BoardDrivers drivers) {
        EngineOptics o = spec.optics();
        List<RingSpec> rs = spec.rings();
        this.rings = rs.size();
        this.ringMaxMw = o.heaterMaxMw();
        this.budgetMw = o.engineHeaterBudgetMw();
        this.ohms = o.heaterResistanceOhm();
        this.span = spanFor(o.dacFullScaleV());
        this.dacOfRing = new Ltc2668[rings];
        this.channelOfRing = new int[rings];
        this.dacIndexOfRing = new int[rings];
        java.util.List<Ltc2668> distinct = new java.util.ArrayList<>();
        for (int i = 0; i < rings; i++) {
            Ltc2668 dac = drivers.get(rs.get(i).heaterDac(), Ltc2668.class);
            if (!distinct.contains(dac)) {
                distinct.add(dac);
            }
            dacOfRing[i] = dac;
            channelOfRing[i] = rs.get(i).heaterChannel();
            dacIndexOfRing[i] = distinct.indexOf(dac);
        }
        this.dacs = distinct.toArray(new Ltc2668[0]);
        this.codes = new int[dacs.length][Ltc2668.CHANNELS];
        this.dirtyMask = new int[dacs.length];
        this.appliedMw = new double[rings];
    }

    static Ltc2668.Span spanFor(double fullScaleV) {
        for (Ltc2668.Span s : Ltc2668.Span.values()) {
            if (s.minVolts() == 0 && s.maxVolts() == fullScaleV) {
                return s;
            }
        }
        throw new IllegalArgumentException("no LTC2668 unipolar span of " + fullScaleV + " V (use 5 or 10)");
    }

    /** Sets the span and drives every heater to zero. */
    public void init() {
        for (int d = 0; d < dacs.length; d++) {
            dacs[d].setSpanAll(span);
        }
        for (int i = 0; i < rings; i++) {
            codes[dacIndexOfRing[i]][channelOfRing[i]] = 0;
            dirtyMask[dacIndexOfRing[i]] |= 1 << channelOfRing[i];
            appliedMw[i] = 0;
        }
        flush();
    }

    /**
     * Commands ring {@code i} to {@code mw}, clamped to [0, ring limit] and to what the engine budget
     * leaves; returns the power actually applied after DAC quantisation.
     */
    public double set(int i, double mw) {
        double p = mw > ringMaxMw ? ringMaxMw : (mw > 0 ? mw : 0);
        double others = 0;
        for (int j = 0; j < rings; j++) {
            if (j != i) {
                others += appliedMw[j];
            }
        }
        if (others + p > budgetMw) {
            p = Math.max(0, budgetMw - others);
        }
        double volts = Math.sqrt(p / 1000.0 * ohms);
        int code = Ltc2668.codeFor(span, Math.min(volts, span.maxVolts()));
        double applied = square(Ltc2668.voltsFor(span, code)) / ohms * 1000.0;
        if (applied > p) {
            // Rounding up could pass the limit by a fraction of an LSB: round down instead.
            code = Math.max(0, code - 1);
            applied = square(Ltc2668.voltsFor(span, code)) / ohms * 1000.0;
        }
        int d = dacIndexOfRing[i];
        int ch = channelOfRing[i];
        if (codes[d][ch] != code) {
            codes[d][ch] = code;
            dirtyMask[d] |= 1 << ch;
        }
        appliedMw[i] = applied;
        return applied;
    }

    private static double square(double v) {
        return v * v;
    }

    /** Writes the changed channels of each DAC and updates its outputs together. */
    public void flush() {
        for (int d = 0; d < dacs.length; d++) {
            if (dirtyMask[d] != 0) {
                dacs[d].writeCodes(codes[d], dirtyMask[d]);
                dirtyMask[d] = 0;
            }
        }
    }

    public double appliedMw(int i) {
        return appliedMw[i];
    }

    public double ringMaxMw() {
        return ringMaxMw;
    }

    public int code(int i) {
        return codes[dacIndexOfRing[i]][channelOfRing[i]];
    }
}
