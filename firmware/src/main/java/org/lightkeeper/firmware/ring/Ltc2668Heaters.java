package org.lightkeeper.firmware.ring;

import org.lightkeeper.hal.chip.Ltc2668;

/** Heaters on an LTC2668-16: changed channels written, then one update-all frame. */
final class Ltc2668Heaters implements HeaterDevice {
    private final Ltc2668 dac;
    private final Ltc2668.Span span;
    private final int[] codes = new int[Ltc2668.CHANNELS];
    private int dirty;

    Ltc2668Heaters(Ltc2668 dac, double fullScaleV) {
        this.dac = dac;
        this.span = spanFor(fullScaleV);
    }

    static Ltc2668.Span spanFor(double fullScaleV) {
        for (Ltc2668.Span s : Ltc2668.Span.values()) {
            if (s.minVolts() == 0 && s.maxVolts() == fullScaleV) {
                return s;
            }
        }
        throw new IllegalArgumentException("no LTC2668 unipolar span of " + fullScaleV + " V (use 5 or 10)");
    }

    @Override
    public void init(double maxVolts) {
        dac.setSpanAll(span);
        java.util.Arrays.fill(codes, 0);
        dirty = 0xFFFF;
        flush();
    }

    /**
     * The LTC2668 cannot be read back, so the journal's codes are written again together with the span:
     * writing the value a DAC already holds leaves its output where it is. After a power cycle the
     * DAC holds zero instead, which the monitors then show (the rings are acquired afresh).
     */
    @Override
    public String adopt(double maxVolts, int[] recorded) {
        if (recorded == null) {
            return "the LTC2668 cannot be read back and no heater journal was found";
        }
        int all = 0;
        for (int ch = 0; ch < Ltc2668.CHANNELS; ch++) {
            if (recorded[ch] < 0) {
                continue; // not a heater of ours: left alone
            }
            if (recorded[ch] > Ltc2668.MAX_CODE) {
                return "heater journal holds code " + recorded[ch] + " for channel " + ch;
            }
            codes[ch] = recorded[ch];
            all |= 1 << ch;
        }
        dac.setSpanAll(span);
        dirty = all;
        flush();
        return null;
    }

    @Override
    public boolean readsBack() {
        return false;
    }

    @Override
    public int codeFor(double volts) {
        return Ltc2668.codeFor(span, Math.min(volts, span.maxVolts()));
    }

    @Override
    public double voltsFor(int code) {
        return Ltc2668.voltsFor(span, code);
    }

    @Override
    public void stage(int channel, int code) {
        if (codes[channel] != code) {
            codes[channel] = code;
            dirty |= 1 << channel;
        }
    }

    @Override
    public int staged(int channel) {
        return codes[channel];
    }

    /** One 32-bit write frame per changed channel, then the update-all frame (Ltc2668#writeCodes). */
    @Override
    public long writeWireNs(long channelMask) {
        if (channelMask == 0) {
            return 0;
        }
        return (Long.bitCount(channelMask) + 1L)
                * org.lightkeeper.hal.bus.WireTime.spiNanos(dac.spi().clockHz(), Ltc2668.FRAME_BYTES);
    }

    @Override
    public void flush() {
        if (dirty != 0) {
            dac.writeCodes(codes, dirty);
            dirty = 0;
        }
    }
}
