package org.lightkeeper.sim.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.bus.ArbitrationLostException;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusStuckException;
import org.lightkeeper.hal.bus.BusTimeMeter;
import org.lightkeeper.hal.bus.BusTimeoutException;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.LoggingI2cBus;
import org.lightkeeper.hal.bus.MuxedI2cBus;
import org.lightkeeper.hal.bus.NakException;
import org.lightkeeper.hal.bus.RetryPolicy;
import org.lightkeeper.hal.bus.RetryingI2cBus;
import org.lightkeeper.hal.bus.TransactionLog;
import org.lightkeeper.hal.bus.WireTime;
import org.lightkeeper.hal.chip.Tca9548a;
import org.lightkeeper.hal.chip.Tmp117;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.chip.Tca9548aSim;
import org.lightkeeper.sim.chip.Tmp117Sim;

/** Bus faults injected under the real drivers: each surfaces as its own typed error, with context. */
class BusFaultsTest {
    private final VirtualClock clock = new VirtualClock();
    private final SimI2cBus bus = new SimI2cBus("i2c-test", 400_000, clock);
    private final Tmp117 tmp;

    BusFaultsTest() {
        bus.root().attach(0x48, new Tmp117Sim(() -> 25.0));
        tmp = new Tmp117(bus, 0x48);
    }

    @Test
    void nakSurfacesAsNakWithBusAddressAndRegister() {
        bus.faults().nakRate(1.0);
        NakException e = assertThrows(NakException.class, tmp::readTemperatureC);
        assertFalse(e instanceof DeviceNotPresentException);
        assertEquals("NAK (injected) (bus i2c-test, address 0x48, register 0x00)", e.getMessage());
        bus.faults().nakRate(0);
        assertEquals(25.0, tmp.readTemperatureC());
    }

    @Test
    void timeoutSurfacesAsTimeoutAndCostsTheSmbusTimeout() {
        bus.faults().timeout(true);
        long before = clock.nanos();
        BusTimeoutException e = assertThrows(BusTimeoutException.class, () -> tmp.writeConfiguration(0x0220));
        assertEquals("SCL stretched past the timeout (bus i2c-test, address 0x48, register 0x01)", e.getMessage());
        assertEquals(BusFaults.DEFAULT_TIMEOUT_NANOS, clock.nanos() - before);
    }

    @Test
    void stuckBusSurfacesAsStuckAndIsClearedByRecoveryWhenRecoverable() {
        bus.faults().stuck(BusStuckException.Line.SDA, true);
        BusStuckException e = assertThrows(BusStuckException.class, () -> tmp.readRegister(Tmp117.DEVICE_ID));
        assertEquals("SDA held low (bus i2c-test, address 0x48, register 0x0F)", e.getMessage());
        assertEquals(BusStuckException.Line.SDA, e.line());

        // Recovery is found through the decorators, and costs nine clocks plus a STOP.
        I2cBus stacked = new RetryingI2cBus(new LoggingI2cBus(bus, new TransactionLog(8, clock)),
                RetryPolicy.i2cDefault(), clock::advance);
        assertSame(BusStuckException.class, assertThrows(BusException.class, () -> new Tmp117(stacked, 0x48).deviceId()).getClass());
        long before = clock.nanos();
        assertTrue(stacked.recovery().orElseThrow().recoverStuckBus());
        assertEquals(WireTime.i2cBusClearNanos(400_000), clock.nanos() - before);
        assertEquals(0x0117, new Tmp117(stacked, 0x48).deviceId());
    }

    @Test
    void shortedLineStaysStuckAfterRecovery() {
        bus.faults().stuck(BusStuckException.Line.SCL, false);
        assertFalse(bus.recoverStuckBus());
        assertEquals(BusStuckException.Line.SCL,
                assertThrows(BusStuckException.class, tmp::readTemperatureC).line());
        bus.faults().unstuck();
        assertEquals(25.0, tmp.readTemperatureC());
    }

    @Test
    void vanishedDeviceIsNotPresentUntilItReturns() {
        bus.faults().vanish(0x48);
        DeviceNotPresentException e = assertThrows(DeviceNotPresentException.class, tmp::readTemperatureC);
        assertEquals("no device answers (bus i2c-test, address 0x48, register 0x00)", e.getMessage());
        bus.faults().restore(0x48);
        assertEquals(25.0, tmp.readTemperatureC());
    }

    @Test
    void arbitrationLossIsTyped() {
        bus.faults().arbitrationLossRate(1.0);
        assertThrows(ArbitrationLostException.class, tmp::readTemperatureC);
    }

    private boolean[] nakPattern(long seed, int n) {
        SimI2cBus b = new SimI2cBus("i2c-x", 400_000, new VirtualClock());
        b.root().attach(0x48, new Tmp117Sim(() -> 25.0));
        b.setFaults(new BusFaults(seed).nakRate(0.3));
        Tmp117 t = new Tmp117(b, 0x48);
        boolean[] naks = new boolean[n];
        for (int i = 0; i < n; i++) {
            try {
                t.readTemperatureC();
            } catch (NakException e) {
                naks[i] = true;
            }
        }
        return naks;
    }

