package org.lightkeeper.hal.bus.pi4j;

import java.util.List;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.LinuxBusErrors;

/**
 * Turns Pi4J's one generic exception into our typed bus errors, and bus names from the board file
 * into Linux bus numbers.
 *
 * <p>Pi4J's linuxfs plugin wraps the kernel's error in a {@code Pi4JException} whose cause is an
 * {@code IOException} carrying the errno ({@code LinuxFile.LinuxFileException.getCode()}) and its
 * strerror text, read as {@link LinuxBusErrors} reads the kernel's I2C fault codes; the errno names
 * in a message count too, and Pi4J's own bus-lock timeout ("Failed to get I2C lock") is a timeout.
 */
final class Pi4jErrors {
    private static final LinuxBusErrors KERNEL = new LinuxBusErrors(Pi4jErrors::errnoOf,
            List.of("enxio"), List.of("eremoteio"), List.of("etimedout", "failed to get i2c lock"));

    private Pi4jErrors() {
    }

    static BusException translate(String bus, int address, int register, String what, RuntimeException e) {
        return KERNEL.translate(bus, address, register, what, e);
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
