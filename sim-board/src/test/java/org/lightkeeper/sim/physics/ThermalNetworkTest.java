package org.lightkeeper.sim.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Closed forms of the first-order heater network: rise(t) = ss + (rise(t0) - ss) exp(-(t - t0) / tau). */
class ThermalNetworkTest {
    private static final double TAU_US = 20;
    private static final long TAU_NS = 20_000;
    private static final double[] K = {2.0, 3.0, 4.0};   // K per mW, one per heater
    private static final double COUPLING = 0.1;

    /** Three heaters in a row: 0 - 1 - 2. */
    private static ThermalNetwork row() {
        return new ThermalNetwork(K, new int[] {-1, 0, 1}, new int[] {1, 2, -1}, COUPLING, TAU_US);
    }

    private static void assertRel(double expected, double actual, double rel) {
        assertEquals(expected, actual, Math.abs(expected) * rel, () -> "expected " + expected + " got " + actual);
    }

    @Test
    void stepReachesOneMinusOneOverEAfterOneTau() {
        ThermalNetwork t = row();
        t.setPower(0, 5.0, 1_000);
        double steady = K[0] * 5.0;
        assertEquals(0.0, t.riseK(0, 1_000));
        assertRel(steady * (1 - Math.exp(-1)), t.riseK(0, 1_000 + TAU_NS), 1e-9);
        assertRel(steady * (1 - Math.exp(-3)), t.riseK(0, 1_000 + 3 * TAU_NS), 1e-9);
    }

    @Test
    void steadyStateIsKTimesPowerAndNeighbourSeesCoupling() {
        ThermalNetwork t = row();
        t.setPower(0, 5.0, 0);
        long late = 1_000 * TAU_NS;
        assertRel(K[0] * 5.0, t.riseK(0, late), 1e-12);
        assertRel(COUPLING * K[0] * 5.0, t.riseK(1, late), 1e-12);
        assertEquals(0.0, t.riseK(2, late), "only nearest neighbours are coupled");
        // Middle heater: both neighbours see coupling * k_middle * P; contributions superpose.
        t.setPower(1, 2.0, late);
        long later = 2_000 * TAU_NS;
        assertRel(K[0] * 5.0 + COUPLING * K[1] * 2.0, t.riseK(0, later), 1e-12);
        assertRel(K[1] * 2.0 + COUPLING * K[0] * 5.0, t.riseK(1, later), 1e-12);
        assertRel(COUPLING * K[1] * 2.0, t.riseK(2, later), 1e-12);
    }

    @Test
    void coolingDecaysFromTheValueAtSwitchOff() {
        ThermalNetwork t = row();
        t.setPower(2, 4.0, 0);
        long off = TAU_NS / 2;
        double atOff = K[2] * 4.0 * (1 - Math.exp(-0.5));
        t.setPower(2, 0.0, off);
        assertRel(atOff, t.riseK(2, off), 1e-12);
        assertRel(atOff * Math.exp(-2), t.riseK(2, off + 2 * TAU_NS), 1e-9);
        assertEquals(0.0, t.powerMw(2));
    }

    @Test
    void manySmallStepsEqualOneBigStep() {
        ThermalNetwork fine = row();
        ThermalNetwork coarse = row();
        for (ThermalNetwork t : new ThermalNetwork[] {fine, coarse}) {
            t.setPower(0, 3.0, 0);
            t.setPower(1, 1.5, 7_000);
        }
        long end = 7_000 + 5 * TAU_NS + 123;
        for (long now = 7_000; now < end; now += 37) {
            for (int i = 0; i < 3; i++) {
                fine.riseK(i, now);
            }
        }
        for (int i = 0; i < 3; i++) {
            assertRel(coarse.riseK(i, end), fine.riseK(i, end), 1e-12);
        }
    }

    @Test
    void queryingThePastDoesNotMoveTheState() {
        ThermalNetwork t = row();
        t.setPower(0, 5.0, 0);
        double now = t.riseK(0, TAU_NS);
        assertEquals(now, t.riseK(0, TAU_NS / 2));
        assertEquals(now, t.riseK(0, TAU_NS));
    }
}
