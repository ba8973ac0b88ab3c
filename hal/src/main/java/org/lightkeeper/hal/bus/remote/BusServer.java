package org.lightkeeper.hal.bus.remote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lightkeeper.hal.bus.BusProvider;
import org.lightkeeper.hal.time.Clock;

/**
 * Serves any {@link BusProvider}'s I2C buses, SPI devices and (when it is a
 * {@link org.lightkeeper.hal.bus.GpioProvider}) GPIO lines over TCP, for a {@link RemoteBusProvider}
 * elsewhere: the simulated board in its own process, or a Raspberry Pi's real buses for firmware on a
 * workstation. Protocol: docs/remote-bus.md.
 *
 * <p>One client at a time. A new connection replaces the current one (a client killed without a
 * clean close, or across a link that lost its RST, would otherwise lock the server out); the old
 * session's GPIO lines are closed first. The buses themselves are never reset: hardware stays as the
 * last client left it. No authentication: bind to loopback or a private link.
 */
public final class BusServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BusServer.class.getName());
    /** How long a replaced session gets to finish its request and close its lines. */
    static final long REPLACE_WAIT_MS = 2_000;

    /**
     * How each request reaches the buses. Requests are served one at a time on the session's thread;
     * a gate lets a provider shared with other threads serialise them (the simulator runs each request
     * under its board lock, after catching its clock up with the wall clock).
     */
    @FunctionalInterface
    public interface Gate {
        void pass(Runnable request);
    }

    private final BusProvider buses;
    private final Clock clock;
    private final Gate gate;
    private final ServerSocket listener;
    private final Thread acceptor;
    private volatile boolean closed;
    private Socket current;
    private Thread session;

    private BusServer(BusProvider buses, Clock clock, Gate gate, ServerSocket listener) {
        this.buses = buses;
        this.clock = clock;
        this.gate = gate;
        this.listener = listener;
        this.acceptor = new Thread(this::acceptLoop, "bus-server-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Listens on {@code bind} (port 0 for any free port; see {@link #port()}) and serves {@code buses}.
     * {@code clock} is the one the provider's GPIO edges are stamped with.
     */
    public static BusServer start(BusProvider buses, Clock clock, InetSocketAddress bind, Gate gate) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(bind);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        BusServer server = new BusServer(buses, clock, gate, s);
        server.acceptor.start();
        return server;
    }

    /** {@link #start(BusProvider, Clock, InetSocketAddress, Gate)} for a provider no other thread uses. */
    public static BusServer start(BusProvider buses, Clock clock, InetSocketAddress bind) throws IOException {
        return start(buses, clock, bind, Runnable::run);
    }

    /** The port actually listened on. */
    public int port() {
        return listener.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.SEVERE, "bus server stopped accepting", e);
                }
                return;
            }
            try {
                s.setTcpNoDelay(true); // one small frame per transaction: never wait for Nagle
                s.setKeepAlive(true);
            } catch (SocketException e) {
                LOG.log(Level.WARNING, "socket options refused", e);
            }
            replaceSession(s);
        }
    }

    private synchronized void replaceSession(Socket s) {
        if (current != null) {
            if (session.isAlive()) {
                LOG.info("bus client " + s.getRemoteSocketAddress() + " replaces " + current.getRemoteSocketAddress());
            }
            endSession();
        }
        if (closed) {
            closeQuietly(s);
            return;
        }
        current = s;
        session = new Thread(new BusSession(s, buses, clock, gate), "bus-server-session");
        session.setDaemon(true);
        session.start();
    }

    private void endSession() {
        closeQuietly(current);
        try {
            session.join(REPLACE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        current = null;
        session = null;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing a bus client socket", e);
        }
    }

    /** Stops listening and drops the client; the buses are left as they are. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the bus server socket", e);
        }
        synchronized (this) {
            if (current != null) {
                endSession();
            }
        }
        try {
            acceptor.join(REPLACE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
