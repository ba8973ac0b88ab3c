package org.lightkeeper.sim.chip;

import static org.junit.jupiter.api.Assertions.*;
import static org.lightkeeper.sim.chip.RecordingSpi.bytes;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.chip.Ltc2668;
import org.lightkeeper.hal.chip.Ltc2668.Span;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.bus.SimSpiDevice;

class Ltc2668Test {
    private final VirtualClock clock = new VirtualClock();
    private final List<String> outputs = new ArrayList<>();
    private final Ltc2668Sim sim = new Ltc2668Sim(Span.BIPOLAR_10V, (ch, v) -> outputs.add(ch + "=" + v));
    private final SimSpiDevice spi = new SimSpiDevice("spi0.0", 20_000_000, clock, sim);
    private final RecordingSpi rec = new RecordingSpi(spi);
    private final Ltc2668 dac = new Ltc2668(rec);

    @Test
    void framesMatchDatasheetLayout() {
        dac.writeAndUpdate(3, 0x8000);
        dac.setSpanAll(Span.BIPOLAR_10V);
        dac.setSpan(9, Span.UNIPOLAR_5V);
        dac.powerDown(5);
        assertArrayEquals(bytes(0x00, 0x33, 0x80, 0x00), rec.frames.get(0));
        assertArrayEquals(bytes(0x00, 0xE0, 0x00, 0x03), rec.frames.get(1));
        assertArrayEquals(bytes(0x00, 0x69, 0x00, 0x00), rec.frames.get(2));
        assertArrayEquals(bytes(0x00, 0x45, 0x00, 0x00), rec.frames.get(3));
    }

    @Test
    void writeCodesWritesEachMaskedChannelThenOneUpdateAll() {
        int[] codes = new int[16];
        codes[0] = 0x1234;
        codes[2] = 0xFFFF;
        codes[1] = 0x7777; // not in the mask
        dac.writeCodes(codes, 0b101);
        assertEquals(3, rec.frames.size());
        assertArrayEquals(bytes(0x00, 0x00, 0x12, 0x34), rec.frames.get(0));
        assertArrayEquals(bytes(0x00, 0x02, 0xFF, 0xFF), rec.frames.get(1));
        assertArrayEquals(bytes(0x00, 0x90, 0x00, 0x00), rec.frames.get(2));
        assertEquals(0x1234, sim.dacCode(0));
        assertEquals(0x8000, sim.dacCode(1));
        assertEquals(0xFFFF, sim.dacCode(2));
    }

    @Test
    void outputsMoveTogetherOnlyAtTheUpdate() {
        double[] seenAfterFrame = new double[4];
        int[] n = {0};
        Ltc2668 probing = new Ltc2668(new RecordingSpi(spi) {
            @Override
            public void transfer(byte[] tx, byte[] rx, int length) {
                super.transfer(tx, rx, length);
                seenAfterFrame[n[0]++] = sim.outputVolts(0) + sim.outputVolts(1) + sim.outputVolts(2);
            }
        });
        int[] codes = {0xC000, 0xC000, 0xC000};
        probing.writeCodes(codes, 0b111);
        assertArrayEquals(new double[] {0, 0, 0, 15.0}, seenAfterFrame, 1e-12);
        assertEquals(List.of("0=5.0", "1=5.0", "2=5.0"), outputs);
    }

    @Test
    void writeWithoutUpdateDoesNotMoveOutput() {
        spi.transfer(bytes(0x00, 0x07, 0xFF, 0xFF), new byte[4], 4); // write code n=7, no update
        assertEquals(0xFFFF, sim.inputCode(7));
        assertEquals(0.0, sim.outputVolts(7));
        assertTrue(outputs.isEmpty());
        spi.transfer(bytes(0x00, 0x17, 0x00, 0x00), new byte[4], 4); // update n=7
        assertEquals(-10.0 + 20.0 * 65535 / 65536, sim.outputVolts(7), 1e-12);
        assertEquals(List.of("7=" + sim.outputVolts(7)), outputs);
    }

    @Test
    void powerUpSpanSetsZeroVoltCodes() {
        Ltc2668Sim uni = new Ltc2668Sim(Span.UNIPOLAR_10V, null);
        assertEquals(0, uni.dacCode(4));
        assertEquals(0.0, uni.outputVolts(4));
        assertEquals(0x8000, sim.dacCode(4));
        assertEquals(0.0, sim.outputVolts(4));
    }

