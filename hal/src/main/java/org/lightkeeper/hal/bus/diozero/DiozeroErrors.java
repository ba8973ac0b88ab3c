package org.lightkeeper.hal.bus.diozero;

import com.diozero.api.RuntimeIOException;
import java.util.List;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.LinuxBusErrors;

/**
 * Turns diozero's {@link RuntimeIOException} (which carries the errno of the failed ioctl in
 * {@link RuntimeIOException#getError()}, negative as the native layer returns it) into our typed bus
 * errors ({@link LinuxBusErrors}: ENXIO device not present, EREMOTEIO a NAK, ETIMEDOUT a timeout).
 */
final class DiozeroErrors {
    private static final LinuxBusErrors KERNEL = new LinuxBusErrors(
            t -> t instanceof RuntimeIOException r ? Math.abs(r.getError()) : 0, List.of(), List.of(), List.of());

    private DiozeroErrors() {
    }

    static BusException translate(String bus, int address, int register, String what, RuntimeException e) {
        return KERNEL.translate(bus, address, register, what, e);
    }

    static int i2cController(String name) {
        return org.lightkeeper.hal.bus.LinuxBusNames.i2c(name);
    }

    static int spiController(String name) {
        return org.lightkeeper.hal.bus.LinuxBusNames.spi(name);
    }
}
