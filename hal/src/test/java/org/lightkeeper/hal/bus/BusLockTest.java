package org.lightkeeper.hal.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BusLockTest {
    @Test
    void timesOutWithBusTimeoutNamingTheBusWhenAnotherThreadHoldsIt() throws Exception {
        BusLock lock = new BusLock("i2c-3", 20_000_000L);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = new Thread(() -> lock.run(() -> {
            held.countDown();
            try {
                done.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        holder.start();
        assertTrue(held.await(5, TimeUnit.SECONDS));
        try {
            BusTimeoutException e = assertThrows(BusTimeoutException.class, () -> lock.acquire(0x50, 0x7F));
            assertEquals("i2c-3", e.bus());
            assertEquals("bus lock not acquired within 20000 us (bus i2c-3, address 0x50, register 0x7F)",
                    e.getMessage());
        } finally {
            done.countDown();
            holder.join();
        }
        assertEquals(42, lock.execute(() -> 42)); // free again
    }

    @Test
    void executeIsReentrantAndReleasesOnError() {
        BusLock lock = new BusLock("i2c-3");
        assertEquals("in", lock.execute(() -> lock.execute(() -> "in")));
        NakException nak = new NakException("i2c-3", 0x50, 0x7F, "NAK");
        assertSame(nak, assertThrows(NakException.class, () -> lock.execute(0x50, 0x7F, () -> {
            throw nak;
        })));
        assertTrue(!lock.isHeldByCurrentThread());
        assertThrows(IllegalStateException.class, () -> lock.execute(() -> {
            throw new Exception("checked");
        }));
    }

    @Test
    void pageSelectPlusReadIsOneAtomicSequenceOverDecorators() throws Exception {
        ScriptedI2cBus root = new ScriptedI2cBus("i2c-4", 400_000);
        I2cBus bus = new LoggingI2cBus(new RetryingI2cBus(root, RetryPolicy.i2cDefault(), ns -> { }),
                new TransactionLog(4, () -> 0));
        // Decorators hand out the root's lock; a legacy implementer gets one lent, the same every time.
        assertSame(root.lock(), bus.lock());
        assertSame(root.lock(), root.lock());

        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> bus.lock().run(0x50, 0x7E, () -> {
            bus.write(0x50, new byte[] {0x7E, 0x00, 0x1A}, 0, 3); // bank 0, page 1Ah
            inside.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            bus.readRegisterByte(0x50, 220);
        }));
        t.start();
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        // Another user of the same bus cannot get in between the select and the read.
        assertThrows(BusTimeoutException.class, () -> bus.lock().run(0x50, 0x00, () -> bus.read(0x50, new byte[1], 0, 1)));
        assertEquals(1, root.calls);
        release.countDown();
        t.join();
        assertEquals(2, root.calls);
    }

    @Test
    void refusesNonPositiveTimeout() {
        assertThrows(IllegalArgumentException.class, () -> new BusLock("x", 0));
    }
}
