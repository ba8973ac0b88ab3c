package org.lightkeeper.sim.diozero;

import java.util.Arrays;
import java.util.function.Supplier;
import com.diozero.api.I2CDevice;
import com.diozero.api.I2CDeviceInterface;
import com.diozero.api.RuntimeIOException;
import com.diozero.internal.spi.AbstractDevice;
import com.diozero.internal.spi.DeviceFactoryInterface;
import com.diozero.internal.spi.InternalI2CDeviceInterface;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.I2cBus;

/**
 * One diozero I2C device on a simulated bus. Raw reads and writes, SMBus commands and combined
 * {@code readWrite} message lists all become simulator transactions; a write message followed by a
 * read message is one transaction with a repeated START, as with I2C_RDWR on Linux.
 */
final class SimDiozeroI2cDevice extends AbstractDevice implements InternalI2CDeviceInterface {
    private final I2cBus sim;
    private final int controller;
    private final int address;

    SimDiozeroI2cDevice(String key, DeviceFactoryInterface factory, I2cBus sim, int controller, int address) {
        super(key, factory);
        this.sim = sim;
        this.controller = controller;
        this.address = address;
    }

    private <T> T run(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (BusException e) {
            throw DiozeroErrnos.toDiozero(what, controller, address, e);
        }
    }

    private void write(String what, byte... data) {
        run(what, () -> {
            sim.write(address, data, 0, data.length);
            return null;
        });
    }

    private byte[] writeRead(String what, byte[] out, int inLength) {
        byte[] in = new byte[inLength];
        run(what, () -> {
            sim.writeRead(address, out, 0, out.length, in, 0, inLength);
            return null;
        });
        return in;
    }

    @Override
    public int getController() {
        return controller;
    }

    @Override
    public int getAddress() {
        return address;
    }

    @Override
    public boolean probe(I2CDevice.ProbeMode mode) {
        try {
            readByte();
            return true;
        } catch (RuntimeIOException e) {
            return false;
        }
    }

    @Override
    public void writeQuick(byte bit) {
        write("write quick");
    }

    @Override
    public byte readByte() {
        byte[] b = new byte[1];
        run("read byte", () -> {
            sim.read(address, b, 0, 1);
            return null;
        });
        return b[0];
    }

    @Override
    public void writeByte(byte data) {
        write("write byte", data);
    }

    @Override
    public byte readByteData(int register) {
        return writeRead("read byte data", new byte[] {(byte) register}, 1)[0];
    }

    @Override
    public void writeByteData(int register, byte data) {
        write("write byte data", (byte) register, data);
    }

    /** SMBus words go low byte first. */
    @Override
    public short readWordData(int register) {
        byte[] b = writeRead("read word data", new byte[] {(byte) register}, 2);
        return (short) ((b[0] & 0xFF) | (b[1] & 0xFF) << 8);
    }

    @Override
    public void writeWordData(int register, short data) {
        write("write word data", (byte) register, (byte) data, (byte) (data >> 8));
    }

    @Override
    public short processCall(int register, short data) {
        byte[] b = writeRead("process call", new byte[] {(byte) register, (byte) data, (byte) (data >> 8)}, 2);
        return (short) ((b[0] & 0xFF) | (b[1] & 0xFF) << 8);
    }

    @Override
    public byte[] readBlockData(int register) {
        byte[] b = writeRead("read block data", new byte[] {(byte) register}, 1 + MAX_I2C_BLOCK_SIZE);
        int n = Math.min(b[0] & 0xFF, MAX_I2C_BLOCK_SIZE);
        return Arrays.copyOfRange(b, 1, 1 + n);
    }

    @Override
    public void writeBlockData(int register, byte... data) {
        byte[] frame = new byte[data.length + 2];
        frame[0] = (byte) register;
        frame[1] = (byte) data.length;
        System.arraycopy(data, 0, frame, 2, data.length);
        write("write block data", frame);
    }

    @Override
    public byte[] blockProcessCall(int register, byte... data) {
        byte[] out = new byte[data.length + 2];
        out[0] = (byte) register;
        out[1] = (byte) data.length;
        System.arraycopy(data, 0, out, 2, data.length);
        byte[] b = writeRead("block process call", out, 1 + MAX_I2C_BLOCK_SIZE);
        int n = Math.min(b[0] & 0xFF, MAX_I2C_BLOCK_SIZE);
        return Arrays.copyOfRange(b, 1, 1 + n);
    }

    @Override
    public int readI2CBlockData(int register, byte[] buffer) {
        byte[] b = writeRead("read I2C block data", new byte[] {(byte) register}, buffer.length);
        System.arraycopy(b, 0, buffer, 0, buffer.length);
        return buffer.length;
    }

    @Override
    public void writeI2CBlockData(int register, byte... data) {
        byte[] frame = new byte[data.length + 1];
        frame[0] = (byte) register;
        System.arraycopy(data, 0, frame, 1, data.length);
        write("write I2C block data", frame);
    }

    @Override
    public int readBytes(byte[] buffer) {
        run("read", () -> {
            sim.read(address, buffer, 0, buffer.length);
            return null;
        });
        return buffer.length;
    }

    @Override
    public void writeBytes(byte... data) {
        write("write", data);
    }

    /**
     * Messages share {@code buffer} in order (write messages supply their bytes, read messages receive
     * theirs). A write immediately followed by a read is one repeated-START transaction; any other
     * message is its own transaction.
     */
    @Override
    public void readWrite(I2CDeviceInterface.I2CMessage[] messages, byte[] buffer) {
        int pos = 0;
        for (int i = 0; i < messages.length; i++) {
            I2CDeviceInterface.I2CMessage m = messages[i];
            int at = pos;
            if (m.isWrite() && i + 1 < messages.length && messages[i + 1].isRead()) {
                I2CDeviceInterface.I2CMessage r = messages[++i];
                int inAt = at + m.getLength();
                run("readWrite", () -> {
                    sim.writeRead(address, buffer, at, m.getLength(), buffer, inAt, r.getLength());
                    return null;
                });
                pos = inAt + r.getLength();
            } else if (m.isWrite()) {
                run("readWrite", () -> {
                    sim.write(address, buffer, at, m.getLength());
                    return null;
                });
                pos += m.getLength();
            } else {
                run("readWrite", () -> {
                    sim.read(address, buffer, at, m.getLength());
                    return null;
                });
                pos += m.getLength();
            }
        }
    }

    @Override
    protected void closeDevice() {
        // nothing to release: the simulator's bus outlives its devices
    }
}
