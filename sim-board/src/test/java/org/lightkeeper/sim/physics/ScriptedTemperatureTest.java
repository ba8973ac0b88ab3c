package org.lightkeeper.sim.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScriptedTemperatureTest {
    private static final double EPS = 1e-12;

    @Test
    void baseWithoutRamps() {
        ScriptedTemperature d = new ScriptedTemperature(50.0);
        assertEquals(50.0, d.at(0));
        assertEquals(50.0, d.at(Long.MAX_VALUE / 2));
        assertEquals(50.0, d.baseC());
    }

    @Test
    void rampIsLinearAndHoldsAfterwards() {
        ScriptedTemperature d = new ScriptedTemperature(50.0);
        d.addRamp(1_000, 1_000, 10.0);
        assertEquals(50.0, d.at(0), EPS);
        assertEquals(50.0, d.at(1_000), EPS);
        assertEquals(52.5, d.at(1_250), EPS);
        assertEquals(55.0, d.at(1_500), EPS);
        assertEquals(60.0, d.at(2_000), EPS);
        assertEquals(60.0, d.at(1_000_000), EPS);
    }

    @Test
    void stepAppliesAtItsInstant() {
        ScriptedTemperature d = new ScriptedTemperature(40.0);
        d.addRamp(5_000, 0, -3.0);
        assertEquals(40.0, d.at(4_999), EPS);
        assertEquals(37.0, d.at(5_000), EPS);
        assertEquals(37.0, d.at(9_000), EPS);
    }

    @Test
    void negativeDurationIsAStep() {
        ScriptedTemperature d = new ScriptedTemperature(40.0);
        d.addRamp(5_000, -10, 2.0);
        assertEquals(40.0, d.at(4_999), EPS);
        assertEquals(42.0, d.at(5_000), EPS);
    }

    @Test
    void overlappingRampsAdd() {
        ScriptedTemperature d = new ScriptedTemperature(50.0);
        d.addRamp(0, 1_000, 10.0);     // +10 K over [0, 1000]
        d.addRamp(500, 1_000, 4.0);    // +4 K over [500, 1500]
        d.addRamp(750, 0, -1.0);       // step at 750
        assertEquals(50.0 + 2.5, d.at(250), EPS);
        assertEquals(50.0 + 7.5 + 1.0 - 1.0, d.at(750), EPS);
        assertEquals(50.0 + 10.0 + 2.0 - 1.0, d.at(1_000), EPS);
        assertEquals(50.0 + 10.0 + 4.0 - 1.0, d.at(1_500), EPS);
        assertEquals(63.0, d.at(10_000), EPS);
    }
}
