package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.board.BoardDrivers;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.EngineOptics;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.chip.Ltc2668Sim;

/** The heater bank through the real LTC2668 driver onto the emulated DAC of the devkit board. */
class HeaterBankTest {
    private EngineSpec engine;
    private EngineOptics optics;
    private Ltc2668Sim dac;
    private HeaterBank bank;

    @BeforeEach
    void build() {
        BoardSpec spec = BoardFile.load("devkit");
        SimBoard sim = SimBoard.build(spec, new VirtualClock());
        engine = spec.engines().get(0);
        optics = engine.optics();
        bank = new HeaterBank(engine, new BoardDrivers(spec, sim));
        bank.init();
        dac = (Ltc2668Sim) sim.emulator("heater_dac");
    }

    /** Power the emulated DAC output really puts into ring i's heater, mW. */
    private double dacMw(int i) {
        double v = dac.outputVolts(engine.rings().get(i).heaterChannel());
        return v * v / optics.heaterResistanceOhm() * 1000;
    }

    @Test
    void aRequestAboveTheRingLimitIsClampedToIt() {
        double applied = bank.set(2, 10 * optics.heaterMaxMw());
        bank.flush();
        assertTrue(dacMw(2) <= optics.heaterMaxMw(), "DAC drives " + dacMw(2) + " mW");
        assertTrue(dacMw(2) > optics.heaterMaxMw() * 0.999, "but close to the limit: " + dacMw(2));
        assertEquals(dacMw(2), applied, 1e-9, "reported power is what the DAC drives");
    }

    @Test
    void theEngineBudgetHoldsWhateverTheRequests() {
        SplittableRandom rnd = new SplittableRandom(42);
        int rings = engine.rings().size();
        for (int round = 0; round < 2000; round++) {
            int i = rnd.nextInt(rings);
            bank.set(i, -5 + 35 * rnd.nextDouble());
            if (round % 3 == 0) {
                bank.flush();
                double total = 0;
                double reported = 0;
                for (int j = 0; j < rings; j++) {
                    total += dacMw(j);
                    reported += bank.appliedMw(j);
                    assertTrue(dacMw(j) <= optics.heaterMaxMw(), "ring " + j + " over its limit");
                }
                assertTrue(total <= optics.engineHeaterBudgetMw() + 1e-9, "round " + round + ": " + total + " mW");
                assertEquals(total, reported, 1e-6, "bank's own sum");
            }
        }
        // Every ring asks for its maximum: the budget (240 mW) is less than 16 x 20 mW, and is reached.
        for (int j = 0; j < rings; j++) {
            bank.set(j, optics.heaterMaxMw());
        }
        bank.flush();
        double total = 0;
        for (int j = 0; j < rings; j++) {
            total += dacMw(j);
        }
        assertTrue(total <= optics.engineHeaterBudgetMw(), "all at max: " + total);
        assertTrue(total > optics.engineHeaterBudgetMw() - 0.5, "budget used: " + total);
    }

    @Test
    void aNegativeRequestGivesZero() {
        bank.set(4, 10);
        bank.flush();
        assertEquals(0, bank.set(4, -3), 0);
        bank.flush();
        assertEquals(0, bank.code(4));
        assertEquals(0, dac.outputVolts(engine.rings().get(4).heaterChannel()), 0);
    }

    @Test
    void codeFollowsTheSquareRootOfPower() {
        bank.set(5, 16);
        int full = bank.code(5);
        bank.set(5, 8);
        int half = bank.code(5);
        assertEquals(full / Math.sqrt(2), half, 1.0, "half the power at code / sqrt 2");
        bank.set(5, 4);
        assertEquals(full / 2.0, bank.code(5), 1.0, "a quarter of the power at half the code");
    }

    @Test
    void outputsMoveOnlyOnFlushAndTogether() {
        bank.set(0, 5);
        bank.set(1, 6);
        assertEquals(0, dacMw(0), 0, "nothing reaches the heater before the flush");
        assertEquals(0, dacMw(1), 0);
        bank.flush();
        assertEquals(5, dacMw(0), 0.01);
        assertEquals(6, dacMw(1), 0.01);
    }
}
