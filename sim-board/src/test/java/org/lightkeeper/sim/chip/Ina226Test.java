package org.lightkeeper.sim.chip;

import static org.junit.jupiter.api.Assertions.*;
import static org.lightkeeper.hal.chip.Ina226.*;

import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.bus.NakException;
import org.lightkeeper.hal.chip.Ina226;
import org.lightkeeper.hal.chip.Ina226.Averaging;
import org.lightkeeper.hal.chip.Ina226.ConversionTime;
import org.lightkeeper.hal.chip.Ina226.Mode;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.bus.SimI2cBus;

class Ina226Test {
    private static final int ADDR = 0x40;
    private final VirtualClock clock = new VirtualClock();
    private final SimI2cBus bus = new SimI2cBus("i2c-test", 400_000, clock);
    private final RecordingI2cBus rec = new RecordingI2cBus(bus);
    private double volts = 12.0;
    private double amps = 1.5;

    private Ina226 attach(Ina226Sim sim) {
        bus.root().attach(ADDR, sim);
        return new Ina226(rec, ADDR);
    }

    private Ina226 attachTimeless() {
        return attach(new Ina226Sim(() -> volts, () -> amps, 0.002));
    }

    private static byte[] bytes(int... v) {
        return RecordingSpi.bytes(v);
    }

    @Test
    void datasheetBytesOnTheWire() {
        Ina226 ina = attachTimeless();
        // 2 mOhm shunt, 1 mA current LSB: CAL = 0.00512 / (0.001 x 0.002) = 2560 = 0x0A00.
        assertEquals(0x0A00, ina.calibrate(0.002, 32.768));
        ina.configure(Averaging.AVG_16, ConversionTime.US_1100, ConversionTime.US_1100, Mode.SHUNT_BUS_CONTINUOUS);
        ina.busVolts();
        var t = rec.transactions();
        assertEquals(3, t.size());
        assertEquals(RecordingI2cBus.Kind.WRITE, t.get(0).kind());
        assertArrayEquals(bytes(0x05, 0x0A, 0x00), t.get(0).written());
        assertArrayEquals(bytes(0x00, 0x45, 0x27), t.get(1).written());
        assertEquals(RecordingI2cBus.Kind.WRITE_READ, t.get(2).kind());
        assertArrayEquals(bytes(0x02), t.get(2).written());
        assertEquals(2, t.get(2).readLength());
    }

    @Test
    void pureConversionsMatchDatasheetScales() {
        assertEquals(12.0, Ina226.busVoltsFor(0x2580), 1e-12);
        assertEquals(40.95875, Ina226.busVoltsFor(0x7FFF), 1e-12);
        assertEquals(81.9175e-3, Ina226.shuntVoltsFor(0x7FFF), 1e-12);
        assertEquals(-2.5e-6, Ina226.shuntVoltsFor(0xFFFF), 1e-15);
        assertEquals(-81.92e-3, Ina226.shuntVoltsFor(0x8000), 1e-12);
        assertEquals(-0.5, Ina226.currentFor(0xFE0C, 0.001), 1e-12);
        assertEquals(18.0, Ina226.powerFor(720, 0.001), 1e-12);
        assertEquals(2048, Ina226.calibrationFor(25e-6, 0.1));
        assertEquals(2560, Ina226.calibrationFor(0.001, 0.002));
        assertEquals(0x4127, Ina226.configurationWord(Averaging.AVG_1, ConversionTime.US_1100, ConversionTime.US_1100,
                Mode.SHUNT_BUS_CONTINUOUS));
        assertEquals(Mode.POWER_DOWN, Mode.fromBits(0b100));
        assertThrows(IllegalArgumentException.class, () -> Ina226.busVoltsFor(0x10000));
    }

    @Test
    void emulatorQuantisesAndClamps() {
        assertEquals(0x04B0, Ina226Sim.quantiseShunt(3e-3));
        assertEquals(0xFE70, Ina226Sim.quantiseShunt(-1e-3));
        assertEquals(0x7FFF, Ina226Sim.quantiseShunt(0.1));
        assertEquals(0x8000, Ina226Sim.quantiseShunt(-0.1));
        assertEquals(0x2580, Ina226Sim.quantiseBus(12.0));
        assertEquals(0x2580, Ina226Sim.quantiseBus(12.0006)); // under half an LSB
        assertEquals(0x2581, Ina226Sim.quantiseBus(12.0007));
        assertEquals(0x7FFF, Ina226Sim.quantiseBus(50.0));
        assertEquals(0, Ina226Sim.quantiseBus(-1.0));
    }

