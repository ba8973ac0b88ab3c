package org.lightkeeper.hal.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

class BusExceptionTest {
    @Test
    void everyTypeNamesBusAddressAndRegister() {
        String ctx = " (bus i2c-1/mux0.3, address 0x50, register 0x7F)";
        assertEquals("data NAK" + ctx, new NakException("i2c-1/mux0.3", 0x50, 0x7F, "data NAK").getMessage());
        assertEquals("no device answers" + ctx,
                new DeviceNotPresentException("i2c-1/mux0.3", 0x50, 0x7F).getMessage());
        assertEquals("late" + ctx, new BusTimeoutException("i2c-1/mux0.3", 0x50, 0x7F, "late").getMessage());
        assertEquals("lost" + ctx, new ArbitrationLostException("i2c-1/mux0.3", 0x50, 0x7F, "lost").getMessage());
        BusStuckException stuck = new BusStuckException("i2c-1/mux0.3", 0x50, 0x7F, BusStuckException.Line.SDA);
        assertEquals("SDA held low" + ctx, stuck.getMessage());
        assertEquals(BusStuckException.Line.SDA, stuck.line());
        assertEquals("SDA held low", stuck.detail());
    }

    @Test
    void unknownAddressOrRegisterIsLeftOut() {
        assertEquals("bus lock not acquired (bus i2c-0)",
                new BusTimeoutException("i2c-0", BusException.NO_ADDRESS, BusException.NO_REGISTER,
                        "bus lock not acquired").getMessage());
        assertEquals("no device answers (bus i2c-0, address 0x48)", new DeviceNotPresentException("i2c-0", 0x48).getMessage());
    }

    @Test
    void familyNestsAsRetryPoliciesExpect() {
        assertInstanceOf(NakException.class, new DeviceNotPresentException("b", 1));
        BusException stuck = new BusStuckException("b", 1, 2, BusStuckException.Line.SCL);
        assertFalse(stuck instanceof NakException);
        assertEquals(0x12, BusException.pointerOf(new byte[] {0, 0x12}, 1, 1));
        assertEquals(BusException.NO_REGISTER, BusException.pointerOf(new byte[0], 0, 0));
    }
}