    @Test
    void sameSeedSameNakPattern() {
        boolean[] a = nakPattern(42, 500);
        assertArrayEquals(a, nakPattern(42, 500));
        assertFalse(Arrays.equals(a, nakPattern(43, 500)));
        int count = 0;
        for (boolean x : a) {
            count += x ? 1 : 0;
        }
        assertTrue(count > 100 && count < 200, "about 30 % of 500, got " + count);
    }

    @Test
    void retryingDriverRidesThroughNaksButNotAbsence() {
        bus.setFaults(new BusFaults(7).nakRate(0.2));
        RetryingI2cBus retrying = new RetryingI2cBus(bus, RetryPolicy.i2cDefault(), clock::advance);
        Tmp117 t = new Tmp117(retrying, 0x48);
        int ok = 0;
        for (int i = 0; i < 200; i++) {
            try {
                assertEquals(25.0, t.readTemperatureC());
                ok++;
            } catch (NakException e) {
                assertEquals(0x48, e.address());
            }
        }
        long attempts = 200 + retrying.counters().retries();
        assertTrue(retrying.counters().retries() > 20, retrying.counters().toString());
        assertEquals(200 - ok, retrying.counters().giveUps());
        assertEquals(bus.faults().injected(), attempts - ok); // every injected NAK was one failed attempt

        bus.faults().nakRate(0).vanish(0x48);
        long retries = retrying.counters().retries();
        assertThrows(DeviceNotPresentException.class, t::readTemperatureC);
        assertEquals(retries, retrying.counters().retries()); // absence is not retried
    }

    @Test
    void faultsBehindAMuxKeepTheirTypeAndNameTheSegment() {
        SimI2cBus root = new SimI2cBus("i2c-1", 400_000, clock);
        Tca9548aSim muxSim = new Tca9548aSim();
        root.root().attach(0x70, muxSim);
        muxSim.channel(2).attach(0x48, new Tmp117Sim(() -> 30.0));
        MuxedI2cBus ch2 = new MuxedI2cBus(new Tca9548a(root, 0x70), new MuxedI2cBus.MuxSelection(), 2, "mux0");
        Tmp117 t = new Tmp117(ch2, 0x48);
        assertEquals(30.0, t.readTemperatureC()); // selects the channel

        root.faults().timeout(true);
        BusTimeoutException e = assertThrows(BusTimeoutException.class, t::readTemperatureC);
        assertEquals("SCL stretched past the timeout (bus i2c-1/mux0.2, address 0x48, register 0x00)", e.getMessage());
        root.faults().timeout(false);

        // The timeout dropped the cached selection: the next read selects again (mux write + read).
        long before = clock.nanos();
        assertEquals(30.0, t.readTemperatureC());
        assertEquals(170_000, clock.nanos() - before);

        root.faults().stuck(BusStuckException.Line.SDA, true);
        assertThrows(BusStuckException.class, t::readTemperatureC);
        assertTrue(ch2.recovery().orElseThrow().recoverStuckBus());
        assertEquals(30.0, t.readTemperatureC());
    }

    @Test
    void loggedWireTimeMatchesVirtualTimeExactly() {
        BusTimeMeter meter = new BusTimeMeter();
        TransactionLog log = new TransactionLog(16, clock);
        Tmp117 t = new Tmp117(new LoggingI2cBus(bus, log, meter), 0x48);
        long before = clock.nanos();
        t.readTemperatureC();
        t.writeConfiguration(0x0220);
        t.deviceId();
        assertEquals(clock.nanos() - before, meter.totalWireNs());
        List<TransactionLog.Entry> entries = log.snapshot();
        assertEquals(3, entries.size());
        assertArrayEquals(new byte[] {0x0C, (byte) 0x80}, entries.get(0).in());
        assertArrayEquals(new byte[] {0x01, 0x02, 0x20}, entries.get(1).out());
        assertEquals(before + 120_000, entries.get(1).timeNanos());
    }

    @Test
    void spiTimeoutIsTypedAndAVanishedSpiDeviceReadsAllOnes() {
        SimSpiDevice spi = new SimSpiDevice("spi0.3", 10_000_000, clock, (tx, rx, n) -> System.arraycopy(tx, 0, rx, 0, n));
        assertEquals(3, spi.chipSelect());
        byte[] rx = new byte[2];
        spi.transfer(new byte[] {1, 2}, rx, 2);
        assertArrayEquals(new byte[] {1, 2}, rx);

        spi.faults().timeout(true);
        BusTimeoutException e = assertThrows(BusTimeoutException.class, () -> spi.transfer(new byte[2], rx, 2));
        assertEquals("SPI transfer timed out (bus spi0.3, address 0x03)", e.getMessage());
        spi.faults().timeout(false).vanish(3);
        spi.transfer(new byte[] {1, 2}, rx, 2);
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF}, rx);
        spi.faults().restore(3);
        spi.transfer(new byte[] {1, 2}, rx, 2);
        assertArrayEquals(new byte[] {1, 2}, rx);
        assertNotEquals(0, spi.faults().injected());
    }

    @Test
    void rejectsNonsenseRates() {
        assertThrows(IllegalArgumentException.class, () -> bus.faults().nakRate(1.5));
        assertThrows(IllegalArgumentException.class, () -> bus.faults().nakRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> bus.faults().vanish(128));
    }
}
