package org.lightkeeper.sim.bus;

import java.util.Arrays;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusTimeoutException;
import org.lightkeeper.hal.bus.SpiDevice;
import org.lightkeeper.hal.bus.WireTime;
import org.lightkeeper.sim.VirtualClock;

/**
 * One chip select on a simulated SPI bus: hands each frame to its emulator and charges the wire time.
 * Of {@link #faults()} it applies the timeout (a wedged controller) and vanishing: SPI has no
 * acknowledge, so a missing device is not an error on the wire; MISO floats high (pulled up) and the
 * frame reads all ones, which the driver must notice itself. NAK, arbitration and stuck-line faults are
 * I2C-only and ignored here.
 */
public final class SimSpiDevice implements SpiDevice {
    private final String name;
    private final int chipSelect;
    private final int clockHz;
    private final VirtualClock clock;
    private final SpiTarget target;
    private volatile BusFaults faults = new BusFaults(0);

    public SimSpiDevice(String name, int clockHz, VirtualClock clock, SpiTarget target) {
        this.name = name;
        this.chipSelect = chipSelectOf(name);
        this.clockHz = clockHz;
        this.clock = clock;
        this.target = target;
    }

    /** Board names are {@code bus.cs}; the chip select is only context for errors and fault addressing. */
    private static int chipSelectOf(String name) {
        int dot = name.lastIndexOf('.');
        try {
            return dot < 0 ? BusException.NO_ADDRESS : Integer.parseInt(name.substring(dot + 1));
        } catch (NumberFormatException e) {
            return BusException.NO_ADDRESS;
        }
    }

    /** The chip select parsed from the name, or {@link BusException#NO_ADDRESS}; {@link BusFaults#vanish} takes it. */
    public int chipSelect() {
        return chipSelect;
    }

    public BusFaults faults() {
        return faults;
    }

    public void setFaults(BusFaults faults) {
        this.faults = faults;
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
        BusFaults f = faults;
        if (f.timeout()) {
            f.countInjected();
            clock.advance(f.timeoutNanos());
            throw new BusTimeoutException(name, chipSelect, BusException.NO_REGISTER, "SPI transfer timed out");
        }
        clock.advance(WireTime.spiNanos(clockHz, length));
        if (f.vanished(chipSelect)) {
            f.countInjected();
            Arrays.fill(rx, 0, length, (byte) 0xFF);
            return;
        }
        target.transfer(tx, rx, length);
    }
}
