package org.lightkeeper.sim.pi4j;

import java.util.Arrays;
import java.util.Objects;
import com.pi4j.io.i2c.I2CBase;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.I2cBus;

/**
 * A Pi4J I2C device whose bytes go to the simulator: plain writes and reads are single transactions,
 * {@code readRegister(byte[] register, ...)} is one write-then-read with a repeated START, as linuxfs
 * does it with I2C_RDWR. Simulated faults come back as linuxfs would report them.
 */
final class SimPi4jI2C extends I2CBase<SimPi4jI2CBus> {
    private final I2cBus sim;
    private final int address;

    SimPi4jI2C(I2CProvider provider, I2CConfig config, SimPi4jI2CBus bus) {
        super(provider, config, bus);
        this.sim = bus.sim();
        this.address = config.device();
    }

    private <R> R run(String what, java.util.concurrent.Callable<R> action) {
        return i2CBus.execute(this, () -> {
            try {
                return action.call();
            } catch (BusException e) {
                throw LinuxErrors.toPi4j(what, i2CBus.number(), address, e);
            }
        });
    }

    @Override
    public int write(byte b) {
        return write(new byte[] {b}, 0, 1);
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        return run("write", () -> {
            sim.write(address, data, offset, length);
            return length;
        });
    }

    @Override
    public int read() {
        byte[] b = new byte[1];
        read(b, 0, 1);
        return b[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        return run("read", () -> {
            sim.read(address, buffer, offset, length);
            return length;
        });
    }

    @Override
    public int readRegister(int register) {
        byte[] b = new byte[1];
        readRegister(register, b, 0, 1);
        return b[0] & 0xFF;
    }

    @Override
    public int readRegister(int register, byte[] buffer, int offset, int length) {
        return readRegister(new byte[] {(byte) register}, buffer, offset, length);
    }

    @Override
    public int readRegister(byte[] register, byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        return run("write-read", () -> {
            sim.writeRead(address, register, 0, register.length, buffer, offset, length);
            return length;
        });
    }

    @Override
    public int writeRegister(int register, byte b) {
        return write(new byte[] {(byte) register, b}, 0, 2);
    }

    @Override
    public int writeRegister(int register, byte[] data, int offset, int length) {
        return writeRegister(new byte[] {(byte) register}, data, offset, length);
    }

    @Override
    public int writeRegister(byte[] register, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        byte[] frame = Arrays.copyOf(register, register.length + length);
        System.arraycopy(data, offset, frame, register.length, length);
        write(frame, 0, frame.length);
        return length;
    }
}
