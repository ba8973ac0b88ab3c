package org.lightkeeper.hal.bus;

import org.lightkeeper.hal.chip.Tca9548a;

/**
 * The segment behind one channel of a {@link Tca9548a}. Each transaction selects the channel (unless
 * this mux is known to have it selected already) and runs the transfer while holding the parent
 * bus's monitor, so no other segment's traffic can switch the mux in between.
 */
public final class MuxedI2cBus implements I2cBus {
    private final Tca9548a mux;
    private final int channel;
    private final String name;
    /** Per-mux cache of the last written control value, shared by all channels of that mux. */
    private final MuxSelection selection;

    /** Shared state of one mux: the control value last written, or -1 when unknown. */
    public static final class MuxSelection {
        int selectedMask = -1;

        /** Forget the cached selection (after a bus error, the mux state is unknown). */
        public void invalidate() {
            selectedMask = -1;
        }
    }

    public MuxedI2cBus(Tca9548a mux, MuxSelection selection, int channel, String muxName) {
        if (channel < 0 || channel >= Tca9548a.CHANNELS) {
            throw new IllegalArgumentException("TCA9548A channel must be 0-7, got " + channel);
        }
        this.mux = mux;
        this.channel = channel;
        this.selection = selection;
        this.name = mux.bus().name() + "/" + muxName + "." + channel;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int clockHz() {
        return mux.bus().clockHz();
    }

    private void route() {
        int want = 1 << channel;
        if (selection.selectedMask != want) {
            selection.selectedMask = -1;
            mux.select(want);
            selection.selectedMask = want;
        }
    }

    @Override
    public void write(int address, byte[] data, int offset, int length) {
        synchronized (mux.bus()) {
            route();
            try {
                mux.bus().write(address, data, offset, length);
            } catch (BusException e) {
                throw rename(e);
            }
        }
    }

    @Override
    public void read(int address, byte[] buffer, int offset, int length) {
        synchronized (mux.bus()) {
            route();
            try {
                mux.bus().read(address, buffer, offset, length);
            } catch (BusException e) {
                throw rename(e);
            }
        }
    }

    @Override
    public void writeRead(int address, byte[] out, int outOffset, int outLength, byte[] in, int inOffset, int inLength) {
        synchronized (mux.bus()) {
            route();
            try {
                mux.bus().writeRead(address, out, outOffset, outLength, in, inOffset, inLength);
            } catch (BusException e) {
                throw rename(e);
            }
        }
    }

    /** Errors name this segment, not the root bus, so a log line points at the right wire. */
    private BusException rename(BusException e) {
        if (e instanceof DeviceNotPresentException) {
            return new DeviceNotPresentException(name, e.address());
        }
        if (e instanceof NakException) {
            return new NakException(name, e.address(), e.register(), stripContext(e));
        }
        if (e instanceof BusTimeoutException) {
            return new BusTimeoutException(name, e.address(), e.register(), stripContext(e));
        }
        return new BusException(name, e.address(), e.register(), stripContext(e));
    }

    private static String stripContext(BusException e) {
        String m = e.getMessage();
        int i = m.lastIndexOf(" (bus ");
        return i < 0 ? m : m.substring(0, i);
    }
}
