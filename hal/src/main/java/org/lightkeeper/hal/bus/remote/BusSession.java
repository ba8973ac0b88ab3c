package org.lightkeeper.hal.bus.remote;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusProvider;
import org.lightkeeper.hal.bus.GpioDirection;
import org.lightkeeper.hal.bus.GpioEdge;
import org.lightkeeper.hal.bus.GpioProvider;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.I2cRecovery;
import org.lightkeeper.hal.bus.SpiDevice;
import org.lightkeeper.hal.time.Clock;

/**
 * One client connection of a {@link BusServer}: the handshake, then one request served and answered
 * at a time, on this session's thread. Every field of a request is read and checked before the bus
 * is touched; anything wrong is answered with an error reply, and only a frame whose length cannot
 * be trusted closes the connection. GPIO lines the client opened are closed when it goes away.
 */
final class BusSession implements Runnable {
    private static final Logger LOG = Logger.getLogger(BusSession.class.getName());
    /** A client that connects and says nothing is dropped after this long. */
    static final int HANDSHAKE_TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final BusProvider buses;
    private final Clock clock;
    private final BusServer.Gate gate;
    private final Object[] handles = new Object[BusProtocol.MAX_HANDLES];
    private final Frame request = new Frame();
    private final Frame reply = new Frame();
    private final byte[] spiTx = new byte[BusProtocol.MAX_TRANSFER];
    private final byte[] spiRx = new byte[BusProtocol.MAX_TRANSFER];
    /** The request being served, for {@link #serveCurrent}, so passing the gate allocates nothing. */
    private int op;
    private final Runnable serveCurrent = this::dispatch;

    BusSession(Socket socket, BusProvider buses, Clock clock, BusServer.Gate gate) {
        this.socket = socket;
        this.buses = buses;
        this.clock = clock;
        this.gate = gate;
    }

