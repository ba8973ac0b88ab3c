package org.lightkeeper.hal.bus;

import java.util.Optional;
import org.lightkeeper.hal.chip.Tca9548a;

/**
 * The segment behind one channel of a {@link Tca9548a}. Each transaction selects the channel (unless
 * this mux is known to have it selected already) and runs the transfer while holding the parent
 * bus's {@link BusLock}, so no other segment's traffic can switch the mux in between, and a wedged
 * holder becomes a {@link BusTimeoutException} rather than a stall.
 */
public final class MuxedI2cBus implements I2cBus {
    private final Tca9548a mux;
    private final int channel;
    private final String name;
    private final BusLock lock;
    /** Per-mux cache of the last written control value, shared by all channels of that mux. */
    private final MuxSelection selection;

    /** Shared state of one mux: the control value last written, or -1 when unknown. */
    public static final class MuxSelection {
        int selectedMask = -1;
        private final boolean cached;

        /** A selection remembered between transactions: the mux is written only when the channel changes. */
        public MuxSelection() {
            this(true);
        }

        private MuxSelection(boolean cached) {
            this.cached = cached;
        }

        /**
         * A selection never trusted: every transaction writes the mux first. For tools sharing the bus
         * with another process (the rig beside a running firmware), where the mux may have moved.
         */
        public static MuxSelection uncached() {
            return new MuxSelection(false);
        }

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
        this.lock = mux.bus().lock();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int clockHz() {
        return mux.bus().clockHz();
    }

    /** The parent bus's lock: a sequence on this segment must exclude every other segment too. */
    @Override
    public BusLock lock() {
        return lock;
    }

    @Override
    public Optional<I2cRecovery> recovery() {
        return mux.bus().recovery();
    }

    /** Selects this channel; a failed select leaves the cache unknown, so the next call writes again. */
    private void route() {
        int want = 1 << channel;
        if (!selection.cached || selection.selectedMask != want) {
            selection.selectedMask = -1;
            mux.select(want);
            selection.selectedMask = want;
        }
    }

    @Override
    public void write(int address, byte[] data, int offset, int length) {
        lock.acquire(address, BusException.pointerOf(data, offset, length));
        try {
            route();
            try {
                mux.bus().write(address, data, offset, length);
            } catch (BusException e) {
                throw rename(e);
            }
        } finally {
            lock.release();
        }
    }

    @Override
    public void read(int address, byte[] buffer, int offset, int length) {
        lock.acquire(address, BusException.NO_REGISTER);
        try {
            route();
            try {
                mux.bus().read(address, buffer, offset, length);
            } catch (BusException e) {
                throw rename(e);
            }
        } finally {
            lock.release();
        }
    }

    @Override
    public void writeRead(int address, byte[] out, int outOffset, int outLength, byte[] in, int inOffset, int inLength) {
        lock.acquire(address, BusException.pointerOf(out, outOffset, outLength));
        try {
            route();
            try {
                mux.bus().writeRead(address, out, outOffset, outLength, in, inOffset, inLength);
            } catch (BusException e) {
                throw rename(e);
            }
        } finally {
            lock.release();
        }
    }

    /**
     * Errors name this segment, not the root bus, so a log line points at the right wire; the type is
     * kept so retry policies still see what happened. Anything but a NAK (the mux did its part then)
     * may have left the mux in an unknown state, so the cached selection is dropped.
     */
    private BusException rename(BusException e) {
        if (!(e instanceof NakException)) {
            selection.invalidate();
        }
        BusException r;
        if (e instanceof DeviceNotPresentException) {
            r = new DeviceNotPresentException(name, e.address(), e.register());
        } else if (e instanceof NakException) {
            r = new NakException(name, e.address(), e.register(), e.detail());
        } else if (e instanceof BusTimeoutException) {
            r = new BusTimeoutException(name, e.address(), e.register(), e.detail());
        } else if (e instanceof BusStuckException s) {
            r = new BusStuckException(name, e.address(), e.register(), s.line());
        } else if (e instanceof ArbitrationLostException) {
            r = new ArbitrationLostException(name, e.address(), e.register(), e.detail());
        } else {
            r = new BusException(name, e.address(), e.register(), e.detail());
        }
        r.initCause(e);
        return r;
    }
}
