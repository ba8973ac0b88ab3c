package org.lightkeeper.sim.chip;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.NakException;
import org.lightkeeper.hal.chip.cmis.CmisModule;
import org.lightkeeper.hal.chip.cmis.CmisModuleState;
import org.lightkeeper.hal.chip.cmis.ControlMode;
import org.lightkeeper.hal.chip.cmis.ElsfpMap;
import org.lightkeeper.hal.chip.cmis.LaneFlag;
import org.lightkeeper.hal.chip.cmis.LaneFlags;
import org.lightkeeper.hal.chip.cmis.LaneStatus;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.bus.SimI2cBus;

/** The CMIS/ELSFP driver against the ELSFP emulator over a simulated I2C bus, on virtual time. */
class CmisModuleElsfpTest {
    private static final double SLOPE = 0.3;
    private static final double ITH = 20.0;

    private VirtualClock clock;
    private SimI2cBus sim;
    private ElsfpProfile profile;
    private ElsfpSim els;
    private RecordingI2cBus rec;
    private CmisModule m;

    @BeforeEach
    void setUp() {
        clock = new VirtualClock();
        sim = new SimI2cBus("i2c-test", 400_000, clock);
        profile = ElsfpProfile.generic8Lane(228_670, 200);
        els = new ElsfpSim(clock, profile);
        sim.root().attach(ElsfpMap.I2C_ADDRESS, els);
        rec = new RecordingI2cBus(sim);
        m = new CmisModule(rec, ElsfpMap.I2C_ADDRESS);
    }

    private void advanceMs(double ms) {
        clock.advance((long) (ms * 1_000_000));
    }

    private void toReady() {
        advanceMs(profile.initMs());
        m.setLowPowerAllowHw(false);
        advanceMs(profile.powerUpMs() + 1);
        assertEquals(CmisModuleState.READY, m.moduleState());
    }

    private void laneOn(int mask) {
        m.setLaneEnables(mask);
        advanceMs(profile.laneRampMs() + 1);
    }

    @Test
    void naksDuringMgmtInitThenReportsIdentity() {
        assertThrows(NakException.class, m::identifier);
        advanceMs(profile.initMs());
        assertEquals(0x22, m.identifier());
        assertEquals(0x52, m.revision());
        assertEquals("LIGHTKEEPER SIM", m.vendorName());
        assertEquals("ELSFP-8L-SIM", m.vendorPartNumber());
        assertEquals("SIM0000001", m.vendorSerialNumber());
        assertEquals(45.0, m.temperatureC(), 1.0 / 256);
        assertEquals(3.3, m.vccVolts(), 1e-4);
        assertEquals(8, m.laneCount());
        assertArrayEquals(new double[] {228_670, 228_870, 229_070, 229_270, 229_470, 229_670, 229_870, 230_070},
                m.laneFrequencyGhz());
        assertEquals(ControlMode.APC, m.controlMode());
        assertEquals(1311.03, els.laneWavelengthNm(0), 0.005);
    }

    @Test
    void stateMachineLowPwrThenPwrUpThenReadyOnVirtualTime() {
        advanceMs(profile.initMs());
        // power-on: LowPwrAllowRequestHW = 1 and the LPMode pin high hold the module in low power
        assertEquals(CmisModuleState.LOW_PWR, m.moduleState());
        assertEquals(ElsfpMap.LOW_PWR_ALLOW_REQUEST_HW, m.moduleControl());
        assertTrue(m.moduleStateChangedFlag());
        assertFalse(m.moduleStateChangedFlag(), "latched flag clears on read");
        advanceMs(10_000);
        assertEquals(CmisModuleState.LOW_PWR, m.moduleState());

        m.setLowPowerAllowHw(false);
        assertEquals(CmisModuleState.PWR_UP, m.moduleState());
        advanceMs(profile.powerUpMs() - 1);
        assertEquals(CmisModuleState.PWR_UP, m.moduleState(), "not ready before powerUpMs");
        advanceMs(2);
        assertEquals(CmisModuleState.READY, m.moduleState());
        assertTrue(m.moduleStateChangedFlag());

        m.setLowPowerRequest(true);
        assertEquals(CmisModuleState.PWR_DN, m.moduleState());
        advanceMs(profile.powerDownMs() + 1);
        assertEquals(CmisModuleState.LOW_PWR, m.moduleState());

        // the hardware path: software request off, HW allowed, pin decides
        m.setLowPowerAllowHw(true);
        m.setLowPowerRequest(false);
        assertEquals(CmisModuleState.LOW_PWR, m.moduleState());
        els.setLpModePin(false);
        assertEquals(CmisModuleState.PWR_UP, m.moduleState());
        advanceMs(profile.powerUpMs() + 1);
        assertEquals(CmisModuleState.READY, m.moduleState());
        els.setLpModePin(true);
        assertEquals(CmisModuleState.PWR_DN, m.moduleState());
    }

