package org.lightkeeper.firmware.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The oracle's least heater power: no complete assignment does better, and one reaches it. */
class ArbitrationOraclePowerTest {

    @Test
    void noCompleteCyclicShiftNeedsLessThanTheOracleAndTheBestShiftIsFoundWhenItIsTheBest() {
        ArbitrationModel.Config cfg = ArbitrationModel.Config.devkit8();
        int checked = 0;
        for (long seed = 1; seed <= 60; seed++) {
            ArbitrationModel m = ArbitrationModel.draw(cfg, seed);
            ArbitrationOracle oracle = new ArbitrationOracle(m);
            if (!oracle.orderPreservingExists()) {
                assertTrue(Double.isNaN(oracle.minPowerMw()), "no solution, no least power; seed " + seed);
                continue;
            }
            double least = oracle.minPowerMw();
            assertFalse(Double.isNaN(least), "seed " + seed);
            double bestShift = Double.POSITIVE_INFINITY;
            int[] line = new int[m.rings()];
            for (int a = 0; a < m.lines(); a++) {
                for (int j = 0; j < line.length; j++) {
                    line[j] = (a + j) % m.lines();
                }
                ArbitrationOracle.Verdict v = oracle.judge(line);
                if (!v.shared() && !v.wrongOrder() && !v.unassigned() && !v.outOfRange()) {
                    double total = 0;
                    for (double p : m.trueLockMw(line)) {
                        total += p;
                    }
                    assertTrue(total >= least - 1e-9, "a cyclic shift beat the oracle; seed " + seed);
                    bestShift = Math.min(bestShift, total);
                }
            }
            if (bestShift < Double.POSITIVE_INFINITY) {
                checked++;
                // Every complete assignment keeps order; a shift is one of them, so the least is at most the best shift.
                assertTrue(least <= bestShift + 1e-9, "seed " + seed);
            }
        }
        assertTrue(checked > 30, "enough engines with a complete cyclic shift: " + checked);
    }

    @Test
    void theMonteCarloComparesTheFirmwaresPowerWithTheOracles() {
        ArbitrationMonteCarlo.Result r = ArbitrationMonteCarlo.run(ArbitrationModel.Config.devkit8(), 200, 7,
                java.util.List.of(ArbitrationMonteCarlo.FIRMWARE), true);
        ArbitrationMonteCarlo.Tally t = r.tallies.get(0);
        assertTrue(t.powerCompared > 150, "compared on most engines: " + t.powerCompared);
        double mean = t.powerRatioSum / t.powerCompared;
        // The oracle's least is a lower bound on every complete assignment.
        assertTrue(mean >= 1.0 && t.powerRatioMax >= mean, mean + " " + t.powerRatioMax);
        assertEquals(0, r.powerSearchCapped, "8 rings are searched to the end");
    }
}
