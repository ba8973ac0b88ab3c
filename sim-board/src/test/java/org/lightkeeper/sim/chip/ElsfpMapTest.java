package org.lightkeeper.sim.chip;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.chip.cmis.CmisModuleState;
import org.lightkeeper.hal.chip.cmis.ElsfpMap;
import org.lightkeeper.hal.chip.cmis.LaneStatus;

/** Conversions checked against bytes worked out by hand from the CMIS / OIF-ELSFP-CMIS unit definitions. */
class ElsfpMapTest {
    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void temperatureIsSigned16In256thsOfADegree() {
        assertEquals(25.0, ElsfpMap.temperatureC(ElsfpMap.s16(bytes(0x19, 0x00), 0)));
        assertEquals(-25.0, ElsfpMap.temperatureC(ElsfpMap.s16(bytes(0xE7, 0x00), 0)));
        assertEquals(45.5, ElsfpMap.temperatureC(ElsfpMap.s16(bytes(0x2D, 0x80), 0)));
        assertEquals(0xE700, ElsfpMap.rawTemperature(-25.0));
    }

    @Test
    void vccIsUnsigned16In100Microvolts() {
        // 3.3 V = 33000 = 0x80E8: the top bit is set, so a signed decode would go negative
        assertEquals(3.3, ElsfpMap.vccVolts(ElsfpMap.u16(bytes(0x80, 0xE8), 0)), 1e-12);
        assertEquals(0x80E8, ElsfpMap.rawVcc(3.3));
    }

    @Test
    void laneFrequencyIn5GhzUnitsAndWavelength() {
        assertEquals(45734, ElsfpMap.u16(bytes(0xB2, 0xA6), 0));
        assertEquals(228_670.0, ElsfpMap.frequencyGhz(45734));
        assertEquals(45734, ElsfpMap.rawFrequency(228_670));
        assertEquals(1311.03, ElsfpMap.wavelengthNm(228_670), 0.005);
    }

    @Test
    void biasAndPowerUnits() {
        assertEquals(86.7, ElsfpMap.biasMa(867), 1e-9);
        assertEquals(867, ElsfpMap.rawBias(86.7));
        assertEquals(20.0, ElsfpMap.powerMw(2000), 1e-9);
        assertEquals(2000, ElsfpMap.rawPower(20.0));
        assertEquals(0xFFFF, ElsfpMap.rawPower(ElsfpMap.POWER_MAX_MW));
        assertEquals(6553.5, ElsfpMap.BIAS_MAX_MA, 1e-9);
        byte[] b = new byte[2];
        ElsfpMap.putU16(b, 0, 0xB2A6);
        assertArrayEquals(bytes(0xB2, 0xA6), b);
    }

    @Test
    void moduleStateFromBits3To1OfByte3() {
        assertEquals(CmisModuleState.READY, ElsfpMap.moduleState(0x07)); // 011 + Interrupt_Deasserted
        assertEquals(CmisModuleState.LOW_PWR, ElsfpMap.moduleState(0x02));
        assertEquals(CmisModuleState.PWR_UP, ElsfpMap.moduleState(0x05));
        assertEquals(CmisModuleState.FAULT, ElsfpMap.moduleState(0x0A));
        assertEquals(CmisModuleState.RESERVED0, ElsfpMap.moduleState(0xF1));
    }

    @Test
    void laneStateTwoBitsPerLaneFourLanesPerByte() {
        int b221 = 0b10_01_00_10; // lane3 ON, lane2 RAMPING, lane1 OFF, lane0 ON
        assertEquals(LaneStatus.ON, ElsfpMap.laneStatus(b221, 0));
        assertEquals(LaneStatus.OFF, ElsfpMap.laneStatus(b221, 1));
        assertEquals(LaneStatus.RAMPING, ElsfpMap.laneStatus(b221, 2));
        assertEquals(LaneStatus.ON, ElsfpMap.laneStatus(b221, 3));
        assertEquals(222, ElsfpMap.laneStateOffset(5));
        assertEquals(2, ElsfpMap.laneStateShift(5));
        assertEquals(LaneStatus.RAMPING, ElsfpMap.laneStatus(0b0000_0100, 5));
    }

    @Test
    void asciiIsSpacePadded() {
        byte[] b = new byte[16];
        ElsfpMap.putAscii(b, 0, 16, "ACME");
        assertEquals(' ', b[15]);
        assertEquals("ACME", ElsfpMap.ascii(b, 0, 16));
        assertThrows(IllegalArgumentException.class, () -> ElsfpMap.putAscii(b, 0, 3, "ACME"));
    }

    @Test
    void laneOffsetsOfPerLaneArrays() {
        assertEquals(128 + 14, ElsfpMap.BIAS_SETPOINT.laneOffset(7));
        assertEquals(200 + 6, ElsfpMap.POWER_MONITOR.laneOffset(3));
        assertEquals(246, ElsfpMap.LANE_FREQUENCY.laneOffset(7));
    }
}
