package org.lightkeeper.hal.bus.diozero;

import java.util.Locale;
import com.diozero.api.RuntimeIOException;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusTimeoutException;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.NakException;

/**
 * Turns diozero's {@link RuntimeIOException} (which carries the errno of the failed ioctl in
 * {@link RuntimeIOException#getError()}, negative as the native layer returns it) into our typed bus
 * errors: ENXIO (address not acknowledged) is device not present, EREMOTEIO a NAK (the Raspberry Pi's
 * i2c-bcm2835 reports address NAKs this way too), ETIMEDOUT a timeout. Kernel fault codes:
 * Documentation/i2c/fault-codes.rst.
 */
final class DiozeroErrors {
    static final int ENXIO = 6;
    static final int ETIMEDOUT = 110;
    static final int EREMOTEIO = 121;

    private DiozeroErrors() {
    }

    static BusException translate(String bus, int address, int register, String what, RuntimeException e) {
        if (e instanceof BusException b) {
            return b;
        }
        BusException out = classify(bus, address, register, what, e);
        out.initCause(e);
        return out;
    }

    private static BusException classify(String bus, int address, int register, String what, Throwable e) {
        StringBuilder detail = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            int errno = t instanceof RuntimeIOException r ? Math.abs(r.getError()) : 0;
            String m = t.getMessage() == null ? "" : t.getMessage();
            String lower = m.toLowerCase(Locale.ROOT);
            if (errno == ENXIO || lower.contains("no such device or address")) {
                return new DeviceNotPresentException(bus, address);
            }
            if (errno == EREMOTEIO || lower.contains("remote i/o error")) {
                return new NakException(bus, address, register, what + ": not acknowledged (" + m + ")");
            }
            if (errno == ETIMEDOUT || lower.contains("timed out")) {
                return new BusTimeoutException(bus, address, register, what + ": timed out (" + m + ")");
            }
            if (!m.isEmpty()) {
                detail.append(detail.length() == 0 ? "" : ": ").append(m);
            }
        }
        return new BusException(bus, address, register, what + " failed: " + (detail.length() == 0
                ? e.getClass().getSimpleName() : detail));
    }

    static int i2cController(String name) {
        return org.lightkeeper.hal.bus.LinuxBusNames.i2c(name);
    }

    static int spiController(String name) {
        return org.lightkeeper.hal.bus.LinuxBusNames.spi(name);
    }
}
