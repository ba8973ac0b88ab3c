package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LineArbiterTest {
    private static final double N = Double.NaN;
    private static final double LOW = 2.5;
    private static final double HIGH = 19.5;
    private static final double MAX = 20;

    @Test
    void theOnlyShiftServingEveryRingWins() {
        // Shift 1 (ring j on line j+1) serves all three; shifts 0 and 2 serve one ring each.
        double[][] p = {
            {3, 5, N},
            {4, N, 6},
            {7, N, N},
        };
        LineArbiter.Assignment a = LineArbiter.assign(p, 0, LOW, HIGH, MAX);
        assertArrayEquals(new int[] {1, 2, 0}, a.line());
    }

    @Test
    void ofTwoFeasibleShiftsTheLowerTotalPowerWins() {
        // Shift 0: 10 + 10 mW; shift 1: 5 + 6 mW. Both inside the band.
        LineArbiter.Assignment a = LineArbiter.assign(new double[][] {{10, 5}, {6, 10}}, 0, LOW, HIGH, MAX);
        assertArrayEquals(new int[] {1, 0}, a.line());
        // And the other way round, so the winner is not just the first or last shift tried.
        LineArbiter.Assignment b = LineArbiter.assign(new double[][] {{5, 10}, {10, 6}}, 0, LOW, HIGH, MAX);
        assertArrayEquals(new int[] {0, 1}, b.line());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.1, 0.3, 0.45})
    void lockPowersSolveTheCrosstalkSystem(double c) {
        SplittableRandom rnd = new SplittableRandom(11);
        double[] sweep = new double[8];
        for (int j = 0; j < sweep.length; j++) {
            sweep[j] = 2 + 15 * rnd.nextDouble();
        }
        sweep[5] = N; // an unserved ring sits cold
        double[] lock = LineArbiter.lockPowers(sweep, c);
        assertTrue(Double.isNaN(lock[5]));
        for (int j = 0; j < sweep.length; j++) {
            if (Double.isNaN(sweep[j])) {
                continue;
            }
            int n = (j > 0 ? 1 : 0) + (j + 1 < sweep.length ? 1 : 0);
            double left = j > 0 ? cold(lock[j - 1]) : 0;
            double right = j + 1 < sweep.length ? cold(lock[j + 1]) : 0;
            double residual = lock[j] + c * (left + right) - sweep[j] * (1 + c * n);
            assertTrue(Math.abs(residual) < 1e-9, "ring " + j + " residual " + residual + " at c = " + c);
        }
    }

    private static double cold(double p) {
        return Double.isNaN(p) ? 0 : p;
    }

    @Test
    void aRingThatReachesNoLineGetsNoneWhileTheOthersAreServed() {
        double[][] p = {
            {4, 6, 8},
            {N, N, N},
            {5, 7, 9},
        };
        LineArbiter.Assignment a = LineArbiter.assign(p, 0.1, LOW, HIGH, MAX);
        assertEquals(-1, a.line()[1]);
        assertTrue(a.line()[0] >= 0 && a.line()[2] >= 0);
        assertEquals((a.line()[0] + 2) % 3, a.line()[2], "comb order across the unserved ring");
    }

    @Test
    void combOrderIsKeptAndNoTwoRingsShareALine() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[][] p = new double[6][6];
        for (double[] row : p) {
            for (int l = 0; l < row.length; l++) {
                row[l] = 3 + 14 * rnd.nextDouble();
            }
        }
        int[] line = LineArbiter.assign(p, 0.1, LOW, HIGH, MAX).line();
        boolean[] taken = new boolean[6];
        for (int j = 0; j < line.length; j++) {
            assertTrue(line[j] >= 0, "ring " + j + " served");
            assertTrue(!taken[line[j]], "line " + line[j] + " used twice");
            taken[line[j]] = true;
            if (j > 0) {
                assertEquals((line[j - 1] + 1) % 6, line[j], "ring " + j + " follows ring " + (j - 1));
            }
        }
    }

    @Test
    void aShiftInsideTheHeadroomBandBeatsACheaperOneOutsideIt() {
        // Shift 0: 1 + 1 mW, below the band (no room for the die to warm); shift 1: 5 + 5 mW, inside.
        LineArbiter.Assignment a = LineArbiter.assign(new double[][] {{1, 5}, {5, 1}}, 0, LOW, HIGH, MAX);
        assertArrayEquals(new int[] {1, 0}, a.line());
    }

    @Test
    void aLockAboveTheHeaterLimitIsNotServed() {
        LineArbiter.Assignment a = LineArbiter.assign(new double[][] {{25, N}, {N, 30}}, 0, LOW, HIGH, MAX);
        assertArrayEquals(new int[] {-1, -1}, a.line());
    }
}