    @Test
    void lanesRefusedBeforeReady() {
        advanceMs(profile.initMs());
        m.setLaneEnables(0xFF);
        assertEquals(0, m.laneEnables());
        assertEquals(LaneStatus.OFF, m.laneStatus(0));
        advanceMs(1000);
        assertEquals(0.0, els.laneOutputMw(0));

        m.setLowPowerAllowHw(false);
        m.setLaneEnables(0xFF); // still PwrUp: refused
        assertEquals(0, m.laneEnables());
        advanceMs(profile.powerUpMs() + 1);
        assertEquals(0, m.laneEnables(), "a refused enable is not remembered for later");
        m.setLaneEnables(0x01);
        assertEquals(0x01, m.laneEnables());
    }

    @Test
    void laneRampsThenIsOnAtThePowerSetpoint() {
        toReady();
        m.setLaneEnables(0x05);
        assertEquals(LaneStatus.RAMPING, m.laneStatus(0));
        assertEquals(LaneStatus.OFF, m.laneStatus(1));
        advanceMs(profile.laneRampMs() / 2.0);
        assertEquals(10.0, els.laneOutputMw(0), 0.2, "linear ramp: half way, half power");
        assertEquals(LaneStatus.RAMPING, m.laneStatus(2));
        advanceMs(profile.laneRampMs() / 2.0 + 1);
        assertEquals(LaneStatus.ON, m.laneStatus(0));
        assertEquals(LaneStatus.ON, m.laneStatus(2));
        assertEquals(20.0, els.laneOutputMw(0), 0.01);
        assertEquals(0.0, els.laneOutputMw(1));
        assertEquals(20.0, m.powerMonitorMw(2), 0.01);
        assertEquals(ITH + 20.0 / SLOPE, m.biasMonitorMa(2), 0.05);
        assertEquals(0.0, m.powerMonitorMw(1));

        m.setLowPowerRequest(true); // leaving Ready turns every laser off
        assertEquals(0, m.laneEnables());
        assertEquals(0.0, els.laneOutputMw(0));
    }

    /**
     * A module given a ramp down ({@link ElsfpProfile#laneOffMs}) reports a disabled lane RAMPING, with its
     * light falling, until it is off; the generic module's lanes are off at once (the default, as before).
     */
    @Test
    void aLaneDisabledOnASlowModuleReadsRampingWhileItsLightFalls() {
        assertEquals(0, profile.laneOffMs());
        profile = profile.toBuilder().laneOffMs(40).build();
        els = new ElsfpSim(clock, profile);
        sim.root().detach(ElsfpMap.I2C_ADDRESS);
        sim.root().attach(ElsfpMap.I2C_ADDRESS, els);
        toReady();
        laneOn(0x03);
        m.setLaneEnables(0x01);
        assertEquals(0x01, m.laneEnables(), "the enable reads back off at once");
        assertEquals(LaneStatus.RAMPING, m.laneStatus(1));
        advanceMs(20);
        assertEquals(LaneStatus.RAMPING, m.laneStatus(1));
        assertEquals(10.0, els.laneOutputMw(1), 0.2, "half way down, half power");
        assertEquals(10.0, m.powerMonitorMw(1), 0.5); // the read itself takes a little of the ramp
        assertEquals(LaneStatus.ON, m.laneStatus(0));
        advanceMs(21);
        assertEquals(LaneStatus.OFF, m.laneStatus(1));
        assertEquals(0.0, els.laneOutputMw(1));
    }

