package org.lightkeeper.sim.chip;

import static org.junit.jupiter.api.Assertions.*;
import static org.lightkeeper.sim.chip.RecordingSpi.bytes;

import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.chip.Ads8688;
import org.lightkeeper.hal.chip.Ads8688.Range;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.bus.SimSpiDevice;

class Ads8688Test {
    private final VirtualClock clock = new VirtualClock();
    /** Channel n sits at n volts, except where a test changes it. */
    private final double[] pins = {0, 1, 2, 3, 4, 5, 6, 7};
    private final Ads8688Sim sim = new Ads8688Sim(ch -> pins[ch]);
    private final SimSpiDevice spi = new SimSpiDevice("spi0.1", 20_000_000, clock, sim);
    private final RecordingSpi rec = new RecordingSpi(spi);
    private final Ads8688 adc = new Ads8688(rec);

    private static int code(Range r, double v) {
        return Ads8688Sim.quantise(r, v);
    }

    @Test
    void framesMatchDatasheetLayout() {
        adc.readManual(3);
        adc.setRange(2, Range.UNIPOLAR_2V5_VREF);
        adc.configureAutoSequence(0x0F);
        adc.readRegister(Ads8688.REG_AUTO_SEQ_EN);
        adc.reset();
        assertArrayEquals(bytes(0xCC, 0x00, 0x00, 0x00), rec.frames.get(0)); // MAN_Ch_3
        assertArrayEquals(bytes(0x00, 0x00, 0x00, 0x00), rec.frames.get(1)); // NO_OP
        assertArrayEquals(bytes(0x0F, 0x05, 0x00), rec.frames.get(2)); // reg 0x07 write 0x05
        assertArrayEquals(bytes(0x03, 0x0F, 0x00), rec.frames.get(3)); // reg 0x01 write 0x0F
        assertArrayEquals(bytes(0x02, 0x00, 0x00), rec.frames.get(4)); // reg 0x01 read
        assertArrayEquals(bytes(0x85, 0x00, 0x00, 0x00), rec.frames.get(5)); // RST
    }

    @Test
    void registersHavePowerUpValuesAndReadBack() {
        assertEquals(0xFF, adc.readRegister(Ads8688.REG_AUTO_SEQ_EN));
        assertEquals(0x00, adc.readRegister(Ads8688.REG_CH_PWR_DN));
        assertEquals(0x00, adc.readRegister(Ads8688.REG_FEATURE_SELECT));
        assertEquals(0x00, adc.readRegister(Ads8688.REG_RANGE_CH_0 + 7));
        adc.setRange(7, Range.UNIPOLAR_1V25_VREF);
        adc.writeRegister(Ads8688.REG_CH_PWR_DN, 0x80);
        assertEquals(0x06, adc.readRegister(Ads8688.REG_RANGE_CH_0 + 7));
        assertEquals(0x80, adc.readRegister(Ads8688.REG_CH_PWR_DN));
        adc.command(Ads8688.CMD_MAN_CH_0 | 5 << Ads8688.CMD_MAN_CH_SHIFT);
        assertEquals(0xD4, adc.readRegister(Ads8688.REG_CMD_READ_BACK));
        adc.reset();
        assertEquals(0x00, adc.readRegister(Ads8688.REG_RANGE_CH_0 + 7));
        assertEquals(0x00, adc.readRegister(Ads8688.REG_CH_PWR_DN));
    }

    @Test
    void manualResultArrivesOneFrameAfterItsCommand() {
        assertEquals(0, adc.command(Ads8688.CMD_MAN_CH_0 | 1 << 10), "nothing selected after power-up");
        assertEquals(0, sim.conversions());
        int ch1 = adc.command(Ads8688.CMD_MAN_CH_0 | 2 << 10);
        assertEquals(code(Range.BIPOLAR_2V5_VREF, 1.0), ch1);
        assertEquals(code(Range.BIPOLAR_2V5_VREF, 2.0), adc.command(Ads8688.CMD_NO_OP));
        assertEquals(code(Range.BIPOLAR_2V5_VREF, 2.0), adc.command(Ads8688.CMD_NO_OP), "manual mode stays");
        assertEquals(3, sim.conversions());
        assertEquals(code(Range.BIPOLAR_2V5_VREF, 6.0), adc.readManual(6));
    }

    @Test
    void autoSequenceVisitsEnabledChannelsInOrder() {
        adc.configureAutoSequence(0b1010_0101); // 0, 2, 5, 7
        int[] out = new int[4];
        adc.readAutoSequence(out);
        assertArrayEquals(new int[] {code(Range.BIPOLAR_2V5_VREF, 0), code(Range.BIPOLAR_2V5_VREF, 2),
                code(Range.BIPOLAR_2V5_VREF, 5), code(Range.BIPOLAR_2V5_VREF, 7)}, out);
        assertEquals(1 + 4, rec.frames.size() - 1, "AUTO_RST + one frame per enabled channel");
        assertEquals(4, sim.conversions(), "the AUTO_RST frame had nothing selected");
        // the sequence wraps: a further NO_OP gets channel 0 again, then 2
        assertEquals(code(Range.BIPOLAR_2V5_VREF, 0), adc.command(Ads8688.CMD_NO_OP));
        assertEquals(code(Range.BIPOLAR_2V5_VREF, 2), adc.command(Ads8688.CMD_NO_OP));
        pins[5] = -3.0;
        adc.readAutoSequence(out);
        assertEquals(code(Range.BIPOLAR_2V5_VREF, -3.0), out[2]);
        assertEquals(4 + 2 + 5, sim.conversions(), "AUTO_RST frame converts the channel selected before");
    }

