package org.lightkeeper.sim.bus;

import org.lightkeeper.hal.bus.SpiDevice;
import org.lightkeeper.hal.bus.WireTime;
import org.lightkeeper.sim.VirtualClock;

/** One chip select on a simulated SPI bus: hands each frame to its emulator and charges the wire time. */
public final class SimSpiDevice implements SpiDevice {
    private final String name;
    private final int clockHz;
    private final VirtualClock clock;
    private final SpiTarget target;

    public SimSpiDevice(String name, int clockHz, VirtualClock clock, SpiTarget target) {
        this.name = name;
        this.clockHz = clockHz;
        this.clock = clock;
        this.target = target;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int clockHz() {
        return clockHz;
    }

    @Override
    public void transfer(byte[] tx, byte[] rx, int length) {
        clock.advance(WireTime.spiNanos(clockHz, length));
        target.transfer(tx, rx, length);
    }
}
