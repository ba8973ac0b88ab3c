package org.lightkeeper.firmware.laser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The power loop against a DFB model P = slope * (I - Ith), ageing raising Ith and lowering the slope. */
class LanePowerLoopTest {
    /** A laser whose operating current rises by {@code rise} (0.2 = end of life) as it ages. */
    private static double power(double biasMa, double rise) {
        double ith = 20 * (1 + rise);
        double slope = 0.3 / (1 + rise);
        return Math.max(0, slope * (biasMa - ith));
    }

    @Test
    void accHoldsThePowerSetpointAsTheLaserAgesUntilEndOfLife() {
        LanePowerLoop loop = new LanePowerLoop();
        double bias = 20 + 20 / 0.3; // the bias APC would have found for 20 mW
        for (int k = 0; k < 50; k++) {
            double b = loop.update(true, 20, power(bias, 0), bias);
            bias = b;
        }
        assertEquals(20, power(bias, 0), 0.2);
        assertEquals(LaneHealth.OK, loop.health());
        // Half-way through life the loop keeps the power by raising the bias; no warning yet.
        for (int k = 0; k < 100; k++) {
            bias = loop.update(true, 20, power(bias, 0.10), bias);
        }
        assertEquals(20, power(bias, 0.10), 0.2);
        assertEquals(LaneHealth.OK, loop.health());
        // At 17 % more current: ageing warning, power still held.
        for (int k = 0; k < 100; k++) {
            bias = loop.update(true, 20, power(bias, 0.17), bias);
        }
        assertEquals(20, power(bias, 0.17), 0.3);
        assertEquals(LaneHealth.AGEING, loop.health());
        // Past end of life the bias stops at its limit and the power cannot be held.
        for (int k = 0; k < 100; k++) {
            bias = loop.update(true, 20, power(bias, 0.40), bias);
        }
        assertTrue(bias <= loop.endOfLifeBiasMa() + 1e-9, "bias " + bias + " within end-of-life limit");
        assertEquals(LaneHealth.POWER_NOT_HELD, loop.health());
    }

    @Test
    void apcIsOnlyWatched() {
        LanePowerLoop loop = new LanePowerLoop();
        assertTrue(Double.isNaN(loop.update(false, 20, 20, 86.7)));
        for (int k = 0; k < 5; k++) {
            loop.update(false, 20, 20, 86.7 * 1.16); // the module's APC raised the bias 16 %
        }
        assertEquals(LaneHealth.AGEING, loop.health());
    }

    @Test
    void aSingleLowReadingIsNotAFault() {
        LanePowerLoop loop = new LanePowerLoop();
        loop.update(false, 20, 20, 86.7);
        loop.update(false, 20, 5, 86.7);
        assertEquals(LaneHealth.OK, loop.health());
    }
}
