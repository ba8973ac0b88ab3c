package org.lightkeeper.sim.pi4j;

import java.io.IOException;
import com.pi4j.exception.Pi4JException;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusTimeoutException;
import org.lightkeeper.hal.bus.DeviceNotPresentException;

/**
 * What the linuxfs plugin would throw for a simulated bus fault: a {@link Pi4JException} whose cause
 * is an {@link IOException} with the kernel's errno and strerror text (Documentation/i2c/fault-codes.rst:
 * ENXIO address not acknowledged, EREMOTEIO NAK, ETIMEDOUT timeout). Our own exception types never
 * leak through the Pi4J API, so hal's translation is exercised as on the rig.
 */
final class LinuxErrors {
    private LinuxErrors() {
    }

    /** An IOException that, like linuxfs's LinuxFileException, tells its errno through getCode(). */
    static final class ErrnoException extends IOException {
        private final int code;

        ErrnoException(int code, String strerror) {
            super(strerror);
            this.code = code;
        }

        public int getCode() {
            return code;
        }
    }

    static Pi4JException toPi4j(String what, int bus, int device, BusException e) {
        ErrnoException cause;
        if (e instanceof DeviceNotPresentException) {
            cause = new ErrnoException(6, "No such device or address");
        } else if (e instanceof BusTimeoutException) {
            cause = new ErrnoException(110, "Connection timed out");
        } else if (e instanceof org.lightkeeper.hal.bus.NakException) {
            cause = new ErrnoException(121, "Remote I/O error");
        } else {
            cause = new ErrnoException(5, "Input/output error");
        }
        return new Pi4JException(String.format("I2C %s failed on bus %d, device 0x%02X", what, bus, device), cause);
    }
}
