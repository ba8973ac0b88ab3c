package org.lightkeeper.firmware.ring;

import org.lightkeeper.hal.bus.WireTime;
import org.lightkeeper.hal.chip.eic.Eic;
import org.lightkeeper.hal.chip.eic.EicRegisters;

/** Monitors on our EIC: one SAMPLE command snapshots every ring, one burst frame reads the used range. */
final class EicMonitors implements MonitorDevice {
    private final Eic eic;
    private final int first;
    private final int count;
    private final int[] codes = new int[EicRegisters.MAX_RINGS];

    EicMonitors(Eic eic, int firstChannel, int lastChannel) {
        this.eic = eic;
        this.first = firstChannel;
        this.count = lastChannel - firstChannel + 1;
    }

    @Override
    public void init() {
        eic.sampleMonitors();
    }

    @Override
    public void read() {
        eic.sampleMonitors();
        eic.readMonitors(codes, first, count);
    }

    @Override
    public void read(long channelMask) {
        if (channelMask == 0) {
            return;
        }
        int lo = Long.numberOfTrailingZeros(channelMask);
        int hi = 63 - Long.numberOfLeadingZeros(channelMask);
        eic.sampleMonitors();
        eic.readMonitors(codes, lo, hi - lo + 1);
    }

    /** One SAMPLE frame (a single-word write) and one burst over the span from the lowest to the highest channel. */
    @Override
    public long readWireNs(long channelMask) {
        if (channelMask == 0) {
            return 0;
        }
        int span = 64 - Long.numberOfLeadingZeros(channelMask) - Long.numberOfTrailingZeros(channelMask);
        int hz = eic.spi().clockHz();
        return WireTime.spiNanos(hz, EicRegisters.HEADER_BYTES + EicRegisters.WORD_BYTES)
                + WireTime.spiNanos(hz, EicRegisters.HEADER_BYTES + EicRegisters.WORD_BYTES * span);
    }

    @Override
    public double ma(int channel) {
        return codes[channel] * (EicRegisters.ASSUMED_MONITOR_FULL_SCALE_A * 1000.0) / EicRegisters.MAX_CODE;
    }
}