    @Test
    void autoSequenceUsesPowerUpMaskOfAllChannels() {
        int[] out = new int[8];
        adc.readAutoSequence(out);
        for (int ch = 0; ch < 8; ch++) {
            assertEquals(code(Range.BIPOLAR_2V5_VREF, ch), out[ch]);
        }
        assertThrows(IllegalArgumentException.class, () -> adc.readAutoSequence(new int[7]));
    }

    @Test
    void quantisesPerRangeAndClamps() {
        assertEquals(0x8000, code(Range.BIPOLAR_2V5_VREF, 0.0));
        assertEquals(0x8001, code(Range.BIPOLAR_2V5_VREF, 20.48 / 65536));
        assertEquals(0xFFFF, code(Range.BIPOLAR_2V5_VREF, 10.24));
        assertEquals(0xFFFF, code(Range.BIPOLAR_2V5_VREF, 30.0));
        assertEquals(0x0000, code(Range.BIPOLAR_2V5_VREF, -10.24));
        assertEquals(0x0000, code(Range.BIPOLAR_2V5_VREF, -30.0));
        assertEquals(0x8000, code(Range.UNIPOLAR_1V25_VREF, 2.56));
        assertEquals(0x0000, code(Range.UNIPOLAR_1V25_VREF, -1.0));

        pins[3] = 2.56;
        adc.setRange(3, Range.UNIPOLAR_1V25_VREF);
        assertEquals(0x8000, adc.readManual(3));
        adc.setRange(3, Range.BIPOLAR_0V625_VREF); // +-2.56 V: 2.56 V is full scale, clamps
        assertEquals(0xFFFF, adc.readManual(3));
        pins[3] = 1.28;
        assertEquals(0xC000, adc.readManual(3));
    }

    @Test
    void voltsForInvertsTheConversion() {
        assertEquals(0.0, Ads8688.voltsFor(Range.BIPOLAR_2V5_VREF, 0x8000));
        assertEquals(-10.24, Ads8688.voltsFor(Range.BIPOLAR_2V5_VREF, 0), 1e-12);
        assertEquals(10.24 * 65535 / 65536, Ads8688.voltsFor(Range.UNIPOLAR_2V5_VREF, 0xFFFF), 1e-12);
        assertEquals(1.28, Ads8688.voltsFor(Range.BIPOLAR_1V25_VREF, 0xA000), 1e-12);
        for (Range r : Range.values()) {
            assertEquals(40000, code(r, Ads8688.voltsFor(r, 40000)));
        }
    }

    @Test
    void sampleIsTakenAtTheFrameOnVirtualTime() {
        Ads8688Sim ramp = new Ads8688Sim(ch -> clock.nanos() * 1e-3); // 1 V per microsecond
        Ads8688 a = new Ads8688(new SimSpiDevice("spi0.2", 20_000_000, clock, ramp));
        a.configureAutoSequence(0b11);
        long t0 = clock.nanos(); // after the 24-clock register frame: 1300 ns
        assertEquals(1300, t0);
        int[] out = new int[2];
        a.readAutoSequence(out);
        // AUTO_RST frame ends at t0 + 1700, channel 0 sampled in the next frame, channel 1 after it
        assertEquals(code(Range.BIPOLAR_2V5_VREF, (t0 + 2 * 1700) * 1e-3), out[0]);
        assertEquals(code(Range.BIPOLAR_2V5_VREF, (t0 + 3 * 1700) * 1e-3), out[1]);
        assertEquals(t0 + 3 * 1700, clock.nanos());
    }

    @Test
    void resetAndStandbyDeselect() {
        adc.readManual(4);
        adc.command(Ads8688.CMD_RST);
        long before = sim.conversions();
        assertEquals(0, adc.command(Ads8688.CMD_NO_OP));
        assertEquals(before, sim.conversions());
        adc.readManual(4);
        adc.command(Ads8688.CMD_STDBY);
        assertEquals(-1, sim.selectedChannel());
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyFrame() {
        assertThrows(IllegalArgumentException.class, () -> adc.readManual(8));
        assertThrows(IllegalArgumentException.class, () -> adc.setRange(-1, Range.BIPOLAR_2V5_VREF));
        assertThrows(IllegalArgumentException.class, () -> adc.setRange(0, null));
        assertThrows(IllegalArgumentException.class, () -> adc.readRegister(0x40));
        assertThrows(IllegalArgumentException.class, () -> adc.writeRegister(Ads8688.REG_CMD_READ_BACK, 0));
        assertThrows(IllegalArgumentException.class, () -> adc.writeRegister(0x05, 0x100));
        assertThrows(IllegalArgumentException.class, () -> adc.configureAutoSequence(0));
        assertThrows(IllegalArgumentException.class, () -> adc.configureAutoSequence(0x100));
        assertThrows(IllegalArgumentException.class, () -> adc.command(0x10000));
        assertThrows(IllegalArgumentException.class, () -> Ads8688.voltsFor(Range.BIPOLAR_2V5_VREF, 65536));
        assertTrue(rec.frames.isEmpty());
    }
}
