package org.lightkeeper.sim.chip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.NakException;
import org.lightkeeper.hal.chip.Pca9555;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.bus.SimI2cBus;

class Pca9555Test {
    private final VirtualClock clock = new VirtualClock();
    private final SimI2cBus bus = new SimI2cBus("i2c-test", 400_000, clock);
    private final Pca9555Sim sim = new Pca9555Sim();
    private final Pca9555 gpio;

    Pca9555Test() {
        bus.root().attach(0x21, sim);
        gpio = new Pca9555(bus, 0x21);
    }

    @Test
    void powerUpIsAllInputsOutputsHighPulledUp() {
        assertEquals(0xFFFF, gpio.readConfiguration());
        assertEquals(0xFFFF, gpio.readOutputs());
        assertEquals(0x0000, gpio.readPolarityInversion());
        assertEquals(0xFFFF, gpio.readInputs());
    }

    @Test
    void inputsReadExternalLevelsWithPort1InHighByte() {
        sim.setInput(0, false);
        sim.setInput(9, false);
        assertEquals(0xFDFE, gpio.readInputs());
        assertFalse(sim.pinLevel(9));
    }

    @Test
    void outputPinsDriveTheirLatchAndReadBackOnTheInputPort() {
        gpio.configure(0xFF00);        // port 0 outputs, port 1 inputs
        gpio.writeOutputs(0x00A5);     // port 1 latch low, but those pins are inputs
        sim.setInput(0, false);        // ignored: pin 0 is driven high by the latch
        assertEquals(0x00A5, gpio.readOutputs());
        assertEquals(0xFFA5, gpio.readInputs());
        assertTrue(sim.pinLevel(0));
        assertFalse(sim.pinLevel(1));
        assertTrue(sim.pinLevel(8));

        gpio.configure(0xFFFF);        // back to inputs: external levels show again
        assertEquals(0xFFFE, gpio.readInputs());
    }

    @Test
    void polarityInversionFlipsInputPortOnly() {
        sim.setInput(3, false);
        gpio.setPolarityInversion(0x8008);
        assertEquals(0x7FFF, gpio.readInputs()); // pin 3 low reads 1, pin 15 high reads 0
        assertFalse(sim.pinLevel(3));
        assertEquals(0x8008, gpio.readPolarityInversion());
    }

    @Test
    void listenerSeesLevelChangesFromOutputAndConfigurationWrites() {
        List<String> seen = new ArrayList<>();
        sim.addListener((pin, high) -> seen.add(pin + (high ? "H" : "L")));
        gpio.writeOutputs(0xFFFE);     // pin 0 is still an input: no level change
        assertTrue(seen.isEmpty());
        gpio.configure(0xFFFE);        // pin 0 becomes an output driving its low latch
        assertEquals(List.of("0L"), seen);
        gpio.writeOutputs(0x7FFF);     // pin 0 high again; pin 15 is an input, unchanged
        assertEquals(List.of("0L", "0H"), seen);
        sim.setInput(14, false);       // external changes are not write-driven
        assertEquals(2, seen.size());
    }

    @Test
    void pointerTogglesWithinPairOnRawBytes() {
        // Hand-built frames: command 0x07 then two bytes lands in config port 1, then port 0.
        bus.write(0x21, new byte[] {0x07, (byte) 0xF0, 0x0F}, 0, 3);
        assertEquals(0x0F, sim.register(Pca9555.CONFIGURATION_0));
        assertEquals(0xF0, sim.register(Pca9555.CONFIGURATION_1));
        byte[] in = new byte[3];
        bus.writeRead(0x21, new byte[] {0x06}, 0, 1, in, 0, 3);
        assertArrayEquals(new byte[] {0x0F, (byte) 0xF0, 0x0F}, in);
        // A plain read starts again at the stored command byte.
        byte[] again = new byte[1];
        bus.read(0x21, again, 0, 1);
        assertEquals(0x0F, again[0]);
    }

    @Test
    void writesToInputPortAreIgnored() {
        bus.write(0x21, new byte[] {0x00, 0x00, 0x00}, 0, 3);
        assertEquals(0xFFFF, gpio.readInputs());
    }

    @Test
    void commandPastSevenNaks() {
        NakException e = assertThrows(NakException.class,
                () -> bus.write(0x21, new byte[] {0x08, 0x00}, 0, 2));
        assertEquals(0x08, e.register());
    }

    @Test
    void absentAddressIsNotPresent() {
        Pca9555 ghost = new Pca9555(bus, 0x27);
        assertThrows(DeviceNotPresentException.class, ghost::readInputs);
    }

    @Test
    void sixteenBitWriteCostsItsWireTime() {
        long before = clock.nanos();
        gpio.writeOutputs(0x1234);
        // START + (address + command + 2 data) x 9 clocks + STOP = 38 clocks at 400 kHz.
        assertEquals(95_000, clock.nanos() - before);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Pca9555(bus, 0x28));
        assertThrows(IllegalArgumentException.class, () -> new Pca9555(bus, 0x1F));
        assertThrows(IllegalArgumentException.class, () -> gpio.writeOutputs(0x10000));
        assertThrows(IllegalArgumentException.class, () -> gpio.configure(-1));
        assertThrows(IllegalArgumentException.class, () -> gpio.setPolarityInversion(0x1_0000));
        assertThrows(IllegalArgumentException.class, () -> sim.setInput(16, true));
        assertThrows(IllegalArgumentException.class, () -> sim.pinLevel(-1));
    }
}
