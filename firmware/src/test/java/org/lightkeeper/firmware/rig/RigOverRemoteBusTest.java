package org.lightkeeper.firmware.rig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.simserver.SimServer;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.time.SystemClock;
import picocli.CommandLine;

/**
 * The rig tools over the remote bus backend: a bring-up engineer's workstation driving the buses a
 * bus server exports (here a sim-server in this JVM, as a Pi's bus-server would), with `rig scan` and
 * `rig read` answering as they do on the board itself.
 */
class RigOverRemoteBusTest {
    private static Object[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RigCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new Object[] {rc, out.toString(), err.toString()};
    }

    @Test
    void scanAndReadWorkOverABusServer() throws Exception {
        try (SimServer sim = SimServer.start(BoardFile.load("devkit"), 11L, 1.0, new SystemClock(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null)) {
            String server = "127.0.0.1:" + sim.busPort();
            Object[] scan = cli("scan", "--backend", "remote", "--bus-server", server);
            assertEquals(0, scan[0], scan[2].toString());
            assertTrue(scan[1].toString().contains("0x48") && scan[1].toString().contains("0x50"), scan[1].toString());
            // TMP117 device ID register (0x0F) reads 0x0117 (datasheet 7.6.1.8).
            Object[] read = cli("read", "board_temp", "0x0F", "--backend", "remote", "--bus-server", server);
            assertEquals(0, read[0], read[2].toString());
            assertTrue(read[1].toString().contains("Device_ID = 0x") && read[1].toString().contains("117"), read[1].toString());
        }
        Object[] refused = cli("scan", "--backend", "sim", "--bus-server", "127.0.0.1:1");
        assertEquals(2, refused[0]);
        assertTrue(refused[2].toString().contains("--bus-server goes with --backend remote"), refused[2].toString());
    }
}
