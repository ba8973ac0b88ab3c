package org.lightkeeper.sim.bus;

/**
 * The device side of a simulated I2C transaction: a register-level emulator of one chip. The bus
 * has already matched the address. A target that refuses a byte throws {@link Nak}; the bus turns
 * that into the driver-facing {@link org.lightkeeper.hal.bus.NakException}.
 */
public interface I2cTarget {
    /** Bytes written by the controller after the address byte. */
    void write(byte[] data, int offset, int length);

    /** Bytes the controller reads after the address byte (the target fills them). */
    void read(byte[] buffer, int offset, int length);

    /** A data byte not acknowledged by the emulated device. */
    final class Nak extends RuntimeException {
        public final int register;

        public Nak(int register, String why) {
            super(why, null, false, false);
            this.register = register;
        }
    }
}
