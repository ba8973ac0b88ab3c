package org.lightkeeper.hal.bus.diozero;

import java.util.Arrays;
import com.diozero.api.SpiClockMode;
import com.diozero.api.SpiDevice;
import com.diozero.internal.spi.SpiDeviceFactoryInterface;
import org.lightkeeper.hal.bus.BusException;

/** Our {@link org.lightkeeper.hal.bus.SpiDevice} over a diozero {@link SpiDevice}, opened on first use. */
final class DiozeroSpiDevice implements org.lightkeeper.hal.bus.SpiDevice {
    private final SpiDeviceFactoryInterface factory;
    private final String name;
    private final int controller;
    private final int chipSelect;
    private final int clockHz;
    private final SpiClockMode mode;
    private SpiDevice spi;

    DiozeroSpiDevice(SpiDeviceFactoryInterface factory, String bus, int controller, int chipSelect, int clockHz,
                     SpiClockMode mode) {
        this.factory = factory;
        this.name = bus + "." + chipSelect;
        this.controller = controller;
        this.chipSelect = chipSelect;
        this.clockHz = clockHz;
        this.mode = mode;
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
    public synchronized void transfer(byte[] tx, byte[] rx, int length) {
        if (spi == null) {
            try {
                spi = new SpiDevice(factory, controller, chipSelect, clockHz, mode, false);
            } catch (RuntimeException e) {
                throw DiozeroErrors.translate(name, chipSelect, BusException.NO_REGISTER, "open", e);
            }
        }
        byte[] in;
        try {
            in = spi.writeAndRead(tx.length == length ? tx : Arrays.copyOf(tx, length));
        } catch (RuntimeException e) {
            throw DiozeroErrors.translate(name, chipSelect, BusException.NO_REGISTER, "SPI transfer", e);
        }
        if (in == null || in.length < length) {
            throw new BusException(name, chipSelect, BusException.NO_REGISTER, "SPI transfer returned "
                    + (in == null ? "nothing" : in.length + " of " + length + " bytes"));
        }
        if (rx != null) {
            System.arraycopy(in, 0, rx, 0, length);
        }
    }

    synchronized void close() {
        if (spi != null) {
            try {
                spi.close();
            } catch (RuntimeException ignored) {
                // closing on shutdown
            }
            spi = null;
        }
    }
}