    @Test
    void readsBusShuntCurrentAndPowerThroughCalibration() {
        Ina226 ina = attachTimeless();
        assertEquals(0, ina.readRegister(CURRENT), "current reads 0 until CAL is written");
        assertEquals(0, ina.readRegister(POWER));
        assertThrows(IllegalStateException.class, ina::currentA);
        ina.calibrate(0.002, 32.768);
        assertEquals(12.0, ina.busVolts(), 1e-12);
        assertEquals(3e-3, ina.shuntVolts(), 1e-12);
        assertEquals(1500, ina.readRegister(CURRENT)); // 1200 x 2560 / 2048
        assertEquals(1.5, ina.currentA(), 1e-12);
        assertEquals(720, ina.readRegister(POWER)); // 1500 x 9600 / 20000
        assertEquals(18.0, ina.powerW(), 1e-12);

        amps = -0.5;
        assertEquals(-0.5, ina.currentA(), 1e-12);
        assertEquals(6.0, ina.powerW(), 1e-12, "power register is unsigned");
        assertEquals(0, ina.readMaskEnable() & ME_OVF);
    }

    @Test
    void calibrationChangesCurrentScale() {
        Ina226 ina = attachTimeless();
        ina.calibrate(0.002, 32.768);
        assertEquals(1500, ina.readRegister(CURRENT));
        ina.calibrate(0.002, 3.2768); // 100 uA LSB, CAL 25600
        assertEquals(15000, ina.readRegister(CURRENT));
        assertEquals(1.5, ina.currentA(), 1e-9);
        assertEquals(1e-4, ina.currentLsbA(), 1e-15);
        assertEquals(2.5e-3, ina.powerLsbW(), 1e-15);
    }

    @Test
    void overflowSetsOvfAndClamps() {
        Ina226 ina = attach(new Ina226Sim(() -> volts, () -> amps, 0.1));
        amps = 0.8; // 80 mV: 32000 LSB
        ina.writeRegister(CALIBRATION, 0x7FFF); // 32000 x 32767 / 2048 overflows s16
        assertEquals(0x7FFF, ina.readRegister(CURRENT));
        assertNotEquals(0, ina.readMaskEnable() & ME_OVF);
        ina.writeRegister(CALIBRATION, 0xFFFF);
        assertEquals(0x7FFF, ina.readRegister(CALIBRATION), "bit 15 of CAL is not used");
    }

    @Test
    void identityConfigurationAndReset() {
        Ina226 ina = attachTimeless();
        assertEquals(0x5449, ina.manufacturerId());
        assertEquals(0x2260, ina.dieId());
        assertEquals(0x4127, ina.readConfiguration());
        ina.configure(Averaging.AVG_1024, ConversionTime.US_140, ConversionTime.US_8244, Mode.BUS_CONTINUOUS);
        assertEquals(0x4E3E, ina.readConfiguration());
        ina.writeRegister(CONFIGURATION, 0x7000 | 0x0127);
        assertEquals(0x4127, ina.readConfiguration(), "bits 14-12 read 100b whatever is written");
        ina.calibrate(0.002, 32.768);
        ina.reset();
        assertEquals(0x4127, ina.readConfiguration());
        assertEquals(0, ina.readRegister(CALIBRATION));
        assertEquals(0, ina.currentLsbA());
        assertThrows(IllegalStateException.class, ina::powerW);
    }

    @Test
    void unknownRegisterNaksAndDriverRefusesIt() {
        Ina226 ina = attachTimeless();
        NakException e = assertThrows(NakException.class,
                () -> bus.writeRead(ADDR, new byte[] {0x08}, 0, 1, new byte[2], 0, 2));
        assertEquals(0x08, e.register());
        assertEquals(ADDR, e.address());
        rec.clear();
        assertThrows(IllegalArgumentException.class, () -> ina.readRegister(0x08));
        assertThrows(IllegalArgumentException.class, () -> ina.writeRegister(BUS_VOLTAGE, 0));
        assertTrue(rec.transactions().isEmpty());
    }

    @Test
    void conversionReadyFollowsConversionTimeOnTheClock() {
        Ina226 ina = attach(new Ina226Sim(() -> volts, () -> amps, 0.002, clock));
        ina.configure(Averaging.AVG_4, ConversionTime.US_140, ConversionTime.US_204, Mode.SHUNT_BUS_CONTINUOUS);
        long period = 4 * (140_000 + 204_000);
        assertEquals(period, Ina226Sim.conversionNanos(ina.readConfiguration()));
        assertFalse(ina.conversionReady(), "config write cleared CVRF and restarted");
        assertEquals(0, ina.readRegister(BUS_VOLTAGE), "no conversion finished yet");
        clock.advance(period);
        assertTrue(ina.conversionReady());
        assertFalse(ina.conversionReady(), "reading Mask/Enable cleared CVRF");
        assertEquals(12.0, ina.busVolts(), 1e-12);
        volts = 5.0;
        assertEquals(12.0, ina.busVolts(), 1e-12, "held until the next conversion ends");
        clock.advance(period);
        assertEquals(5.0, ina.busVolts(), 1e-12);
    }

