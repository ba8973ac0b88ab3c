package org.lightkeeper.hal.bus.remote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.lightkeeper.hal.bus.BusProvider;
import org.lightkeeper.hal.bus.GpioDirection;
import org.lightkeeper.hal.bus.GpioPin;
import org.lightkeeper.hal.bus.GpioProvider;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.SpiDevice;
import org.lightkeeper.hal.time.Clock;

/**
 * The buses, devices and GPIO lines of a {@link BusServer} in another process or on another machine
 * (docs/remote-bus.md). Typed bus errors come back as the same types, with the server's bus, address
 * and register; a lost or silent server is a {@link BusLinkException} within the socket timeout, and
 * the next transaction reconnects.
 *
 * <p>Time: the wire time of each transaction is charged by the side that owns the bus (a simulator on
 * its own clock); this side's clock must move by itself (the firmware's system clock), so waits park
 * as on any real backend. The round trip adds link latency that {@link org.lightkeeper.hal.bus.WireTime}
 * does not count: a loop's bus budget stays the wire's, its overruns show the rest.
 */
public final class RemoteBusProvider implements BusProvider, GpioProvider, AutoCloseable {
    /** Far above a legitimate transaction (server bus lock 100 ms plus a 256-byte CMIS read). */
    public static final int DEFAULT_TIMEOUT_MS = 1_000;
    /** After a failed connect, transactions fail at once for this long instead of each waiting out a connect. */
    public static final long DEFAULT_RETRY_NANOS = 250_000_000L;

    private final RemoteLink link;
    private final Clock clock;
    private final Map<String, RemoteI2cBus> i2c = new HashMap<>();
    private final Map<String, RemoteSpiDevice> spi = new HashMap<>();

    private RemoteBusProvider(RemoteLink link, Clock clock) {
        this.link = link;
        this.clock = clock;
    }

    /**
     * Connects to the server at {@code server} now.
     *
     * @param clock the firmware's clock: GPIO edge times are moved onto it, and reconnects are paced by it
     * @throws IOException when the server is unreachable or does not speak this protocol version
     */
    public static RemoteBusProvider connect(InetSocketAddress server, Clock clock, int timeoutMs, long retryNanos)
            throws IOException {
        RemoteLink link = new RemoteLink(server, timeoutMs, clock, retryNanos);
        link.connect();
        return new RemoteBusProvider(link, clock);
    }

    public static RemoteBusProvider connect(InetSocketAddress server, Clock clock) throws IOException {
        return connect(server, clock, DEFAULT_TIMEOUT_MS, DEFAULT_RETRY_NANOS);
    }

    @Override
    public synchronized I2cBus i2c(String bus, int clockHz) {
        RemoteI2cBus b = i2c.get(bus);
        if (b == null) {
            b = new RemoteI2cBus(link, bus, clockHz).opened();
            i2c.put(bus, b);
        }
        return b;
    }

    @Override
    public synchronized SpiDevice spi(String bus, int chipSelect, int clockHz) {
        String key = bus + "." + chipSelect;
        RemoteSpiDevice d = spi.get(key);
        if (d == null) {
            d = new RemoteSpiDevice(link, bus, chipSelect, clockHz).opened();
            spi.put(key, d);
        }
        return d;
    }

    @Override
    public GpioPin gpio(String chip, int line, GpioDirection direction) {
        return new RemoteGpioPin(link, chip, line, direction, clock).opened();
    }

    @Override
    public String backend() {
        return "remote";
    }

    /** The backend serving the buses, as the server named it in the handshake ({@code sim}, {@code pi4j}...). */
    public String serverBackend() {
        link.lock();
        try {
            return link.serverBackend();
        } finally {
            link.unlock();
        }
    }

    /** One empty round trip: the link's own latency, for benchmarks and health checks. */
    public void ping() {
        link.lock();
        try {
            link.generation(link.describe(), -1, -1);
            link.request(BusProtocol.OP_PING);
            link.exchange(link.describe(), -1, -1, 0);
        } finally {
            link.unlock();
        }
    }

    @Override
    public void close() {
        link.close();
    }
}
