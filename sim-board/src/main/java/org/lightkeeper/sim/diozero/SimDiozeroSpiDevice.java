package org.lightkeeper.sim.diozero;

import java.util.Arrays;
import com.diozero.internal.spi.AbstractDevice;
import com.diozero.internal.spi.DeviceFactoryInterface;
import com.diozero.internal.spi.InternalSpiDeviceInterface;
import org.lightkeeper.hal.bus.SpiDevice;

/** One diozero SPI device whose full-duplex frames go to the simulator's emulator on that chip select. */
final class SimDiozeroSpiDevice extends AbstractDevice implements InternalSpiDeviceInterface {
    private final SpiDevice sim;
    private final int controller;
    private final int chipSelect;

    SimDiozeroSpiDevice(String key, DeviceFactoryInterface factory, SpiDevice sim, int controller, int chipSelect) {
        super(key, factory);
        this.sim = sim;
        this.controller = controller;
        this.chipSelect = chipSelect;
    }

    @Override
    public int getController() {
        return controller;
    }

    @Override
    public int getChipSelect() {
        return chipSelect;
    }

    @Override
    public void write(byte... data) {
        write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        byte[] tx = Arrays.copyOfRange(data, offset, offset + length);
        sim.transfer(tx, new byte[length], length);
    }

    @Override
    public byte[] writeAndRead(byte... data) {
        byte[] rx = new byte[data.length];
        sim.transfer(data, rx, data.length);
        return rx;
    }

    @Override
    protected void closeDevice() {
        // nothing to release
    }
}
