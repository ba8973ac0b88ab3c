package org.lightkeeper.sim.chip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.lightkeeper.hal.chip.Tca9548a;
import org.lightkeeper.sim.bus.I2cSegment;
import org.lightkeeper.sim.bus.I2cTarget;

/**
 * Emulated TI TCA9548A 8-channel I2C switch (datasheet SCPS207, section 8.6 "Control Register").
 * One 8-bit control register with no pointer: a write stores it (the last byte when several are
 * sent), a read returns it; bit n connects downstream segment n. Power-up 0x00: nothing connected.
 */
public final class Tca9548aSim implements I2cTarget, I2cSegment.Downstream {
    private final I2cSegment[] channels = new I2cSegment[Tca9548a.CHANNELS];
    private int control;
    // Rebuilt only on a control write, so resolving an address on every transaction allocates nothing.
    private List<I2cSegment> connected = List.of();

    public Tca9548aSim() {
        for (int i = 0; i < channels.length; i++) {
            channels[i] = new I2cSegment();
        }
    }

    /** The segment behind channel {@code n} (0-7); attach downstream emulators to it. */
    public I2cSegment channel(int n) {
        if (n < 0 || n >= Tca9548a.CHANNELS) {
            throw new IllegalArgumentException("TCA9548A channel must be 0-7, got " + n);
        }
        return channels[n];
    }

    /** The control register as the part holds it now. */
    public synchronized int control() {
        return control;
    }

    @Override
    public synchronized void write(byte[] data, int offset, int length) {
        if (length == 0) {
            return; // address-only write (a probe) leaves the selection alone
        }
        control = data[offset + length - 1] & 0xFF;
        List<I2cSegment> now = new ArrayList<>(Integer.bitCount(control));
        for (int i = 0; i < channels.length; i++) {
            if ((control & (1 << i)) != 0) {
                now.add(channels[i]);
            }
        }
        connected = Collections.unmodifiableList(now);
    }

    @Override
    public synchronized void read(byte[] buffer, int offset, int length) {
        for (int i = 0; i < length; i++) {
            buffer[offset + i] = (byte) control;
        }
    }

    @Override
    public synchronized Iterable<I2cSegment> connectedSegments() {
        return connected;
    }
}
