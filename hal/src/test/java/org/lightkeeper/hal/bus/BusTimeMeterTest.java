package org.lightkeeper.hal.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BusTimeMeterTest {
    private final ScriptedI2cBus fake = new ScriptedI2cBus("i2c-1", 400_000);
    private final BusTimeMeter meter = new BusTimeMeter();
    private final LoggingI2cBus bus = new LoggingI2cBus(fake, new TransactionLog(8, () -> 0), meter);

    @Test
    void wireTimeAddsUpExactlyPerWireTime() {
        bus.write(0x48, new byte[3], 0, 3);
        bus.read(0x48, new byte[2], 0, 2);
        bus.writeRead(0x48, new byte[1], 0, 1, new byte[2], 0, 2);
        long expected = WireTime.i2cNanos(400_000, 3, 0) + WireTime.i2cNanos(400_000, 0, 2)
                + WireTime.i2cNanos(400_000, 1, 2);
        assertEquals(expected, meter.totalWireNs());
        assertEquals(120_000, WireTime.i2cNanos(400_000, 1, 2)); // DESIGN.md: ~120 us a register read
        assertEquals(3, meter.transactions());
    }

    @Test
    void failedTransactionsAreChargedToo() {
        fake.then(new NakException("i2c-1", 0x48, 0, "NAK"));
        assertThrows(NakException.class, () -> bus.write(0x48, new byte[1], 0, 1));
        assertEquals(WireTime.i2cNanos(400_000, 1, 0), meter.totalWireNs());
    }

    @Test
    void markGivesTheBusTimeOfEachLoopIteration() {
        bus.writeRead(0x48, new byte[1], 0, 1, new byte[2], 0, 2);
        assertEquals(120_000, meter.markAndElapsedWireNs());
        bus.writeRead(0x48, new byte[1], 0, 1, new byte[2], 0, 2);
        bus.writeRead(0x48, new byte[1], 0, 1, new byte[2], 0, 2);
        assertEquals(240_000, meter.elapsedWireNs());
        assertEquals(240_000, meter.markAndElapsedWireNs());
        assertEquals(0, meter.markAndElapsedWireNs());
        assertEquals(360_000, meter.totalWireNs());
        assertEquals(0.24, BusTimeMeter.share(240_000, 1_000_000), 1e-12); // 24 % of a 1 kHz period
    }
}
