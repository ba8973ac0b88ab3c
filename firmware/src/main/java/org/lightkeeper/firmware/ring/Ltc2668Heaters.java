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

    @Override
    public void flush() {
        if (dirty != 0) {
            dac.writeCodes(codes, dirty);
            dirty = 0;
        }
    }
}
