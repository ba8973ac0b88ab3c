package org.lightkeeper.hal.bus.diozero;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import com.diozero.api.I2CConstants;
import com.diozero.api.I2CDevice;
import com.diozero.api.I2CDeviceInterface.I2CMessage;
import com.diozero.internal.spi.I2CDeviceFactoryInterface;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.I2cBus;

/**
 * Our {@link I2cBus} over diozero: one {@link I2CDevice} per address, opened on first use.
 * {@link #writeRead} is one {@code readWrite} of two messages, which diozero issues as a single
 * I2C_RDWR ioctl (write, repeated START, read). Transactions on this bus are serialised here.
 */
final class DiozeroI2cBus implements I2cBus {
    private final I2CDeviceFactoryInterface factory;
    private final String name;
    private final int controller;
    private final int clockHz;
    private final Map<Integer, I2CDevice> devices = new HashMap<>();

    DiozeroI2cBus(I2CDeviceFactoryInterface factory, String name, int controller, int clockHz) {
        this.factory = factory;
        this.name = name;
        this.controller = controller;
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

    private I2CDevice device(int address) {
        if (address < 0 || address > 0x7F) {
            throw new IllegalArgumentException(String.format("I2C address must be 7-bit, got 0x%X", address));
        }
        I2CDevice d = devices.get(address);
        if (d == null) {
            try {
                d = new I2CDevice(factory, controller, address, I2CConstants.AddressSize.SIZE_7, ByteOrder.BIG_ENDIAN);
            } catch (RuntimeException e) {
                throw DiozeroErrors.translate(name, address, BusException.NO_REGISTER, "open", e);
            }
            devices.put(address, d);
        }
        return d;
    }

    @Override
    public synchronized void write(int address, byte[] data, int offset, int length) {
        I2CDevice d = device(address);
        // A register write is pointer + data; a single byte (a mux control byte) names no register.
        int register = length > 1 ? data[offset] & 0xFF : BusException.NO_REGISTER;
        try {
            d.writeBytes(Arrays.copyOfRange(data, offset, offset + length));
        } catch (RuntimeException e) {
            throw DiozeroErrors.translate(name, address, register, "write", e);
        }
    }

    @Override
    public synchronized void read(int address, byte[] buffer, int offset, int length) {
        I2CDevice d = device(address);
        byte[] in = new byte[length];
        int n;
        try {
            n = d.readBytes(in);
        } catch (RuntimeException e) {
            throw DiozeroErrors.translate(name, address, BusException.NO_REGISTER, "read", e);
        }
        if (n != length) {
            throw new BusException(name, address, BusException.NO_REGISTER, "short read: " + n + " of " + length + " bytes");
        }
        System.arraycopy(in, 0, buffer, offset, length);
    }

    @Override
    public synchronized void writeRead(int address, byte[] out, int outOffset, int outLength,
                                       byte[] in, int inOffset, int inLength) {
        if (outLength == 0) {
            read(address, in, inOffset, inLength);
            return;
        }
        I2CDevice d = device(address);
        int register = out[outOffset] & 0xFF;
        byte[] buffer = new byte[outLength + inLength];
        System.arraycopy(out, outOffset, buffer, 0, outLength);
        I2CMessage[] messages = {
            new I2CMessage(I2CMessage.I2C_M_WR, outLength),
            new I2CMessage(I2CMessage.I2C_M_RD, inLength),
        };
        try {
            d.readWrite(messages, buffer);
        } catch (RuntimeException e) {
            throw DiozeroErrors.translate(name, address, register, "write-read", e);
        }
        System.arraycopy(buffer, outLength, in, inOffset, inLength);
    }

    synchronized void close() {
        for (I2CDevice d : devices.values()) {
            try {
                d.close();
            } catch (RuntimeException ignored) {
                // closing on shutdown
            }
        }
        devices.clear();
    }
}
