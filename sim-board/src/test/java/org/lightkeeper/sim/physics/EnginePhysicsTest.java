package org.lightkeeper.sim.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec.EngineOptics;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;
import org.lightkeeper.hal.board.BoardSpec.WaveguideSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * Optics of one engine against closed forms. The engine here has no fabrication spread, so ring
 * {@code n} sits at FIRST + n * SPACING; heater efficiency 0.25 nm/mW, 50 pm/K, so 5 K per mW.
 */
class EnginePhysicsTest {
    private static final double FIRST = 1300.0;
    private static final double SPACING = 1.0;
    private static final double FSR = 8.0;
    private static final double FWHM = 0.2;
    private static final double DROP = 0.9;
    private static final double PM_PER_K = 50;
    private static final double ETA = 0.25;          // nm per mW
    private static final double RESP = 0.02;         // A/W
    private static final double HEATER_OHM = 1000;   // volts^2 / 1000 ohm -> mW = volts^2
    private static final long SETTLE_NS = 1_000_000_000L; // 50 000 tau: exp(-50000) == 0

    private final VirtualClock clock = new VirtualClock();

    private static PhysicsParams params(double coupling) {
        return new PhysicsParams(1, 25, 50, FIRST, SPACING, FSR, 0, 0, 0, FWHM, DROP, PM_PER_K, ETA, 0,
                20, coupling, RESP, 0, 229_000, -200, 20, 0, 0, 0, 100, 0, 3);
    }

    /** {@code rings} rings in series on one waveguide fed by {@code comb}. */
    private EnginePhysics engine(int rings, double coupling, LaserSource comb) {
        EngineOptics optics = new EngineOptics(HEATER_OHM, 100, 1000, 10, 10, 5.12, ETA, coupling, 0.5, 2.5);
        List<RingSpec> rs = new ArrayList<>();
        for (int i = 0; i < rings; i++) {
            rs.add(new RingSpec(i, "tx", RingKind.MODULATOR, i, "dac", i, "adc", i, 1));
        }
        EngineSpec spec = new EngineSpec(0, optics, List.of(new WaveguideSpec("tx", RingKind.MODULATOR, "els0", null, 1)), rs);
        return new EnginePhysics(spec, params(coupling), new SplittableRandom(1), new ScriptedTemperature(50), n -> comb, clock);
    }

    private static LaserSource line(double nm, double mw) {
        return new LaserSource() {
            @Override
            public int lanes() {
                return 1;
            }

            @Override
            public double powerMw(int lane) {
                return mw;
            }

            @Override
            public double wavelengthNm(int lane) {
                return nm;
            }
        };
    }

    /** Heater drive for a red shift of {@code nm} at steady state. */
    private static double voltsForShift(double nm) {
        return Math.sqrt(nm / ETA * HEATER_OHM / 1000.0);
    }

    private void settle() {
        clock.advance(SETTLE_NS);
    }

    @Test
    void uniformDieRiseMovesEveryDevkitRingByThermoOpticTimesDeltaT() {
        SimBoard board = SimBoard.build(BoardFile.load("devkit"), clock);
        EnginePhysics e = board.engine(0);
        double pmPerK = board.params().thermoOpticPmPerK();
        long t0 = 1_000;
        long t1 = 2_000;
        double dT = 12.5;
        board.die().addRamp(1_500, 0, dT);
        for (int i = 0; i < e.ringCount(); i++) {
            double shift = e.resonanceNm(i, t1) - e.resonanceNm(i, t0);
            assertEquals(pmPerK * dT / 1000.0, shift, 1e-9, "ring " + i);
        }
    }

    @Test
    void heaterPowerShiftsOwnRingByEtaTimesPowerAndNeighbourByCoupling() {
        EnginePhysics e = engine(3, 0.1, line(1310, 0));
        double before0 = e.resonanceNm(0, 0);
        assertEquals(FIRST, before0, 1e-12);
        assertEquals(FIRST + 2 * SPACING, e.resonanceNm(2, 0), 1e-12);
        e.setHeaterVolts(1, 2.0);           // 4 mW
        assertEquals(4.0, e.heaterPowerMw(1), 1e-12);
        settle();
        long t = clock.nanos();
        double own = ETA * 4.0;             // 1 nm
        assertEquals(FIRST + SPACING + own, e.resonanceNm(1, t), 1e-9);
        assertEquals(FIRST + 0.1 * own, e.resonanceNm(0, t), 1e-9);
        assertEquals(FIRST + 2 * SPACING + 0.1 * own, e.resonanceNm(2, t), 1e-9);
        e.setHeaterVolts(1, -3.0);          // negative drive: no power
        assertEquals(0.0, e.heaterPowerMw(1));
    }

    @Test
    void sweepOverMoreThanOneFsrShowsOrdersOneFsrApart() {
        double lambda = FIRST + 0.5;
        double lineMw = 10;
        EnginePhysics e = engine(1, 0, line(lambda, lineMw));
        double step = 0.005;
        int n = (int) Math.round(17.0 / step);
        double[] pd = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            e.setHeaterVolts(0, voltsForShift(k * step));
            settle();
            pd[k] = e.monitorMa(0);
        }
        double peak = lineMw * RESP * DROP; // mA, on resonance
        List<Integer> peaks = new ArrayList<>();
        for (int k = 1; k < n; k++) {
            if (pd[k] > peak / 2 && pd[k] >= pd[k - 1] && pd[k] > pd[k + 1]) {
                peaks.add(k);
            }
        }
        assertEquals(3, peaks.size(), "orders at 0.5, 8.5 and 16.5 nm of tuning: " + peaks);
        assertEquals(0.5, peaks.get(0) * step, step / 2);
        for (int j = 1; j < peaks.size(); j++) {
            assertEquals(FSR, (peaks.get(j) - peaks.get(j - 1)) * step, step / 2 + 1e-9);
        }
        // Lorentzian: the peak is drop * line; half of it FWHM/2 either side; dark half an FSR away.
        int p0 = peaks.get(0);
        assertEquals(peak, pd[p0], peak * 1e-3);
        int half = (int) Math.round(FWHM / 2 / step);
        assertEquals(0.5, pd[p0 - half] / pd[p0], 2e-3);
        assertEquals(0.5, pd[p0 + half] / pd[p0], 2e-3);
        assertTrue(pd[p0 + (int) Math.round(FSR / 2 / step)] < peak * 2e-3);
    }

    @Test
    void ringsInSeriesShareTheLine() {
        double lineMw = 10;
        EnginePhysics e = engine(2, 0, line(FIRST + SPACING, lineMw));
        long t = clock.nanos();
        assertEquals(FIRST + SPACING, e.resonanceNm(1, t), 1e-12);
        double alone = e.monitorMa(1);
        assertTrue(alone > 0.95 * DROP * lineMw * RESP, "downstream ring on resonance, upstream 1 nm off");
        e.setHeaterVolts(0, voltsForShift(SPACING)); // upstream ring onto the same line
        settle();
        double up = e.monitorMa(0);
        double down = e.monitorMa(1);
        double f = up / (lineMw * RESP);              // fraction the upstream ring took
        assertEquals(DROP, f, 1e-3);
        assertEquals(up * (1 - f), down, down * 1e-9); // downstream gets only what passed
    }
}
