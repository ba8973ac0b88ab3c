package org.lightkeeper.hal.bus.diozero;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.diozero.api.I2CException;
import com.diozero.api.RuntimeIOException;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusTimeoutException;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.NakException;

/** diozero's errno-carrying RuntimeIOException becomes our typed errors. */
class DiozeroErrorsTest {
    private static BusException from(RuntimeException e) {
        return DiozeroErrors.translate("i2c-1", 0x20, 0x06, "write", e);
    }

    @Test
    void errnoDecidesTheType() {
        assertEquals(DeviceNotPresentException.class, from(new I2CException("readWrite", -6)).getClass());
        assertEquals(NakException.class, from(new I2CException("readWrite", -121)).getClass());
        assertEquals(BusTimeoutException.class, from(new I2CException("readWrite", 110)).getClass());
        assertEquals(BusException.class, from(new RuntimeIOException("Input/output error", -5)).getClass());
    }

    @Test
    void registerIsKeptOnANak() {
        BusException e = from(new I2CException("readWrite", -121));
        assertEquals("i2c-1", e.bus());
        assertEquals(0x20, e.address());
        assertEquals(0x06, e.register());
    }

    @Test
    void controllerNumbers() {
        assertEquals(1, DiozeroErrors.i2cController("i2c-1"));
        assertEquals(0, DiozeroErrors.spiController("spi0"));
    }
}
