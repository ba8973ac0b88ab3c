package org.lightkeeper.firmware;

import java.io.IOException;
import java.util.logging.Logger;
import org.lightkeeper.firmware.grpc.ManagementServer;
import org.lightkeeper.firmware.loop.Waiter;

/**
 * The firmware of one board with its management server, rebuilt in place on a warm restart: run
 * until the end time, and whenever a WarmRestart request stops the firmware, let the last saves
 * finish, close the server, build a new firmware on the same buses and state directory (which
 * adopts the hardware) and a new server on the same address, and go on. The process and the board
 * stay up throughout.
 */
public final class ServedFirmware {
    private static final Logger LOG = Logger.getLogger(ServedFirmware.class.getName());

    /** Builds a firmware on the board's buses, its state directory named, its extra loops added. */
    public interface FirmwareFactory {
        Firmware build() throws IOException;
    }

    /** Builds and starts the management server for a firmware. */
    public interface ServerFactory {
        ManagementServer start(Firmware firmware, WarmRestart restart) throws IOException;
    }

    /** Told of each new incarnation (status output, metrics). */
    public interface Listener {
        void started(Firmware firmware, ManagementServer server);
    }

    private final FirmwareFactory firmwares;
    private final ServerFactory servers;
    private final WarmRestart restart;
    private volatile Firmware firmware;
    private volatile ManagementServer server;

    public ServedFirmware(FirmwareFactory firmwares, ServerFactory servers, WarmRestart restart) {
        this.firmwares = firmwares;
        this.servers = servers;
        this.restart = restart;
    }

    /** Runs until the clock reaches {@code endNs} or {@link #stop}, restarting on request. */
    public void run(long endNs, Waiter waiter, Listener listener) throws Exception {
        Firmware f = firmwares.build();
        while (true) {
            firmware = f;
            restart.running(f);
            try (ManagementServer s = servers.start(f, restart)) {
                server = s;
                listener.started(f, s);
                f.runUntil(endNs, waiter);
                if (!restart.takeRequest()) {
                    return;
                }
                LOG.info("warm restart " + restart.count() + ": building a new firmware on the running board");
                f.close();
            }
            f = firmwares.build();
        }
    }

    /** Stops the run for good (shutdown). */
    public void stop() {
        Firmware f = firmware;
        if (f != null) {
            f.stop();
        }
    }

    /** The firmware running now. */
    public Firmware firmware() {
        return firmware;
    }

    /** The management server serving now. */
    public ManagementServer server() {
        return server;
    }
}
