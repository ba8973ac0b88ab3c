package org.lightkeeper.firmware.ring;

import org.lightkeeper.hal.bus.WireTime;
import org.lightkeeper.hal.chip.Ads8688;

/** Monitors through TIAs on an ADS8688 in auto-sequence mode: AUTO_RST and one frame per channel. */
final class Ads8688Monitors implements MonitorDevice {
    private final Ads8688 adc;
    private final int mask;
    private final int[] codes;
    private final int[] slotOf = new int[Ads8688.CHANNELS];
    private final Ads8688.Range range;
    private final double tiaKohm;

    Ads8688Monitors(Ads8688 adc, int channelMask, double fullScaleV, double tiaKohm) {
        this.adc = adc;
        this.mask = channelMask;
        this.codes = new int[Integer.bitCount(channelMask)];
        for (int ch = 0; ch < Ads8688.CHANNELS; ch++) {
            slotOf[ch] = Integer.bitCount(channelMask & ((1 << ch) - 1));
        }
        this.range = rangeFor(fullScaleV);
        this.tiaKohm = tiaKohm;
    }

    static Ads8688.Range rangeFor(double fullScaleV) {
        for (Ads8688.Range r : Ads8688.Range.values()) {
            if (r.minVolts() == 0 && Math.abs(r.maxVolts() - fullScaleV) < 1e-9) {
                return r;
            }
        }
        throw new IllegalArgumentException("no ADS8688 unipolar range of " + fullScaleV + " V (use 5.12 or 10.24)");
    }

    @Override
    public void init() {
        adc.reset();
        for (int ch = 0; ch < Ads8688.CHANNELS; ch++) {
            if ((mask & (1 << ch)) != 0) {
                adc.setRange(ch, range);
            }
        }
        adc.configureAutoSequence(mask);
    }

    @Override
    public void read() {
        adc.readAutoSequence(codes);
    }

    /**
     * The auto sequence when every channel of it is wanted; otherwise manual mode, pipelined: MAN_Ch of
     * each wanted channel in turn, each frame returning the channel the frame before selected, then one
     * NO_OP for the last (datasheet "Data Acquisition Example"): k + 1 frames for k channels. The next
     * full read's AUTO_RST returns the chip to its auto sequence.
     */
    @Override
    public void read(long channelMask) {
        long m = channelMask & mask;
        if (m == mask) {
            read();
            return;
        }
        int previous = -1;
        while (m != 0) {
            int ch = Long.numberOfTrailingZeros(m);
            m &= m - 1;
            int code = adc.command(Ads8688.CMD_MAN_CH_0 | ch << Ads8688.CMD_MAN_CH_SHIFT);
            if (previous >= 0) {
                codes[slotOf[previous]] = code;
            }
            previous = ch;
        }
        if (previous >= 0) {
            codes[slotOf[previous]] = adc.command(Ads8688.CMD_NO_OP);
        }
    }

    @Override
    public long readWireNs(long channelMask) {
        long m = channelMask & mask;
        if (m == 0) {
            return 0;
        }
        long frames = m == mask ? 1 + Long.bitCount(mask) : Long.bitCount(m) + 1;
        return frames * WireTime.spiNanos(adc.spi().clockHz(), Ads8688.COMMAND_FRAME_BYTES);
    }

    @Override
    public double ma(int channel) {
        return Ads8688.voltsFor(range, codes[slotOf[channel]]) / tiaKohm; // V / kohm = mA
    }
}
