package org.lightkeeper.sim.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.MuxedI2cBus;
import org.lightkeeper.hal.chip.Tca9548a;
import org.lightkeeper.hal.chip.Tmp117;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.bus.SimI2cBus;

class Tca9548aSimTest {
    private final VirtualClock clock = new VirtualClock();
    private final SimI2cBus bus = new SimI2cBus("i2c-test", 400_000, clock);
    private final Tca9548aSim muxSim = new Tca9548aSim();
    private final Tca9548a mux;

    Tca9548aSimTest() {
        bus.root().attach(0x70, muxSim);
        mux = new Tca9548a(bus, 0x70);
        muxSim.channel(3).attach(0x48, new Tmp117Sim(() -> 30.0));
    }

    @Test
    void controlRegisterPowersUpClearAndReadsBack() {
        assertEquals(0x00, mux.selected());
        mux.select(0x81);
        assertEquals(0x81, mux.selected());
        // Several bytes in one write: the part keeps the last.
        bus.write(0x70, new byte[] {0x01, 0x04}, 0, 2);
        assertEquals(0x04, muxSim.control());
    }

    @Test
    void deviceAnswersOnlyWhileItsChannelIsSelected() {
        Tmp117 direct = new Tmp117(bus, 0x48);
        assertThrows(DeviceNotPresentException.class, direct::readTemperatureC);

        mux.select(1 << 2);
        assertThrows(DeviceNotPresentException.class, direct::readTemperatureC);

        mux.select(1 << 3);
        assertEquals(30.0, direct.readTemperatureC());

        mux.select(0);
        assertThrows(DeviceNotPresentException.class, direct::readTemperatureC);
    }

    @Test
    void muxedBusSelectsTheChannelAndNamesTheSegmentInErrors() {
        MuxedI2cBus.MuxSelection selection = new MuxedI2cBus.MuxSelection();
        MuxedI2cBus ch3 = new MuxedI2cBus(mux, selection, 3, "mux0");
        MuxedI2cBus ch5 = new MuxedI2cBus(mux, selection, 5, "mux0");

        assertEquals(30.0, new Tmp117(ch3, 0x48).readTemperatureC());
        assertEquals(1 << 3, muxSim.control());

        DeviceNotPresentException e = assertThrows(DeviceNotPresentException.class,
                () -> new Tmp117(ch5, 0x48).readTemperatureC());
        assertEquals("i2c-test/mux0.5", e.bus());
        assertEquals(1 << 5, muxSim.control());

        // Back on channel 3 the mux is switched again (the cache knows channel 5 is selected).
        assertEquals(30.0, new Tmp117(ch3, 0x48).readTemperatureC());
    }

    @Test
    void channelSwitchPlusReadCostsBothTransactions() {
        MuxedI2cBus ch3 = new MuxedI2cBus(mux, new MuxedI2cBus.MuxSelection(), 3, "mux0");
        Tmp117 t = new Tmp117(ch3, 0x48);
        long before = clock.nanos();
        t.readTemperatureC();
        // Mux write: 2 + 9 x 2 = 20 clocks (50 us); register read: 48 clocks (120 us).
        assertEquals(170_000, clock.nanos() - before);
        long second = clock.nanos();
        t.readTemperatureC(); // channel cached: no mux write
        assertEquals(120_000, clock.nanos() - second);
    }

    @Test
    void rejectsBadChannel() {
        assertThrows(IllegalArgumentException.class, () -> muxSim.channel(8));
        assertThrows(IllegalArgumentException.class, () -> muxSim.channel(-1));
    }
}
