package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SweepAnalysisTest {
    private static final double NaN = Double.NaN;

    @Test
    void parksMidwayInTheWidestGapBetweenLinesMetNeverAtTheEnds() {
        assertEquals(7.0, SweepAnalysis.midwayBetweenLines(new double[] {NaN, 2, 12, NaN, 16, NaN}), 1e-12);
        assertEquals(0.0, SweepAnalysis.midwayBetweenLines(new double[] {NaN, 9, NaN}), 0.0, "one line: stay cold");
    }

    @Test
    void efficiencyIsTheMedianOfPhysicalPairsAndIgnoresPairsFromDifferentOrders() {
        int[] order = {0, 1, 2, 3};
        double[] lambda = {1300, 1301, 1302, 1303};
        // 1 nm per 4 mW = 0.25 nm/mW, except a pair met in another order (1 nm in 0.5 mW: 2 nm/mW).
        double[] peaks = {2, 6, 10, 10.5};
        assertEquals(0.25, SweepAnalysis.efficiency(peaks, order, lambda, 0.3), 1e-12);
        assertEquals(0.3, SweepAnalysis.efficiency(new double[] {2, NaN, NaN, NaN}, order, lambda, 0.3), 0.0);
    }

    @Test
    void diagnosesDarknessAFlatTraceAndAMissingLine() {
        assertTrue(SweepAnalysis.diagnose(new double[] {0, 0, 0}, 3, 5).contains("no light"));
        assertTrue(SweepAnalysis.diagnose(new double[] {0.10, 0.11, 0.12}, 3, 5).contains("heater open or short"));
        assertTrue(SweepAnalysis.diagnose(new double[] {0.01, 0.05, 0.2}, 3, 5).contains("line not found near 5.00 mW"));
    }
}
