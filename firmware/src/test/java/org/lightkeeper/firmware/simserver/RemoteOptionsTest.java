package org.lightkeeper.firmware.simserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.Main;
import picocli.CommandLine;

/** Bad remote-bus options and an unreachable server stop the start with exit code 2 and a clear message. */
class RemoteOptionsTest {
    /** Runs the command line, returning its exit code and what it printed on stderr. */
    private static String[] run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new Main()).execute(args);
            return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(old);
        }
    }

    private static void refused(String expected, String... args) {
        String[] r = run(args);
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains(expected), r[1]);
    }

    @Test
    void badBusServerValuesAreRefused() {
        refused("--bus-server needs HOST:PORT", "--backend", "remote");
        refused("--bus-server must be HOST:PORT", "--backend", "remote", "--bus-server", "localhost");
        refused("port must be 0-65535", "--backend", "remote", "--bus-server", "127.0.0.1:70000");
        refused("--bus-server goes with --backend remote", "--bus-server", "127.0.0.1:7300");
    }

    @Test
    void anUnreachableBusServerIsRefusedAtStart() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        refused("unreachable", "--backend", "remote", "--bus-server", "127.0.0.1:" + port, "--port", "0");
    }

    @Test
    void badListenValuesAreRefused() {
        refused("--listen must be HOST:PORT", "sim-server", "--listen", "7300");
        refused("port must be a number", "sim-server", "--listen", "127.0.0.1:x");
        refused("--backend must be pi4j or diozero", "bus-server", "--backend", "sim");
    }

    @Test
    void hostPortTakesBracketedIpv6() {
        InetSocketAddress a = HostPort.parse("--listen", "[::1]:7300");
        assertEquals(7300, a.getPort());
        assertTrue(a.getAddress().isLoopbackAddress());
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("--listen", ":7300"));
    }
}
