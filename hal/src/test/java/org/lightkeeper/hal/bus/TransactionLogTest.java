package org.lightkeeper.hal.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.time.Clock;

class TransactionLogTest {
    private long now = 1_000;
    private final Clock clock = () -> now;
    private final ScriptedI2cBus fake = new ScriptedI2cBus("i2c-2", 100_000);
    private final TransactionLog log = new TransactionLog(4, clock);
    private final LoggingI2cBus bus = new LoggingI2cBus(fake, log);

    @Test
    void keepsTheLastNInOrderAndWraps() {
        for (int i = 0; i < 10; i++) {
            now += 10;
            bus.write(0x40 + i, new byte[] {(byte) i}, 0, 1);
        }
        List<TransactionLog.Entry> entries = log.snapshot();
        assertEquals(10, log.recorded());
        assertEquals(4, entries.size());
        for (int k = 0; k < 4; k++) {
            TransactionLog.Entry e = entries.get(k);
            assertEquals(6 + k, e.sequence());
            assertEquals(0x46 + k, e.address());
            assertEquals(1_000 + 10 * (7 + k), e.timeNanos());
            assertArrayEquals(new byte[] {(byte) (6 + k)}, e.out());
            assertEquals("i2c-2", e.bus());
            assertTrue(e.ok());
        }
        assertThrows(UnsupportedOperationException.class, () -> entries.remove(0));
    }

    @Test
    void fewerThanCapacityComeBackOldestFirst() {
        bus.write(0x10, new byte[] {1}, 0, 1);
        bus.read(0x11, new byte[2], 0, 2);
        List<TransactionLog.Entry> e = log.snapshot();
        assertEquals(2, e.size());
        assertEquals(TransactionLog.Kind.WRITE, e.get(0).kind());
        assertEquals(TransactionLog.Kind.READ, e.get(1).kind());
        assertArrayEquals(new byte[] {0, 1}, e.get(1).in());
    }

    @Test
    void recordsBothDirectionsAndCapsCapturedBytes() {
        byte[] out = new byte[40];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) i;
        }
        byte[] in = new byte[3];
        bus.writeRead(0x50, out, 2, 38, in, 0, 3);
        TransactionLog.Entry e = log.snapshot().get(0);
        assertEquals(TransactionLog.Kind.WRITE_READ, e.kind());
        assertEquals(38, e.outLength());
        assertEquals(TransactionLog.MAX_CAPTURED_BYTES, e.out().length);
        assertEquals(2, e.out()[0]);
        assertArrayEquals(in, e.in());
        assertEquals(WireTime.i2cNanos(100_000, 38, 3), e.wireNanos());
        assertTrue(e.toString().contains("WRITE_READ"), e.toString());
    }

    @Test
    void errorsAreRecordedAndRethrownUnchanged() {
        NakException nak = new NakException("i2c-2", 0x50, 0x03, "data NAK");
        fake.then(nak);
        assertSame(nak, assertThrows(NakException.class, () -> bus.readRegisterByte(0x50, 0x03)));
        TransactionLog.Entry e = log.snapshot().get(0);
        assertFalse(e.ok());
        assertEquals("NakException", e.error());
        assertEquals("data NAK (bus i2c-2, address 0x50, register 0x03)", e.message());
        assertEquals(0, e.in().length); // nothing valid came back
        assertTrue(e.toString().endsWith("NakException: data NAK (bus i2c-2, address 0x50, register 0x03)"),
                e.toString());
    }

    @Test
    void snapshotIsACopyNotAView() {
        bus.write(0x10, new byte[] {7}, 0, 1);
        TransactionLog.Entry e = log.snapshot().get(0);
        e.out()[0] = 99;
        assertEquals(7, e.out()[0]);
        for (int i = 0; i < 8; i++) {
            bus.write(0x20, new byte[] {1}, 0, 1);
        }
        assertEquals(0x10, e.address());
        assertNull(e.error());
    }

    @Test
    void spiFramesShareTheLogWithChipSelectAsAddress() {
        SpiDevice loop = new SpiDevice() {
            public String name() {
                return "spi0.2";
            }

            public int clockHz() {
                return 8_000_000;
            }

            public void transfer(byte[] tx, byte[] rx, int length) {
                System.arraycopy(tx, 0, rx, 0, length);
            }
        };
        LoggingSpiDevice spi = new LoggingSpiDevice(loop, 2, log);
        spi.transfer(new byte[] {(byte) 0xA5, 0x5A}, new byte[2], 2);
        TransactionLog.Entry e = log.snapshot().get(0);
        assertEquals(TransactionLog.Kind.SPI, e.kind());
        assertEquals(2, e.address());
        assertEquals("spi0.2", e.bus());
        assertArrayEquals(new byte[] {(byte) 0xA5, 0x5A}, e.in());
        assertEquals(WireTime.spiNanos(8_000_000, 2), spi.meter().totalWireNs());
    }
}
