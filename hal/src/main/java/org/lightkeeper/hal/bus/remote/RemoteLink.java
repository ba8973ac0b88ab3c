package org.lightkeeper.hal.bus.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.locks.ReentrantLock;
import org.lightkeeper.hal.time.Clock;

/**
 * The client's one connection to a {@link BusServer}, shared by every remote bus, device and pin of
 * a {@link RemoteBusProvider}: one request in flight at a time, under {@link #lock()}. Every read has
 * the socket timeout, so a dead server is a {@link BusLinkException}, never a hang. A failed link is
 * dropped; the next transaction reconnects (at most once per retry interval, on the injected clock,
 * so a loop hammering a dead server fails fast instead of waiting out a connect each time), and each
 * new connection bumps {@link #generation()} so handles are opened again.
 */
final class RemoteLink implements AutoCloseable {
    private final InetSocketAddress server;
    private final int timeoutMs;
    private final Clock clock;
    private final long retryNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Frame request = new Frame();
    private final Frame reply = new Frame();
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int generation;
    private long retryAtNanos;
    private boolean failedBefore;
    private String lastFailure = "";
    private String backend = "";
    private volatile boolean closed;

    RemoteLink(InetSocketAddress server, int timeoutMs, Clock clock, long retryNanos) {
        if (timeoutMs <= 0 || retryNanos < 0) {
            throw new IllegalArgumentException("timeout must be positive and retry interval non-negative, got "
                    + timeoutMs + " ms, " + retryNanos + " ns");
        }
        this.server = server;
        this.timeoutMs = timeoutMs;
        this.clock = clock;
        this.retryNanos = retryNanos;
    }

    String describe() {
        return server.getHostString() + ":" + server.getPort();
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /** The backend the server reported in the handshake ({@code sim}, {@code pi4j}...). */
    String serverBackend() {
        return backend;
    }

    /** Connects now, for a caller that wants an unreachable server to be an error at start-up. */
    void connect() throws IOException {
        lock.lock();
        try {
            if (socket == null) {
                open();
            }
        } finally {
            lock.unlock();
        }
    }

    private void open() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true); // latency over throughput: every frame is one small transaction
            s.setKeepAlive(true);
            s.setSoTimeout(timeoutMs);
            s.connect(server, timeoutMs);
            InputStream i = s.getInputStream();
            OutputStream o = s.getOutputStream();
            int m = BusProtocol.MAGIC;
            int v = BusProtocol.VERSION;
            o.write(new byte[] {(byte) (m >>> 24), (byte) (m >>> 16), (byte) (m >>> 8), (byte) m, (byte) (v >>> 8), (byte) v});
            o.flush();
            byte[] hello = new byte[6];
            Frame.readFully(i, hello, 0, 6);
            int magic = ((hello[0] & 0xFF) << 24) | ((hello[1] & 0xFF) << 16) | ((hello[2] & 0xFF) << 8) | (hello[3] & 0xFF);
            if (magic != BusProtocol.MAGIC) {
                throw new IOException(describe() + " is not a bus server (wrong magic)");
            }
            int status = reply.readFrom(i);
            if (status != BusProtocol.OK) {
                throw new IOException("bus server " + describe() + " refused the handshake: "
                        + WireErrors.decode(status, reply, describe(), -1, -1).getMessage());
            }
            String b = reply.getString();
            reply.end();
            socket = s;
            in = i;
            out = o;
            backend = b;
            generation++;
        } catch (IOException | RuntimeException e) {
            s.close();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("bus server " + describe() + " answered the handshake outside the protocol: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The current connection's generation, connecting first if there is none. Call holding the lock.
     *
     * @throws BusLinkException when not connected and connecting fails or is not yet due again
     */
    int generation(String bus, int address, int register) {
        if (socket != null) {
            return generation;
        }
        if (closed) {
            throw new BusLinkException(bus, address, register, "remote bus provider closed");
        }
        long now = clock.nanos();
        if (failedBefore && now - retryAtNanos < 0) {
            throw new BusLinkException(bus, address, register, "bus server " + describe() + " unreachable ("
                    + lastFailure + "), next attempt in " + (retryAtNanos - now) / 1_000_000 + " ms");
        }
        try {
            open();
            failedBefore = false;
            return generation;
        } catch (IOException e) {
            failedBefore = true;
            retryAtNanos = now + retryNanos;
            lastFailure = e.getMessage();
            throw new BusLinkException(bus, address, register, "bus server " + describe() + " unreachable: "
                    + e.getMessage());
        }
    }

    /** The current connection's generation without connecting, or -1 when there is none. Call holding the lock. */
    int currentGeneration() {
        return socket == null ? -1 : generation;
    }

    /** Starts the next request. Call holding the lock, after {@link #generation}. */
    Frame request(int op) {
        return request.begin(op);
    }

    /**
     * Sends the request and returns the OK reply positioned after its status. An error reply is thrown
     * as the exception it stands for; a lost, silent or garbled link is dropped and thrown as a
     * {@link BusLinkException}. {@code bus}/{@code address}/{@code register} name the transaction.
     *
     * @param expected the reply payload length an OK reply must have, or -1 when it varies
     */
    Frame exchange(String bus, int address, int register, int expected) {
        if (socket == null) {
            throw new BusLinkException(bus, address, register, "not connected to bus server " + describe());
        }
        int status;
        try {
            request.writeTo(out);
            status = reply.readFrom(in);
        } catch (IOException e) {
            drop();
            throw new BusLinkException(bus, address, register, "link to bus server " + describe() + " lost: " + e);
        } catch (MalformedFrameException e) {
            throw broken(e, bus, address, register);
        }
        if (status != BusProtocol.OK) {
            RuntimeException error;
            try {
                error = WireErrors.decode(status, reply, bus, address, register);
            } catch (MalformedFrameException e) {
                throw broken(e, bus, address, register);
            }
            throw error;
        }
        if (expected >= 0 && reply.remaining() != expected) {
            throw broken(new MalformedFrameException("reply of " + reply.remaining() + " bytes where " + expected
                    + " were due"), bus, address, register);
        }
        return reply;
    }

    /** Drops a link whose peer broke the protocol (the stream cannot be trusted) and says so. */
    BusLinkException broken(MalformedFrameException e, String bus, int address, int register) {
        drop();
        return new BusLinkException(bus, address, register, "bus server " + describe() + " broke the protocol: "
                + e.getMessage());
    }

    private void drop() {
        Socket s = socket;
        socket = null;
        in = null;
        out = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // Already failing; the caller gets the original error.
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            drop();
        } finally {
            lock.unlock();
        }
    }
}
