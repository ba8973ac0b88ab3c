package org.lightkeeper.firmware.rig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.grpc.ManagementServer;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import picocli.CommandLine;

/** {@code rig status}: the live view of a running firmware, from its telemetry stream. */
class RigStatusTest {
    @Test
    void showsTheSlotTheLanesAndEveryRingOfARunningFirmware() throws Exception {
        BoardSpec spec = BoardFile.load("devkit");
        VirtualClock clock = new VirtualClock();
        Firmware fw = new Firmware(spec, SimBoard.build(spec, clock), clock);
        try (ManagementServer server = new ManagementServer(fw, "127.0.0.1", 0, "test").start()) {
            fw.runUntil(2_000_000_000L, clock::advanceTo);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream old = System.out;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CompletableFuture<Integer> code;
            try {
                code = CompletableFuture.supplyAsync(() -> new CommandLine(new RigCommand()).execute("status",
                        "--target", "127.0.0.1:" + server.port(), "--count", "2", "--interval-ms", "100"));
                long wallEnd = System.nanoTime() + 20_000_000_000L;
                while (!code.isDone() && System.nanoTime() < wallEnd) {
                    fw.runUntil(clock.nanos() + 1_000_000L, clock::advanceTo); // telemetry is sent from the loops
                }
                assertEquals(0, code.get());
            } finally {
                System.setOut(old);
            }
            String screen = out.toString(StandardCharsets.UTF_8);
            assertTrue(screen.contains(StatusScreen.CLEAR), "redraws in place");
            assertTrue(screen.contains("ELS slot 0  LANES_ENABLED"), screen);
            assertTrue(screen.contains("16/16 rings locked"), screen);
            assertTrue(screen.contains("alarms: 0 active"), screen);
        }
    }
}
