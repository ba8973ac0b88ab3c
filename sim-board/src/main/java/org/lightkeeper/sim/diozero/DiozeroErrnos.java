package org.lightkeeper.sim.diozero;

import com.diozero.api.I2CException;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusTimeoutException;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.NakException;

/**
 * What diozero's native I2C layer would throw for a simulated bus fault: an {@link I2CException}
 * carrying the negative errno the ioctl returned (ENXIO address not acknowledged, EREMOTEIO NAK,
 * ETIMEDOUT timeout; Documentation/i2c/fault-codes.rst). Our own types never leak through diozero's API.
 */
final class DiozeroErrnos {
    private DiozeroErrnos() {
    }

    static I2CException toDiozero(String what, int controller, int address, BusException e) {
        int errno;
        if (e instanceof DeviceNotPresentException) {
            errno = 6;
        } else if (e instanceof BusTimeoutException) {
            errno = 110;
        } else if (e instanceof NakException) {
            errno = 121;
        } else {
            errno = 5;
        }
        return new I2CException(String.format("Error in I2C %s for device i2c-%d-0x%02x", what, controller, address), -errno);
    }
}
