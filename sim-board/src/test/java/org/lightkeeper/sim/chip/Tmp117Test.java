package org.lightkeeper.sim.chip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.NakException;
import org.lightkeeper.hal.chip.Tmp117;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.bus.SimI2cBus;

class Tmp117Test {
    private final VirtualClock clock = new VirtualClock();
    private final SimI2cBus bus = new SimI2cBus("i2c-test", 400_000, clock);
    private double ambient = 25.0;

    private Tmp117 attach(int address) {
        bus.root().attach(address, new Tmp117Sim(() -> ambient));
        return new Tmp117(bus, address);
    }

    @Test
    void decodesDatasheetBytes() {
        // Hand-taken from the datasheet's temperature data format table.
        assertEquals(25.0, Tmp117.toCelsius(0x0C80));
        assertEquals(-1.0, Tmp117.toCelsius(0xFF80));
        assertEquals(0.0078125, Tmp117.toCelsius(0x0001));
        assertEquals(-256.0, Tmp117.toCelsius(0x8000));
        assertEquals(255.9921875, Tmp117.toCelsius(0x7FFF));
        assertEquals(-1.0, Tmp117.toCelsius(-128)); // a sign-extended short decodes the same
        assertThrows(IllegalArgumentException.class, () -> Tmp117.toCelsius(0x10000));
    }

    @Test
    void emulatorQuantisesToNearestLsbAndClamps() {
        assertEquals(0x0C80, Tmp117Sim.quantise(25.0));
        assertEquals(0x0001, Tmp117Sim.quantise(0.004));   // just over half an LSB rounds up
        assertEquals(0x0000, Tmp117Sim.quantise(0.0039));  // just under rounds down
        assertEquals(0xFF80, Tmp117Sim.quantise(-1.0));
        assertEquals(0x7FFF, Tmp117Sim.quantise(400.0));
        assertEquals(0x8000, Tmp117Sim.quantise(-400.0));
    }

    @Test
    void driverReadsEmulatedTemperatureMsbFirst() {
        Tmp117 t = attach(0x48);
        assertEquals(25.0, t.readTemperatureC());
        ambient = -40.03;
        assertEquals(-40.03, t.readTemperatureC(), Tmp117.LSB_C / 2);

        ambient = 25.0;
        byte[] raw = new byte[2];
        bus.writeRead(0x48, new byte[] {0x00}, 0, 1, raw, 0, 2);
        assertArrayEquals(new byte[] {0x0C, (byte) 0x80}, raw);
    }

    @Test
    void deviceIdAndConfiguration() {
        Tmp117 t = attach(0x4B);
        assertEquals(0x0117, t.deviceId());
        assertEquals(Tmp117.DEVICE_ID_VALUE, t.deviceId() & Tmp117.DEVICE_ID_MASK);
        assertEquals(0x0220, t.readConfiguration());

        t.writeConfiguration(0x0C00); // MOD = 11b: one-shot
        assertEquals(0x0C00, t.readConfiguration());
        t.writeConfiguration(0xF000); // flag bits are read-only
        assertEquals(0x0000, t.readConfiguration());
        t.writeConfiguration(0x0002); // soft reset restores power-up
        assertEquals(0x0220, t.readConfiguration());
    }

    @Test
    void unknownPointerNaksWithRegister() {
        Tmp117 t = attach(0x49);
        NakException e = assertThrows(NakException.class, () -> t.readRegister(0x0A));
        assertEquals(0x0A, e.register());
    }

    @Test
    void absentAddressIsNotPresent() {
        attach(0x48);
        Tmp117 ghost = new Tmp117(bus, 0x4A);
        DeviceNotPresentException e = assertThrows(DeviceNotPresentException.class, ghost::readTemperatureC);
        assertEquals(0x4A, e.address());
    }

    @Test
    void readCostsItsWireTime() {
        Tmp117 t = attach(0x48);
        long before = clock.nanos();
        t.readTemperatureC();
        // START + addr+ptr (18) + Sr + addr+2 data (27+1) + STOP = 48 clocks at 400 kHz = 120 us.
        assertEquals(120_000, clock.nanos() - before);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Tmp117(bus, 0x4C));
        assertThrows(IllegalArgumentException.class, () -> new Tmp117(bus, 0x47));
        Tmp117 t = attach(0x48);
        assertThrows(IllegalArgumentException.class, () -> t.writeConfiguration(0x10000));
        assertThrows(IllegalArgumentException.class, () -> t.readRegister(0x10));
        assertThrows(IllegalArgumentException.class, () -> new Tmp117Sim(null));
    }
}
