package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * The per-engine choice of tracking from the bus budget. Expected wire times are worked out here from
 * the datasheet frame sizes (WireTime: 8 clocks a byte plus 100 ns of chip select a frame): ADS8688 a
 * 4-byte command frame, auto sequence AUTO_RST plus one frame per channel, manual k + 1 frames;
 * LTC2668 a 4-byte frame per changed channel plus the update-all frame; EIC a 5-byte SAMPLE frame and
 * 3 + 2n-byte bursts.
 */
class TrackingPlanTest {
    private static long spi(int hz, int bytes) {
        return 8L * bytes * 1_000_000_000L / hz + 100;
    }

    private static TrackingPlan planOf(BoardSpec spec) {
        VirtualClock clock = new VirtualClock();
        Firmware fw = new Firmware(spec, SimBoard.build(spec, clock), clock);
        return fw.engines().get(0).trackingPlan();
    }

    @Test
    void theDevkitDithersItsFullTickFitsEasily() {
        TrackingPlan p = planOf(BoardFile.load("devkit"));
        long expected = 2 * 9 * spi(16_000_000, 4) + 17 * spi(25_000_000, 4); // 2 ADCs x (AUTO_RST + 8), 16 writes + update
        assertEquals(expected, p.fullTickWireNs());
        assertEquals(250_000, p.allowanceNs()); // half of 500 us, one engine
        assertEquals(TrackingPlan.Mode.DITHER, p.mode());
        assertTrue(p.reason().startsWith("dither: a full dither tick (16 monitors read, 16 heaters written) takes 61.3 us"
                + " of SPI wire time, within this engine's 250.0 us"), p.reason());
    }

    @Test
    void ref51t2DithersEachEngineHasAnEighthOfHalfTheMillisecond() {
        TrackingPlan p = planOf(BoardFile.load("ref-51t2"));
        long expected = spi(50_000_000, 5) + 2 * spi(50_000_000, 3 + 2 * 64);
        assertEquals(expected, p.fullTickWireNs());
        assertEquals(62_500, p.allowanceNs());
        assertEquals(TrackingPlan.Mode.DITHER, p.mode());
        assertTrue(p.reason().contains("shared by 8 engines"), p.reason());
    }

    @Test
    void aDevkitOnA1MHzBusTracksByGradientInEightGroupsOfTwo() {
        TrackingPlan p = planOf(BoardVariants.of("devkit", 1_000_000, null));
        long frame = spi(1_000_000, 4);
        assertEquals(35 * frame, p.fullTickWireNs()); // 1.12 ms: more than the whole 500 us period
        assertEquals(TrackingPlan.Mode.GRADIENT, p.mode());
        // Two rings on one ADC: MAN, MAN, NO_OP; two DAC writes and the update: 6 frames, 193 us. Three: 8 frames, 257 us.
        assertEquals(2, p.groupSize());
        assertEquals(8, p.groups());
        assertEquals(6 * frame, p.tickWireNs());
        assertEquals(4_000_000, p.servicePeriodNs(500_000));
        assertTrue(p.reason().startsWith("gradient: a full dither tick (16 monitors read, 16 heaters written) takes 1123.5 us"
                + " of SPI wire time, over this engine's 250.0 us"), p.reason());
        assertTrue(p.reason().endsWith("rings serviced 2 a tick in 8 groups (at most 192.6 us a tick), each every 4.0 ms"),
                p.reason());
    }

    @Test
    void ref51t2OnA10MHzBusTracksByGradientInBurstsOfSixteen() {
        TrackingPlan p = planOf(BoardVariants.of("ref-51t2", 10_000_000, null));
        assertEquals(TrackingPlan.Mode.GRADIENT, p.mode());
        // SAMPLE + read burst + write burst of k rings: 4.1 + 2 x (2.5 + 1.6 k) us <= 62.5 us: k = 16.
        assertEquals(16, p.groupSize());
        assertEquals(4, p.groups());
        assertEquals(spi(10_000_000, 5) + 2 * spi(10_000_000, 3 + 2 * 16), p.tickWireNs());
    }

    @Test
    void theBoardFileOverridesTheBudgetEitherWayAndSaysSo() {
        TrackingPlan forcedDither = planOf(BoardVariants.of("devkit", 1_000_000, "dither"));
        assertEquals(TrackingPlan.Mode.DITHER, forcedDither.mode());
        assertTrue(forcedDither.reason().startsWith("dither (board file): ") && forcedDither.reason().endsWith(
                "the ring loop will overrun"), forcedDither.reason());
        TrackingPlan forcedGradient = planOf(BoardVariants.of("devkit", 0, "gradient"));
        assertEquals(TrackingPlan.Mode.GRADIENT, forcedGradient.mode());
        assertEquals(1, forcedGradient.groups(), "the whole engine fits one tick: every ring every tick");
        assertTrue(forcedGradient.reason().startsWith("gradient (board file): "), forcedGradient.reason());
    }

    @Test
    void theEstimateIsWhatTheBusIsChargedForASteadyDitherTick() {
        BoardSpec spec = BoardFile.load("devkit");
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        Firmware fw = new Firmware(spec, sim, clock);
        fw.runUntil(2_000_000_000L, clock::advanceTo);
        assertEquals(16, fw.snapshot().ringsLocked());
        EngineLock lock = fw.engines().get(0);
        var meter = fw.drivers().meters().get("spi0");
        long most = 0;
        for (int k = 0; k < 200; k++) {
            clock.advance(500_000);
            long before = meter.totalWireNs();
            lock.tick(clock.nanos());
            most = Math.max(most, meter.totalWireNs() - before);
        }
        // The estimate counts every heater written; a modulator held on its DAC code (RingTracker's hold
        // band) is not written, so a real tick is charged the estimate less up to the 8 modulators' frames.
        long estimate = lock.trackingPlan().fullTickWireNs();
        assertTrue(most <= estimate && most >= estimate - 8 * spi(25_000_000, 4), most + " ns charged, " + estimate + " estimated");
    }
}
