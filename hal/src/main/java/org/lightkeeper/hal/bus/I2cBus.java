package org.lightkeeper.hal.bus;

import java.util.Optional;

/**
 * One I2C bus segment as seen by a driver. Addresses are 7-bit. Every method is one transaction
 * (START ... STOP); {@link #writeRead} uses a repeated START between its halves. Implementations
 * throw {@link BusException} subclasses and never retry.
 */
public interface I2cBus {
    /** Name for logs and errors, for example {@code i2c-1} or {@code i2c-1/mux0.3}. */
    String name();

    /** SCL frequency in hertz, used to charge each transaction its wire time. */
    int clockHz();

    /**
     * The lock of the physical bus under this segment; hold it to make several transactions atomic.
     * Decorators and mux segments return their parent's lock. Backends should override this with a
     * lock they own and take it in every transaction; the default lends one per instance so that
     * implementers written before this method keep compiling and still share one lock.
     */
    default BusLock lock() {
        return BusLock.lentTo(this);
    }

    /** The bus-clear capability of the backend under this segment, if it has one (decorators delegate). */
    default Optional<I2cRecovery> recovery() {
        return this instanceof I2cRecovery r ? Optional.of(r) : Optional.empty();
    }

    void write(int address, byte[] data, int offset, int length);

    void read(int address, byte[] buffer, int offset, int length);

    /** Write then read with a repeated START, as one transaction. */
    void writeRead(int address, byte[] out, int outOffset, int outLength, byte[] in, int inOffset, int inLength);

    /** SMBus-style register read: write the 8-bit register pointer, repeated START, read {@code length} bytes. */
    default void readRegister(int address, int register, byte[] in, int offset, int length) {
        writeRead(address, new byte[] {(byte) register}, 0, 1, in, offset, length);
    }

    /** SMBus-style register write: the 8-bit register pointer followed by the data, in one transaction. */
    default void writeRegister(int address, int register, byte[] data, int offset, int length) {
        byte[] frame = new byte[length + 1];
        frame[0] = (byte) register;
        System.arraycopy(data, offset, frame, 1, length);
        write(address, frame, 0, frame.length);
    }

    default int readRegisterByte(int address, int register) {
        byte[] b = new byte[1];
        readRegister(address, register, b, 0, 1);
        return b[0] & 0xFF;
    }

    default void writeRegisterByte(int address, int register, int value) {
        write(address, new byte[] {(byte) register, (byte) value}, 0, 2);
    }
}