    @Test
    void spanIsDoubleBufferedAndScalesTheOutput() {
        dac.writeAndUpdate(2, 0x8000);
        assertEquals(0.0, sim.outputVolts(2));
        dac.setSpan(2, Span.UNIPOLAR_10V);
        assertEquals(0.0, sim.outputVolts(2), "span waits for an update");
        assertEquals(Span.BIPOLAR_10V, sim.span(2));
        dac.writeAndUpdate(2, 0x8000);
        assertEquals(5.0, sim.outputVolts(2));
        dac.setSpanAll(Span.BIPOLAR_2V5);
        dac.writeAndUpdate(2, 0x0000);
        assertEquals(-2.5, sim.outputVolts(2));
        assertEquals(Span.BIPOLAR_10V, sim.span(3), "channel 3 not updated yet");
    }

    @Test
    void conversionsAreTheInverseOfEachOther() {
        assertEquals(0x8000, Ltc2668.codeFor(Span.BIPOLAR_10V, 0.0));
        assertEquals(0xFFFF, Ltc2668.codeFor(Span.UNIPOLAR_5V, 5.0));
        assertEquals(0, Ltc2668.codeFor(Span.BIPOLAR_2V5, -2.5));
        assertEquals(0x4000, Ltc2668.codeFor(Span.UNIPOLAR_10V, 2.5));
        assertEquals(5.0 * 65535 / 65536, Ltc2668.voltsFor(Span.UNIPOLAR_5V, 0xFFFF), 1e-12);
        assertEquals(-5.0, Ltc2668.voltsFor(Span.BIPOLAR_5V, 0));
        for (Span s : Span.values()) {
            assertEquals(12345, Ltc2668.codeFor(s, Ltc2668.voltsFor(s, 12345)));
        }
    }

    @Test
    void sdoEchoesThePreviousWord() {
        dac.writeAndUpdate(1, 0x1234);
        assertEquals(0, dac.lastEcho());
        dac.powerDown(6);
        assertEquals(0x00311234, dac.lastEcho());
        dac.noOp();
        assertEquals(0x00460000, dac.lastEcho());
    }

    @Test
    void powerDownDropsOutputAndUpdatePowersUp() {
        dac.writeAndUpdate(4, 0xC000);
        outputs.clear();
        dac.powerDown(4);
        assertTrue(sim.poweredDown(4));
        assertEquals(0.0, sim.outputVolts(4));
        assertEquals(0xC000, sim.dacCode(4), "code kept while powered down");
        assertEquals(List.of("4=0.0"), outputs);
        dac.writeAndUpdate(4, 0xC000);
        assertFalse(sim.poweredDown(4));
        assertEquals(5.0, sim.outputVolts(4));
    }

    @Test
    void twentyFourBitFrameExecutesOtherLengthsDoNot() {
        spi.transfer(bytes(0x3A, 0xC0, 0x00), new byte[3], 3); // write & update n=10, 24-bit
        assertEquals(0xC000, sim.dacCode(10));
        spi.transfer(bytes(0x3A, 0x40), new byte[2], 2);
        spi.transfer(bytes(0x00, 0x00, 0x3A, 0x40, 0x00), new byte[5], 5);
        assertEquals(0xC000, sim.dacCode(10));
        assertEquals(1, sim.frames());
    }

    @Test
    void eachFrameIsChargedItsWireTime() {
        dac.writeCodes(new int[] {1, 2, 3}, 0b111);
        // 4 frames x (32 clocks at 20 MHz = 1600 ns + 100 ns chip-select overhead)
        assertEquals(4 * 1700, clock.nanos());
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyFrame() {
        assertThrows(IllegalArgumentException.class, () -> dac.writeAndUpdate(16, 0));
        assertThrows(IllegalArgumentException.class, () -> dac.writeAndUpdate(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> dac.writeAndUpdate(0, 0x10000));
        assertThrows(IllegalArgumentException.class, () -> dac.setSpan(0, null));
        assertThrows(IllegalArgumentException.class, () -> dac.writeCodes(new int[16], 0x10000));
        assertThrows(IllegalArgumentException.class, () -> dac.writeCodes(new int[2], 0b100));
        assertThrows(IllegalArgumentException.class, () -> dac.writeCodes(new int[] {0, -1}, 0b11));
        assertThrows(IllegalArgumentException.class, () -> Ltc2668.codeFor(Span.UNIPOLAR_5V, -0.01));
        assertThrows(IllegalArgumentException.class, () -> Ltc2668.codeFor(Span.UNIPOLAR_5V, Double.NaN));
        assertTrue(rec.frames.isEmpty());
    }
}
