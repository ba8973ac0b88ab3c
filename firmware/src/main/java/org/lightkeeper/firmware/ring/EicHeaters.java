package org.lightkeeper.firmware.ring;

import org.lightkeeper.hal.chip.eic.Eic;
import org.lightkeeper.hal.chip.eic.EicRegisters;

/**
 * Heaters on our EIC (docs/eic-regmap.md): the changed range written in one burst frame. The per-ring
 * HEATER_MAX registers are set at init from the ring limit, so the chip itself refuses anything
 * above it, whatever the firmware asks.
 */
final class EicHeaters implements HeaterDevice {
    private final Eic eic;
    private final double fullScaleV = EicRegisters.ASSUMED_HEATER_FULL_SCALE_V;
    private final int[] codes = new int[EicRegisters.MAX_RINGS];
    private final int[] maxCodes = new int[EicRegisters.MAX_RINGS];
    private final int channels;
    private int first = Integer.MAX_VALUE;
    private int last = -1;

    EicHeaters(Eic eic, int channels, double boardFullScaleV) {
        if (boardFullScaleV != fullScaleV) {
            throw new IllegalArgumentException("dac_full_scale_v must be " + fullScaleV + " V for an EIC, got "
                    + boardFullScaleV);
        }
        this.eic = eic;
        this.channels = channels;
    }

    @Override
    public void init(double maxVolts) {
        java.util.Arrays.fill(codes, 0);
        java.util.Arrays.fill(maxCodes, codeFor(maxVolts));
        eic.writeHeaterCodes(codes, 0, channels);
        eic.writeHeaterMaxCodes(maxCodes, 0, channels);
    }

    /** The EIC reads back: codes from HEATER_CODE, and the HEATER_MAX limits must be the ones init would write. */
    @Override
    public String adopt(double maxVolts, int[] recorded) {
        int want = codeFor(maxVolts);
        eic.readHeaterMaxCodes(maxCodes, 0, channels);
        for (int ch = 0; ch < channels; ch++) {
            if (maxCodes[ch] != want) {
                return "EIC heater limit of ring channel " + ch + " is code " + maxCodes[ch] + ", " + want + " expected";
            }
        }
        eic.readHeaterCodes(codes, 0, channels);
        for (int ch = 0; ch < channels; ch++) {
            if (codes[ch] > want) {
                return "EIC heater channel " + ch + " holds code " + codes[ch] + ", above its limit " + want;
            }
        }
        first = Integer.MAX_VALUE;
        last = -1;
        return null;
    }

    @Override
    public boolean readsBack() {
        return true;
    }

    @Override
    public int codeFor(double volts) {
        return (int) Math.max(0, Math.min(EicRegisters.MAX_CODE, Math.floor(volts / fullScaleV * EicRegisters.MAX_CODE)));
    }

    @Override
    public double voltsFor(int code) {
        return code * fullScaleV / EicRegisters.MAX_CODE;
    }

    @Override
    public void stage(int channel, int code) {
        if (codes[channel] != code) {
            codes[channel] = code;
            first = Math.min(first, channel);
            last = Math.max(last, channel);
        }
    }

    @Override
    public int staged(int channel) {
        return codes[channel];
    }

    /** One burst frame over the span from the lowest to the highest changed channel. */
    @Override
    public long writeWireNs(long channelMask) {
        if (channelMask == 0) {
            return 0;
        }
        int span = 64 - Long.numberOfLeadingZeros(channelMask) - Long.numberOfTrailingZeros(channelMask);
        return org.lightkeeper.hal.bus.WireTime.spiNanos(eic.spi().clockHz(),
                EicRegisters.HEADER_BYTES + EicRegisters.WORD_BYTES * span);
    }

    @Override
    public void flush() {
        if (last >= 0) {
            eic.writeHeaterCodes(codes, first, last - first + 1);
            first = Integer.MAX_VALUE;
            last = -1;
        }
    }
}