    @Test
    void apcHoldsPowerAccHoldsBias() {
        toReady();
        laneOn(0x01);
        m.setPowerSetpointMw(0, 10.0);
        m.setBiasSetpointMa(0, 150.0); // ignored in APC
        assertEquals(10.0, m.powerMonitorMw(0), 0.01);
        assertEquals(ITH + 10.0 / SLOPE, m.biasMonitorMa(0), 0.05);
        assertEquals(150.0, m.biasSetpointMa(0), 1e-9);
        assertEquals(10.0, m.powerSetpointMw(0), 1e-9);

        m.setControlMode(ControlMode.ACC);
        assertEquals(ControlMode.ACC, m.controlMode());
        assertEquals(8, m.laneCount(), "mode write keeps the read-only lane count bits");
        assertEquals(150.0, m.biasMonitorMa(0), 0.05);
        assertEquals(SLOPE * (150.0 - ITH), m.powerMonitorMw(0), 0.01);
        assertEquals(SLOPE * (150.0 - ITH), els.laneOutputMw(0), 1e-9);
        m.setPowerSetpointMw(0, 5.0); // ignored in ACC
        assertEquals(39.0, m.powerMonitorMw(0), 0.01);
        m.setBiasSetpointMa(0, 15.0); // below threshold: dark
        assertEquals(0.0, els.laneOutputMw(0));

        m.setControlMode(ControlMode.APC);
        assertEquals(5.0, m.powerMonitorMw(0), 0.01);
    }

    @Test
    void pageSelectIsOneThreeByteWriteAndRedundantSelectsAreSkipped() {
        advanceMs(profile.initMs());
        rec.clear();
        m.vendorName();
        List<RecordingI2cBus.Transaction> t = rec.transactions();
        assertEquals(2, t.size(), t.toString());
        assertEquals(RecordingI2cBus.Kind.WRITE, t.get(0).kind());
        assertArrayEquals(new byte[] {126, 0, 0x00}, t.get(0).written());
        assertEquals(129, t.get(1).firstByte());
        assertEquals(16, t.get(1).readLength());

        rec.clear();
        m.laneEnables();
        m.laneEnables();
        m.identifier(); // lower page: no select needed, cache kept
        m.laneStatus(3);
        t = rec.transactions();
        assertEquals(5, t.size(), t.toString());
        assertArrayEquals(new byte[] {126, 0, 0x1A}, t.get(0).written());
        assertTrue(t.stream().skip(1).noneMatch(x -> x.firstByte() == 126 || x.firstByte() == 127), t.toString());
    }

    @Test
    void busErrorForgetsThePageSelection() {
        advanceMs(profile.initMs());
        m.laneEnables();
        sim.root().detach(ElsfpMap.I2C_ADDRESS);
        assertThrows(DeviceNotPresentException.class, m::laneEnables);
        sim.root().attach(ElsfpMap.I2C_ADDRESS, els);
        rec.clear();
        m.laneEnables();
        assertArrayEquals(new byte[] {126, 0, 0x1A}, rec.transactions().get(0).written());
    }

    @Test
    void latchedLaneFlagsClearOnRead() {
        toReady();
        m.setControlMode(ControlMode.ACC);
        laneOn(0x03);
        m.moduleStateChangedFlag();
        assertFalse(m.latchedLaneFlags().any(), "20 mW at the default bias raises nothing");
        assertFalse(els.interruptAsserted());

        m.setBiasSetpointMa(0, 10.0); // below threshold: no light
        assertEquals(0.0, m.powerMonitorMw(0));
        m.setBiasSetpointMa(0, ITH + 20.0 / SLOPE); // condition gone, flags stay latched
        assertEquals(20.0, m.powerMonitorMw(0), 0.05);
        assertTrue(els.interruptAsserted());

        LaneFlags flags = m.latchedLaneFlags();
        assertEquals(0x01, flags.lanes(LaneFlag.LOW_POWER_ALARM));
        assertEquals(0x01, flags.lanes(LaneFlag.LOW_POWER_WARNING));
        assertEquals(0x01, flags.lanes(LaneFlag.LOW_BIAS_WARNING));
        assertFalse(flags.isSet(LaneFlag.HIGH_POWER_ALARM, 0));
        assertFalse(flags.isSet(LaneFlag.LOW_POWER_ALARM, 1));

        assertFalse(m.latchedLaneFlags().any(), "second read: cleared");
        assertFalse(els.interruptAsserted());
    }

