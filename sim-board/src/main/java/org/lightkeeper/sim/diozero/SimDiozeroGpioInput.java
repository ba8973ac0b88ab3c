package org.lightkeeper.sim.diozero;

import com.diozero.api.DigitalInputEvent;
import com.diozero.api.RuntimeIOException;
import com.diozero.internal.spi.AbstractInputDevice;
import com.diozero.internal.spi.DeviceFactoryInterface;
import com.diozero.internal.spi.GpioDigitalInputDeviceInterface;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.sim.bus.SimGpioLine;

/**
 * A diozero digital input on a simulated GPIO line. Each edge becomes a {@link DigitalInputEvent}
 * (nano time = the edge's virtual time) handed synchronously to diozero's listener while one is
 * enabled; a failed line reads as diozero's native layer reports it (a {@link RuntimeIOException}
 * carrying -EIO).
 */
final class SimDiozeroGpioInput extends AbstractInputDevice<DigitalInputEvent> implements GpioDigitalInputDeviceInterface {
    private final SimGpioLine line;
    private final int gpio;
    private final SimGpioLine.Listener listener = this::onEdge;

    SimDiozeroGpioInput(String key, DeviceFactoryInterface factory, SimGpioLine line, int gpio) {
        super(key, factory);
        this.line = line;
        this.gpio = gpio;
        line.configureInput();
        line.addListener(listener);
    }

    private void onEdge(SimGpioLine l, boolean rising, long nanos) {
        if (isListenerEnabled()) {
            accept(new DigitalInputEvent(gpio, nanos / 1_000_000L, nanos, rising));
        }
    }

    static RuntimeIOException toDiozero(String what, SimGpioLine line, BusException e) {
        return new RuntimeIOException("Error in GPIO " + what + " for " + line.chip() + " line " + line.offset()
                + ": Input/output error", -5);
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
            throw toDiozero("read", line, e);
        }
    }

    @Override
    public void setDebounceTimeMillis(int debounceTime) {
        // edges on virtual time are clean: nothing to debounce
    }

    @Override
    protected void closeDevice() {
        line.removeListener(listener);
        super.closeDevice();
    }
}
