package org.lightkeeper.sim.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.GpioDirection;
import org.lightkeeper.hal.bus.GpioEdge;
import org.lightkeeper.hal.bus.Pca9555GpioPin;
import org.lightkeeper.hal.chip.Pca9555;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.chip.Pca9555Sim;

class Pca9555GpioPinTest {
    private final VirtualClock clock = new VirtualClock();
    private final SimI2cBus bus = new SimI2cBus("i2c-test", 400_000, clock);
    private final Pca9555Sim sim = new Pca9555Sim();
    private final Pca9555 expander;
    private final List<String> pinChanges = new ArrayList<>();

    Pca9555GpioPinTest() {
        bus.root().attach(0x21, sim);
        expander = new Pca9555(bus, 0x21);
        sim.addListener((pin, high) -> pinChanges.add(pin + (high ? "H" : "L")));
    }

    @Test
    void outputLatchIsSetBeforeThePinTurnsOutput() {
        expander.writeOutputs(0x0000); // every latch low, all pins still inputs (pulled high)
        Pca9555GpioPin reset = new Pca9555GpioPin(expander, 3, GpioDirection.OUTPUT_HIGH, clock);
        assertTrue(sim.pinLevel(3));
        assertTrue(pinChanges.isEmpty(), "no low glitch: " + pinChanges);
        assertEquals(0xFFF7, expander.readConfiguration());
        reset.write(false);
        assertFalse(sim.pinLevel(3));
        assertFalse(reset.read());
        assertEquals(List.of("3L"), pinChanges);
        assertThrows(IllegalStateException.class, () -> reset.addEdgeListener(GpioEdge.RISING, (p, e, t) -> { }));
    }

    @Test
    void writesLeaveTheOtherPinsAlone() {
        Pca9555GpioPin a = new Pca9555GpioPin(expander, 1, GpioDirection.OUTPUT_LOW, clock);
        Pca9555GpioPin b = new Pca9555GpioPin(expander, 10, GpioDirection.OUTPUT_LOW, clock);
        Pca9555GpioPin in = new Pca9555GpioPin(expander, 0, GpioDirection.INPUT, clock);
        a.write(true);
        b.write(true);
        a.write(false);
        assertFalse(sim.pinLevel(1));
        assertTrue(sim.pinLevel(10));
        assertEquals(0xFBFD, expander.readConfiguration());
        assertEquals("i2c-test/0x21.0", in.name());
        assertThrows(IllegalStateException.class, () -> in.write(true));
    }

    @Test
    void edgesAreFoundBySuccessiveReadsAndStampedAfterTheRead() {
        Pca9555GpioPin prs = new Pca9555GpioPin(expander, 0, GpioDirection.INPUT, clock);
        List<String> rising = new ArrayList<>();
        List<String> falling = new ArrayList<>();
        prs.addEdgeListener(GpioEdge.RISING, (p, e, t) -> rising.add(e + "@" + t));
        prs.addEdgeListener(GpioEdge.FALLING, (p, e, t) -> falling.add(e + "@" + t));
        assertEquals(0, prs.poll(), "no change since the pin was opened");

        clock.advance(1_000_000);
        sim.setInput(0, false);          // module inserted: ModPrsL low
        assertEquals(0, prs.pendingEdges(), "an expander edge exists only once a read sees it");
        assertEquals(1, prs.poll());
        long seen = clock.nanos();       // the read charged its wire time; the edge is stamped after it
        assertTrue(seen > 1_000_000);
        assertEquals(List.of("FALLING@" + seen), falling);

        clock.advance(1_000_000);
        sim.setInput(0, true);
        assertTrue(prs.read());          // a plain read finds the edge too; poll delivers it
        long seen2 = clock.nanos();
        assertEquals(1, prs.poll());
        assertEquals(List.of("RISING@" + seen2), rising);
    }

    @Test
    void aPulseShorterThanThePollPeriodIsMissed() {
        Pca9555GpioPin intl = new Pca9555GpioPin(expander, 3, GpioDirection.INPUT, clock);
        List<String> both = new ArrayList<>();
        intl.addEdgeListener(GpioEdge.BOTH, (p, e, t) -> both.add(e.name()));
        sim.setInput(3, false);
        sim.setInput(3, true);
        assertEquals(0, intl.poll());
        assertTrue(both.isEmpty());
    }

    @Test
    void pollWithoutListenersTouchesNoBus() {
        Pca9555GpioPin in = new Pca9555GpioPin(expander, 5, GpioDirection.INPUT, clock);
        long before = clock.nanos();
        assertEquals(0, in.poll());
        assertEquals(before, clock.nanos());
    }

    @Test
    void aVanishedExpanderIsATypedErrorFromPoll() {
        Pca9555GpioPin in = new Pca9555GpioPin(expander, 5, GpioDirection.INPUT, clock);
        in.addEdgeListener(GpioEdge.BOTH, (p, e, t) -> { });
        bus.faults().vanish(0x21);
        DeviceNotPresentException e = assertThrows(DeviceNotPresentException.class, in::poll);
        assertEquals("i2c-test", e.bus());
        assertEquals(0x21, e.address());
    }

    @Test
    void pinNumberIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Pca9555GpioPin(expander, 16, GpioDirection.INPUT, clock));
    }
}