    @Test
    void killedLaneGoesDarkAndRaisesFault() {
        toReady();
        laneOn(0xFF);
        m.latchedLaneFlags();
        els.killLane(2);
        assertEquals(0.0, els.laneOutputMw(2));
        assertEquals(20.0, els.laneOutputMw(3), 0.01);
        assertEquals(0.0, m.powerMonitorMw(2));
        assertTrue(els.interruptAsserted());
        LaneFlags f = m.latchedLaneFlags();
        assertEquals(0x04, f.lanes(LaneFlag.FAULT));
        assertEquals(0x04, f.lanes(LaneFlag.LOW_POWER_ALARM));
        assertEquals(ElsfpMap.FAULT_CODE_APC_LOOP, m.laneFaultCode(2));
        assertEquals(0, m.laneFaultCode(3));
    }

    @Test
    void outOfRangeArgumentsRefusedWithoutBusTraffic() {
        advanceMs(profile.initMs());
        rec.clear();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.setBiasSetpointMa(0, 6553.6));
        assertTrue(e.getMessage().contains("bias setpoint") && e.getMessage().contains("6553.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.setPowerSetpointMw(0, 655.36));
        assertTrue(e.getMessage().contains("power setpoint") && e.getMessage().contains("655.35"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.setPowerSetpointMw(0, -0.01));
        assertThrows(IllegalArgumentException.class, () -> m.setPowerSetpointMw(0, Double.NaN));
        e = assertThrows(IllegalArgumentException.class, () -> m.setBiasSetpointMa(8, 50));
        assertTrue(e.getMessage().contains("lane must be 0-7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.biasMonitorMa(-1));
        assertThrows(IllegalArgumentException.class, () -> m.setLaneEnables(0x100));
        assertThrows(IllegalArgumentException.class, () -> m.setControlMode(null));
        assertEquals(List.of(), rec.transactions());
        m.setPowerSetpointMw(0, 655.35); // the top of the field is accepted
        assertEquals(655.35, m.powerSetpointMw(0), 1e-9);
    }

    @Test
    void softwareResetAndResetPinRestartMgmtInit() {
        toReady();
        laneOn(0x01);
        m.setPowerSetpointMw(0, 12.0);
        m.softwareReset();
        assertThrows(NakException.class, m::identifier);
        assertEquals(0.0, els.laneOutputMw(0));
        advanceMs(profile.initMs());
        assertEquals(CmisModuleState.LOW_PWR, m.moduleState());
        assertEquals(20.0, m.powerSetpointMw(0), 1e-9, "setpoints back to power-on values");

        els.setResetAsserted(true);
        advanceMs(10 * profile.initMs());
        assertThrows(NakException.class, m::moduleState);
        els.setResetAsserted(false);
        advanceMs(profile.initMs() - 1);
        assertThrows(NakException.class, m::moduleState);
        advanceMs(1);
        assertEquals(CmisModuleState.LOW_PWR, m.moduleState());
    }

    @Test
    void emulatorAppliesBankAndPageTogetherAtTheEndOfTheWrite() {
        advanceMs(profile.initMs());
        byte[] in = new byte[1];
        sim.write(0x50, new byte[] {126, 0, 0x1A}, 0, 3);
        sim.writeRead(0x50, new byte[] {(byte) 140}, 0, 1, in, 0, 1);
        assertEquals(8 << 1 | 1, in[0] & 0xFF);
        sim.write(0x50, new byte[] {126, 1, 0x1A}, 0, 3); // bank 1 not populated: reads 0
        sim.writeRead(0x50, new byte[] {(byte) 140}, 0, 1, in, 0, 1);
        assertEquals(0, in[0]);
        sim.write(0x50, new byte[] {0, 0x11}, 0, 2); // identifier is read-only: acknowledged, ignored
        sim.writeRead(0x50, new byte[] {0}, 0, 1, in, 0, 1);
        assertEquals(0x22, in[0]);
    }
}
