package org.lightkeeper.hal.bus.pi4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.I2cBus;

/**
 * Our {@link I2cBus} over Pi4J: one Pi4J {@link I2C} per device address, opened on first use.
 * {@link #writeRead} goes through {@code readRegister(byte[] register, ...)}, which linuxfs issues as
 * one I2C_RDWR ioctl (write, repeated START, read). Failures come back as our typed errors.
 */
final class Pi4jI2cBus implements I2cBus {
    private final Context context;
    private final I2CProvider provider;
    private final String name;
    private final int busNumber;
    private final int clockHz;
    private final Map<Integer, I2C> devices = new HashMap<>();

    Pi4jI2cBus(Context context, I2CProvider provider, String name, int busNumber, int clockHz) {
        this.context = context;
        this.provider = provider;
        this.name = name;
        this.busNumber = busNumber;
        this.clockHz = clockHz;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int clockHz() {
        return clockHz;
    }

    private synchronized I2C device(int address) {
        if (address < 0 || address > 0x7F) {
            throw new IllegalArgumentException(String.format("I2C address must be 7-bit, got 0x%X", address));
        }
        I2C d = devices.get(address);
        if (d == null) {
            I2CConfig config = I2C.newConfigBuilder(context)
                    .id(String.format("lightkeeper-i2c-%d-0x%02x", busNumber, address))
                    .name(String.format("%s 0x%02X", name, address))
                    .bus(busNumber)
                    .device(address)
                    .build();
            try {
                d = provider.create(config);
            } catch (RuntimeException e) {
                throw Pi4jErrors.translate(name, address, BusException.NO_REGISTER, "open", e);
            }
            devices.put(address, d);
        }
        return d;
    }

    @Override
    public void write(int address, byte[] data, int offset, int length) {
        I2C d = device(address);
        // A register write is pointer + data; a single byte (a mux control byte) names no register.
        int register = length > 1 ? data[offset] & 0xFF : BusException.NO_REGISTER;
        try {
            d.write(data, offset, length);
        } catch (RuntimeException e) {
            throw Pi4jErrors.translate(name, address, register, "write", e);
        }
    }

    @Override
    public void read(int address, byte[] buffer, int offset, int length) {
        I2C d = device(address);
        int n;
        try {
            n = d.read(buffer, offset, length);
        } catch (RuntimeException e) {
            throw Pi4jErrors.translate(name, address, BusException.NO_REGISTER, "read", e);
        }
        if (n != length) {
            throw new BusException(name, address, BusException.NO_REGISTER, "short read: " + n + " of " + length + " bytes");
        }
    }

    @Override
    public void writeRead(int address, byte[] out, int outOffset, int outLength, byte[] in, int inOffset, int inLength) {
        if (outLength == 0) {
            read(address, in, inOffset, inLength);
            return;
        }
        I2C d = device(address);
        byte[] pointer = outOffset == 0 && outLength == out.length ? out
                : Arrays.copyOfRange(out, outOffset, outOffset + outLength);
        int register = pointer[0] & 0xFF;
        int n;
        try {
            n = d.readRegister(pointer, in, inOffset, inLength);
        } catch (RuntimeException e) {
            throw Pi4jErrors.translate(name, address, register, "write-read", e);
        }
        if (n != inLength) {
            throw new BusException(name, address, register, "short read: " + n + " of " + inLength + " bytes");
        }
    }

    synchronized void close() {
        for (I2C d : devices.values()) {
            try {
                d.close();
            } catch (RuntimeException ignored) {
                // closing on shutdown: nothing left to tell the caller
            }
        }
        devices.clear();
    }
}
