package org.lightkeeper.hal.bus.pi4j;

import java.util.Locale;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusTimeoutException;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.NakException;

/**
 * Turns Pi4J's one generic exception into our typed bus errors, and bus names from the board file
 * into Linux bus numbers.
 *
 * <p>Pi4J's linuxfs plugin wraps the kernel's error in a {@code Pi4JException} whose cause is an
 * {@code IOException} carrying the errno ({@code LinuxFile.LinuxFileException.getCode()}) and its
 * strerror text. The kernel's I2C fault codes (Documentation/i2c/fault-codes.rst): ENXIO when the
 * address phase got no ACK, EREMOTEIO for a NAK (the Raspberry Pi's i2c-bcm2835 returns EREMOTEIO for
 * address and data NAKs alike), ETIMEDOUT when the transfer or clock stretching timed out. Pi4J's own
 * bus-lock timeout ("Failed to get I2C lock") is a timeout too.
 */
final class Pi4jErrors {
    static final int ENXIO = 6;
    static final int ETIMEDOUT = 110;
    static final int EREMOTEIO = 121;

    private Pi4jErrors() {
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
            int errno = errnoOf(t);
            String m = t.getMessage() == null ? "" : t.getMessage();
            String lower = m.toLowerCase(Locale.ROOT);
            if (errno == ENXIO || lower.contains("no such device or address") || lower.contains("enxio")) {
                return new DeviceNotPresentException(bus, address);
            }
            if (errno == EREMOTEIO || lower.contains("remote i/o error") || lower.contains("eremoteio")) {
                return new NakException(bus, address, register, what + ": not acknowledged (" + m + ")");
            }
            if (errno == ETIMEDOUT || lower.contains("timed out") || lower.contains("etimedout")
                    || lower.contains("failed to get i2c lock")) {
                return new BusTimeoutException(bus, address, register, what + ": timed out (" + m + ")");
            }
            if (!m.isEmpty()) {
                detail.append(detail.length() == 0 ? "" : ": ").append(m);
            }
        }
        return new BusException(bus, address, register, what + " failed: " + (detail.length() == 0
                ? e.getClass().getSimpleName() : detail));
    }

    /** errno from linuxfs's LinuxFileException.getCode() (read reflectively: that class is runtime-only). */
    static int errnoOf(Throwable t) {
        try {
            var m = t.getClass().getMethod("getCode");
            if (m.getReturnType() == int.class) {
                return Math.abs((int) m.invoke(t));
            }
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // not an errno-carrying exception
        }
        return 0;
    }

    static int i2cBusNumber(String name) {
        return org.lightkeeper.hal.bus.LinuxBusNames.i2c(name);
    }

    static int spiBusNumber(String name) {
        return org.lightkeeper.hal.bus.LinuxBusNames.spi(name);
    }
}