    @Override
    public void run() {
        try (Socket s = socket) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            if (!handshake(in, out)) {
                return;
            }
            while (true) {
                try {
                    op = request.readFrom(in);
                } catch (MalformedFrameException e) {
                    // The length cannot be trusted, so neither can the rest of the stream.
                    WireErrors.encode(reply, e);
                    reply.writeTo(out);
                    LOG.warning("bus client " + s.getRemoteSocketAddress() + " dropped: " + e.getMessage());
                    return;
                }
                try {
                    gate.pass(serveCurrent);
                } catch (RuntimeException e) {
                    WireErrors.encode(reply, e);
                }
                reply.writeTo(out);
            }
        } catch (EOFException e) {
            LOG.fine("bus client closed the connection");
        } catch (IOException e) {
            LOG.log(Level.FINE, "bus client connection ended", e);
        } finally {
            closePins();
        }
    }

    /** Refuses a peer that does not open with the magic, and a protocol version other than ours. */
    private boolean handshake(InputStream in, OutputStream out) throws IOException {
        socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
        byte[] hello = new byte[6];
        try {
            Frame.readFully(in, hello, 0, 6);
        } catch (SocketTimeoutException e) {
            LOG.warning("bus client " + socket.getRemoteSocketAddress() + " sent no handshake, dropped");
            return false;
        }
        int magic = ((hello[0] & 0xFF) << 24) | ((hello[1] & 0xFF) << 16) | ((hello[2] & 0xFF) << 8) | (hello[3] & 0xFF);
        int version = ((hello[4] & 0xFF) << 8) | (hello[5] & 0xFF);
        if (magic != BusProtocol.MAGIC) {
            LOG.warning("bus client " + socket.getRemoteSocketAddress() + " does not speak the bus protocol, dropped");
            return false;
        }
        out.write(new byte[] {hello[0], hello[1], hello[2], hello[3],
                (byte) (BusProtocol.VERSION >>> 8), (byte) BusProtocol.VERSION});
        if (version != BusProtocol.VERSION) {
            reply.begin(BusProtocol.ERR_VERSION).putString("").putInt(BusException.NO_ADDRESS)
                    .putInt(BusException.NO_REGISTER).putByte(BusProtocol.LINE_NONE)
                    .putString("server speaks protocol version " + BusProtocol.VERSION + ", client " + version);
            reply.writeTo(out);
            return false;
        }
        reply.begin(BusProtocol.OK).putString(buses.backend());
        reply.writeTo(out);
        socket.setSoTimeout(0); // a client may be idle as long as it likes
        return true;
    }

    private void dispatch() {
        switch (op) {
            case BusProtocol.OP_PING -> {
                request.end();
                reply.begin(BusProtocol.OK);
            }
            case BusProtocol.OP_OPEN_I2C -> openI2c();
            case BusProtocol.OP_OPEN_SPI -> openSpi();
            case BusProtocol.OP_OPEN_GPIO -> openGpio();
            case BusProtocol.OP_CLOSE -> close();
            case BusProtocol.OP_I2C_WRITE -> {
                I2cBus bus = handle(I2cBus.class);
                int address = address();
                int n = rest();
                bus.write(address, request.array(), request.position(), n);
                reply.begin(BusProtocol.OK);
            }
            case BusProtocol.OP_I2C_READ -> {
                I2cBus bus = handle(I2cBus.class);
                int address = address();
                int n = length();
                request.end();
                reply.begin(BusProtocol.OK);
                bus.read(address, reply.array(), reply.position(), n);
                reply.advance(n);
            }
            case BusProtocol.OP_I2C_WRITE_READ -> {
                I2cBus bus = handle(I2cBus.class);
                int address = address();
                int n = length();
                int w = rest();
                reply.begin(BusProtocol.OK);
                bus.writeRead(address, request.array(), request.position(), w, reply.array(), reply.position(), n);
                reply.advance(n);
            }
            case BusProtocol.OP_I2C_RECOVER -> {
                I2cBus bus = handle(I2cBus.class);
                request.end();
                I2cRecovery r = bus.recovery().orElseThrow(() ->
                        new UnsupportedOperationException(bus.name() + " cannot clear a stuck bus"));
                reply.begin(BusProtocol.OK).putByte(r.recoverStuckBus() ? 1 : 0);
            }
            case BusProtocol.OP_SPI_TRANSFER -> {
                SpiDevice dev = handle(SpiDevice.class);
                int n = rest();
                // SpiDevice takes whole arrays, so the frame goes through scratch buffers.
                request.getBytes(spiTx, 0, n);
                dev.transfer(spiTx, spiRx, n);
                reply.begin(BusProtocol.OK).putBytes(spiRx, 0, n);
            }
            case BusProtocol.OP_GPIO_READ -> {
                ServedPin p = handle(ServedPin.class);
                request.end();
                reply.begin(BusProtocol.OK).putByte(p.pin.read() ? 1 : 0);
            }
            case BusProtocol.OP_GPIO_WRITE -> {
                ServedPin p = handle(ServedPin.class);
                int level = request.getByte();
                request.end();
                if (level > 1) {
                    throw new MalformedFrameException("GPIO level must be 0 or 1, got " + level);
                }
                p.pin.write(level == 1);
                reply.begin(BusProtocol.OK);
            }
            case BusProtocol.OP_GPIO_WATCH -> {
                ServedPin p = handle(ServedPin.class);
                int kind = request.getByte();
                request.end();
                if (kind >= GpioEdge.values().length) {
                    throw new MalformedFrameException("edge kind " + kind + " unknown");
                }
                p.watch(GpioEdge.values()[kind]);
                reply.begin(BusProtocol.OK);
            }
            case BusProtocol.OP_GPIO_UNWATCH -> {
                ServedPin p = handle(ServedPin.class);
                request.end();
                p.unwatch();
                reply.begin(BusProtocol.OK);
            }
            case BusProtocol.OP_GPIO_POLL -> {
                ServedPin p = handle(ServedPin.class);
                request.end();
                p.pollInto(reply, clock.nanos());
            }
            default -> throw new MalformedFrameException("unknown op code 0x" + Integer.toHexString(op));
        }
    }

    private void openI2c() {
        int clockHz = clockHz();
        String name = request.getString();
        request.end();
        I2cBus bus = buses.i2c(name, clockHz);
        int h = allocate(bus);
        reply.begin(BusProtocol.OK).putShort(h).putInt(bus.clockHz())
                .putByte(bus.recovery().isPresent() ? BusProtocol.FLAG_RECOVERY : 0).putString(bus.name());
    }

    private void openSpi() {
        int chipSelect = request.getShort();
        int clockHz = clockHz();
        String name = request.getString();
        request.end();
        SpiDevice dev = buses.spi(name, chipSelect, clockHz);
        int h = allocate(dev);
        reply.begin(BusProtocol.OK).putShort(h).putInt(dev.clockHz()).putString(dev.name());
    }

    private void openGpio() {
        int line = request.getShort();
        int direction = request.getByte();
        String chip = request.getString();
        request.end();
        if (direction >= GpioDirection.values().length) {
            throw new MalformedFrameException("GPIO direction " + direction + " unknown");
        }
        if (!(buses instanceof GpioProvider gpio)) {
            throw new UnsupportedOperationException("the " + buses.backend() + " backend has no GPIO lines");
        }
        if (free() < 0) {
            throw new IllegalArgumentException("all " + BusProtocol.MAX_HANDLES + " handles in use");
        }
        ServedPin pin = new ServedPin(gpio.gpio(chip, line, GpioDirection.values()[direction]));
        int h = allocate(pin);
        reply.begin(BusProtocol.OK).putShort(h).putString(pin.pin.name());
    }

    private void close() {
        int h = request.getShort();
        request.end();
        if (h >= handles.length || handles[h] == null) {
            throw new MalformedFrameException("handle " + h + " is not open");
        }
        if (handles[h] instanceof ServedPin p) {
            p.unwatch();
            p.pin.close();
        }
        handles[h] = null;
        reply.begin(BusProtocol.OK);
    }

    private int free() {
        for (int i = 0; i < handles.length; i++) {
            if (handles[i] == null) {
                return i;
            }
        }
        return -1;
    }

    private int allocate(Object o) {
        int h = free();
        if (h < 0) {
            throw new IllegalArgumentException("all " + BusProtocol.MAX_HANDLES + " handles in use");
        }
        handles[h] = o;
        return h;
    }

    private <T> T handle(Class<T> type) {
        int h = request.getShort();
        Object o = h < handles.length ? handles[h] : null;
        if (!type.isInstance(o)) {
            throw new MalformedFrameException("handle " + h + " is not an open " + type.getSimpleName());
        }
        return type.cast(o);
    }

    private int address() {
        int a = request.getByte();
        if (a > 0x7F) {
            throw new MalformedFrameException(String.format("I2C address 0x%02X is not 7-bit", a));
        }
        return a;
    }

    private int length() {
        int n = request.getShort();
        if (n > BusProtocol.MAX_TRANSFER) {
            throw new MalformedFrameException("transfer of " + n + " bytes, limit " + BusProtocol.MAX_TRANSFER);
        }
        return n;
    }

    /** The data that fills the rest of the frame, as long as one transfer may be. */
    private int rest() {
        int n = request.remaining();
        if (n > BusProtocol.MAX_TRANSFER) {
            throw new MalformedFrameException("transfer of " + n + " bytes, limit " + BusProtocol.MAX_TRANSFER);
        }
        return n;
    }

    private int clockHz() {
        int hz = request.getInt();
        if (hz <= 0) {
            throw new MalformedFrameException("clock must be positive, got " + Integer.toUnsignedString(hz) + " Hz");
        }
        return hz;
    }

    private void closePins() {
        for (int i = 0; i < handles.length; i++) {
            if (handles[i] instanceof ServedPin p) {
                try {
                    gate.pass(() -> {
                        p.unwatch();
                        p.pin.close();
                    });
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "closing " + p.pin.name() + " failed", e);
                }
            }
            handles[i] = null;
        }
    }
}
