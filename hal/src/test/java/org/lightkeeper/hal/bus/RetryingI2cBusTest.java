package org.lightkeeper.hal.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.time.Sleeper;

class RetryingI2cBusTest {
    private final ScriptedI2cBus fake = new ScriptedI2cBus("i2c-9", 400_000);
    private final List<Long> sleeps = new ArrayList<>();
    private final Sleeper sleeper = sleeps::add;
    private final RetryingI2cBus bus = new RetryingI2cBus(fake, RetryPolicy.i2cDefault(), sleeper);

    private static NakException nak() {
        return new NakException("i2c-9", 0x48, 0x00, "data NAK");
    }

    @Test
    void retriesNakUntilItSucceedsAndBacksOffOnTheSleeper() {
        fake.then(nak(), nak(), null);
        byte[] in = new byte[2];
        bus.writeRead(0x48, new byte[] {0}, 0, 1, in, 0, 2);
        assertEquals(3, fake.calls);
        assertArrayEquals(new byte[] {0, 1}, in);
        assertEquals(List.of(100_000L, 200_000L), sleeps);
        assertEquals(2, bus.counters().retries());
        assertEquals(0, bus.counters().giveUps());
    }

    @Test
    void givesUpAfterMaxAttemptsRethrowingTheLastErrorItself() {
        NakException last = nak();
        fake.then(nak(), nak(), last);
        NakException e = assertThrows(NakException.class, () -> bus.write(0x48, new byte[] {1, 2}, 0, 2));
        assertSame(last, e);
        assertEquals(3, fake.calls);
        assertEquals(2, bus.counters().retries());
        assertEquals(1, bus.counters().giveUps());
        assertEquals(2, sleeps.size()); // no pointless wait after the last attempt
    }

    @Test
    void arbitrationLossIsRetried() {
        fake.then(new ArbitrationLostException("i2c-9", 0x48, BusException.NO_REGISTER, "lost"), null);
        bus.read(0x48, new byte[1], 0, 1);
        assertEquals(2, fake.calls);
    }

    @Test
    void whatThePolicyExcludesIsThrownAtOnce() {
        List<BusException> once = List.of(
                new DeviceNotPresentException("i2c-9", 0x48, 0x00), // a NAK subtype, but never retried
                new BusStuckException("i2c-9", 0x48, 0x00, BusStuckException.Line.SDA),
                new BusTimeoutException("i2c-9", 0x48, 0x00, "stretched"));
        for (BusException err : once) {
            fake.calls = 0;
            fake.then(err);
            BusException e = assertThrows(BusException.class, () -> bus.readRegisterByte(0x48, 0x00));
            assertSame(err, e);
            assertEquals(1, fake.calls, err.getClass().getSimpleName());
        }
        assertEquals(3, bus.counters().notRetried());
        assertEquals(0, bus.counters().retries());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void nonBusErrorsPassThroughUntouched() {
        IllegalStateException bug = new IllegalStateException("driver bug");
        fake.then(bug);
        assertSame(bug, assertThrows(IllegalStateException.class, () -> bus.read(0x48, new byte[1], 0, 1)));
        assertEquals(1, fake.calls);
    }

    @Test
    void noRetryPolicyMakesOneAttempt() {
        RetryingI2cBus plain = new RetryingI2cBus(fake, RetryPolicy.none(), sleeper);
        fake.then(nak());
        assertThrows(NakException.class, () -> plain.read(0x48, new byte[1], 0, 1));
        assertEquals(1, fake.calls);
        assertEquals(1, plain.counters().notRetried()); // nothing is retryable under none()
    }

    @Test
    void customPolicyCountsAttemptsExactly() {
        RetryPolicy five = RetryPolicy.builder().maxAttempts(5).retryOn(BusTimeoutException.class)
                .fixedBackoffNanos(1_000).build();
        RetryingI2cBus b = new RetryingI2cBus(fake, five, sleeper);
        BusTimeoutException t = new BusTimeoutException("i2c-9", 0x48, 1, "late");
        fake.then(t, t, t, t, t);
        assertThrows(BusTimeoutException.class, () -> b.write(0x48, new byte[] {1}, 0, 1));
        assertEquals(5, fake.calls);
        assertEquals(List.of(1_000L, 1_000L, 1_000L, 1_000L), sleeps);
        // NAK is not in this policy.
        fake.calls = 0;
        fake.then(nak());
        assertThrows(NakException.class, () -> b.write(0x48, new byte[] {1}, 0, 1));
        assertEquals(1, fake.calls);
    }

    @Test
    void spiDecoratorFollowsItsPolicyToo() {
        int[] calls = {0};
        BusTimeoutException t = new BusTimeoutException("spi0.1", 1, BusException.NO_REGISTER, "DMA timeout");
        SpiDevice flaky = new SpiDevice() {
            public String name() {
                return "spi0.1";
            }

            public int clockHz() {
                return 10_000_000;
            }

            public void transfer(byte[] tx, byte[] rx, int length) {
                if (++calls[0] < 3) {
                    throw t;
                }
                System.arraycopy(tx, 0, rx, 0, length);
            }
        };
        RetryPolicy p = RetryPolicy.builder().maxAttempts(3).retryOn(BusTimeoutException.class).build();
        RetryingSpiDevice spi = new RetryingSpiDevice(flaky, p, sleeper);
        byte[] rx = new byte[2];
        spi.transfer(new byte[] {5, 6}, rx, 2);
        assertArrayEquals(new byte[] {5, 6}, rx);
        assertEquals(3, calls[0]);
        assertEquals(2, spi.counters().retries());

        calls[0] = -10;
        assertSame(t, assertThrows(BusTimeoutException.class, () -> spi.transfer(new byte[2], rx, 2)));
        assertEquals(-7, calls[0]);
        assertEquals(1, spi.counters().giveUps());
    }

    @Test
    void backoffDoublesAndCaps() {
        RetryPolicy p = RetryPolicy.i2cDefault();
        assertEquals(100_000, p.backoffNanos(1));
        assertEquals(200_000, p.backoffNanos(2));
        assertEquals(800_000, p.backoffNanos(4));
        assertEquals(1_000_000, p.backoffNanos(5));
        assertEquals(1_000_000, p.backoffNanos(60));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().maxAttempts(0));
    }

    @Test
    void decoratorsKeepNameClockLockAndRecovery() {
        assertEquals("i2c-9", bus.name());
        assertEquals(400_000, bus.clockHz());
        assertSame(fake.lock(), bus.lock());
        assertTrue(bus.recovery().isEmpty());
    }
}