    @Test
    void triggeredModeConvertsOnce() {
        Ina226Sim sim = new Ina226Sim(() -> volts, () -> amps, 0.002, clock);
        Ina226 ina = attach(sim);
        ina.configure(Averaging.AVG_1, ConversionTime.US_1100, ConversionTime.US_1100, Mode.SHUNT_BUS_TRIGGERED);
        long before = sim.conversions();
        clock.advance(10_000_000);
        assertEquals(12.0, ina.busVolts(), 1e-12);
        volts = 3.3;
        clock.advance(10_000_000);
        assertEquals(12.0, ina.busVolts(), 1e-12);
        assertEquals(before + 1, sim.conversions());
        assertTrue(ina.conversionReady());
        assertFalse(ina.conversionReady());
        ina.configure(Averaging.AVG_1, ConversionTime.US_1100, ConversionTime.US_1100, Mode.BUS_TRIGGERED);
        clock.advance(1_100_000);
        assertEquals(3.3, ina.busVolts(), 1e-3);
    }

    @Test
    void timelessEmulatorTriggeredConversionIsReadyOnce() {
        Ina226 ina = attachTimeless();
        ina.configure(Averaging.AVG_1, ConversionTime.US_140, ConversionTime.US_140, Mode.SHUNT_BUS_TRIGGERED);
        assertTrue(ina.conversionReady());
        assertFalse(ina.conversionReady());
        ina.configure(Averaging.AVG_1, ConversionTime.US_140, ConversionTime.US_140, Mode.POWER_DOWN);
        assertFalse(ina.conversionReady());
    }

    @Test
    void busOverLimitAlertLatchesUntilMaskEnableRead() {
        Ina226Sim sim = new Ina226Sim(() -> volts, () -> amps, 0.002);
        Ina226 ina = attach(sim);
        rec.clear();
        ina.configureAlert(ME_BOL | ME_LEN, Ina226Sim.quantiseBus(13.0));
        assertArrayEquals(bytes(0x07, 0x28, 0xA0), rec.transactions().get(0).written());
        assertArrayEquals(bytes(0x06, 0x20, 0x01), rec.transactions().get(1).written());
        assertEquals(0, ina.readMaskEnable() & ME_AFF);
        volts = 14.0;
        ina.busVolts();
        assertTrue(sim.alertAsserted());
        volts = 12.0;
        ina.busVolts();
        assertTrue(sim.alertAsserted(), "latched");
        assertNotEquals(0, ina.readMaskEnable() & ME_AFF);
        assertEquals(0, ina.readMaskEnable() & ME_AFF, "cleared by the read");

        ina.configureAlert(ME_BOL, Ina226Sim.quantiseBus(13.0)); // transparent
        volts = 14.0;
        ina.busVolts();
        volts = 12.0;
        ina.busVolts();
        assertFalse(sim.alertAsserted());
        assertEquals(0, ina.readMaskEnable() & ME_AFF);
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyTransaction() {
        Ina226 ina = attachTimeless();
        assertThrows(IllegalArgumentException.class, () -> new Ina226(bus, 0x3F));
        assertThrows(IllegalArgumentException.class, () -> new Ina226(bus, 0x50));
        assertThrows(IllegalArgumentException.class, () -> new Ina226(null, 0x40));
        assertThrows(IllegalArgumentException.class, () -> ina.calibrate(0, 1));
        assertThrows(IllegalArgumentException.class, () -> ina.calibrate(0.002, -1));
        assertThrows(IllegalArgumentException.class, () -> ina.calibrate(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> ina.calibrate(1.0, 1000)); // CAL < 1
        assertThrows(IllegalArgumentException.class, () -> ina.calibrate(0.0001, 0.001)); // CAL > 32767
        assertThrows(IllegalArgumentException.class, () -> ina.configure(null, ConversionTime.US_140,
                ConversionTime.US_140, Mode.POWER_DOWN));
        assertThrows(IllegalArgumentException.class, () -> ina.writeRegister(CALIBRATION, 0x10000));
        assertThrows(IllegalArgumentException.class, () -> ina.configureAlert(ME_CVRF, 0));
        assertThrows(IllegalArgumentException.class, () -> new Ina226Sim(() -> 0, () -> 0, 0));
        assertTrue(rec.transactions().isEmpty());
        assertEquals(0, ina.currentLsbA(), "a refused calibration changes nothing");
    }
}
