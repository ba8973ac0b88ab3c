package org.lightkeeper.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: a bad board file is refused before anything is built or driven. */
class MainTest {
    private static int run(ByteArrayOutputStream err, String... args) {
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new CommandLine(new Main()).execute(args);
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void badBoardFileIsRefusedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path board = dir.resolve("broken.yaml");
        Files.writeString(board, "board: broken\ni2c:\n  - bus: i2c-1\n    devices:\n      - {name: x, chip: lm75, address: 0x48}\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(err, "--board", board.toString(), "--duration", "0", "--port", "0");
        assertEquals(2, code);
        String msg = err.toString(StandardCharsets.UTF_8);
        assertTrue(msg.contains(board + ":5: unknown chip 'lm75'"), msg);
        assertTrue(msg.contains("nothing driven"), msg);
    }

    @Test
    void plaintextOnANonLoopbackAddressIsRefused() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(err, "--bind", "0.0.0.0", "--duration", "0", "--port", "0");
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("refusing plaintext gRPC"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void runsForAGivenSimulatedDuration() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(err, "--duration", "0.05", "--speed", "1000", "--port", "0", "--status-interval", "0"));
    }
}
