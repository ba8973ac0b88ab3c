package org.lightkeeper.hal.bus.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.pi4j.exception.Pi4JException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusTimeoutException;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.NakException;

/** Pi4J's single exception type, as linuxfs fills it, becomes our typed errors. */
class Pi4jErrorsTest {
    /** Like linuxfs's LinuxFileException: strerror text plus getCode(). */
    static final class Errno extends IOException {
        private final int code;

        Errno(int code, String text) {
            super(text);
            this.code = code;
        }

        public int getCode() {
            return code;
        }
    }

    private static BusException from(Throwable cause) {
        return Pi4jErrors.translate("i2c-1", 0x48, 0x07, "write-read", new Pi4JException("I2C failed", cause));
    }

    @Test
    void errnoDecidesTheType() {
        assertEquals(DeviceNotPresentException.class, from(new Errno(6, "x")).getClass());
        assertEquals(NakException.class, from(new Errno(121, "x")).getClass());
        assertEquals(BusTimeoutException.class, from(new Errno(110, "x")).getClass());
        assertEquals(BusException.class, from(new Errno(5, "Input/output error")).getClass());
    }

    @Test
    void strerrorTextWorksWithoutErrno() {
        assertEquals(NakException.class, from(new IOException("Remote I/O error")).getClass());
        assertEquals(DeviceNotPresentException.class, from(new IOException("No such device or address")).getClass());
    }

    @Test
    void pi4jBusLockTimeoutIsATimeout() {
        BusException e = Pi4jErrors.translate("i2c-1", 0x48, 0x07, "write-read",
                new Pi4JException("Failed to get I2C lock on bus 1 after 1000 MILLISECONDS"));
        assertEquals(BusTimeoutException.class, e.getClass());
    }

    @Test
    void busAddressRegisterAndCauseAreKept() {
        Pi4JException original = new Pi4JException("I2C failed", new Errno(121, "Remote I/O error"));
        BusException e = Pi4jErrors.translate("i2c-1", 0x48, 0x07, "write-read", original);
        assertEquals("i2c-1", e.bus());
        assertEquals(0x48, e.address());
        assertEquals(0x07, e.register());
        assertSame(original, e.getCause());
    }

    @Test
    void busNamesMapToLinuxNumbers() {
        assertEquals(1, Pi4jErrors.i2cBusNumber("i2c-1"));
        assertEquals(22, Pi4jErrors.i2cBusNumber("/dev/i2c-22"));
        assertEquals(0, Pi4jErrors.spiBusNumber("spi0"));
        assertEquals(1, Pi4jErrors.spiBusNumber("spi-1"));
        assertThrows(IllegalArgumentException.class, () -> Pi4jErrors.i2cBusNumber("smbus"));
    }
}
