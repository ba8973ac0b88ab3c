package org.lightkeeper.sim.chip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.lightkeeper.hal.bus.SpiDevice;

/** Test SpiDevice that records every frame's tx bytes and, if given one, passes the frame on. */
class RecordingSpi implements SpiDevice {
    final List<byte[]> frames = new ArrayList<>();
    private final SpiDevice next;

    RecordingSpi(SpiDevice next) {
        this.next = next;
    }

    @Override
    public String name() {
        return "rec";
    }

    @Override
    public int clockHz() {
        return 20_000_000;
    }

    @Override
    public void transfer(byte[] tx, byte[] rx, int length) {
        frames.add(Arrays.copyOf(tx, length));
        if (next != null) {
            next.transfer(tx, rx, length);
        }
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
