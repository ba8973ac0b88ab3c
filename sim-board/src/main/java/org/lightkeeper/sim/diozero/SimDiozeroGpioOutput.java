package org.lightkeeper.sim.diozero;

import com.diozero.internal.spi.AbstractDevice;
import com.diozero.internal.spi.DeviceFactoryInterface;
import com.diozero.internal.spi.GpioDigitalOutputDeviceInterface;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.sim.bus.SimGpioLine;

/** A diozero digital output on a simulated GPIO line, opened driving its initial value; reads back the line. */
final class SimDiozeroGpioOutput extends AbstractDevice implements GpioDigitalOutputDeviceInterface {
    private final SimGpioLine line;
    private final int gpio;

    SimDiozeroGpioOutput(String key, DeviceFactoryInterface factory, SimGpioLine line, int gpio, boolean initialValue) {
        super(key, factory);
        this.line = line;
        this.gpio = gpio;
        try {
            line.configureOutput(initialValue);
        } catch (BusException e) {
            throw SimDiozeroGpioInput.toDiozero("open", line, e);
        }
    }

    @Override
    public int getGpio() {
        return gpio;
    }

    @Override
    public boolean getValue() {
        try {
            return line.read();
        } catch (BusException e) {
            throw SimDiozeroGpioInput.toDiozero("read", line, e);
        }
    }

    @Override
    public void setValue(boolean value) {
        try {
            line.write(value);
        } catch (BusException e) {
            throw SimDiozeroGpioInput.toDiozero("write", line, e);
        }
    }

    @Override
    protected void closeDevice() {
        // the line keeps its level, as an exported line does when released
    }
}
