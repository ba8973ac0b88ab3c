package org.lightkeeper.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lightkeeper.api.v1.Inventory;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.Main;
import org.lightkeeper.firmware.grpc.ManagementServer;
import org.lightkeeper.firmware.loop.PacedWaiter;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import picocli.CommandLine;

/**
 * {@code lightkeeper client ...} against the firmware on the simulated devkit, which runs on a
 * background thread paced to the wall clock, as {@code lightkeeper} itself does.
 */
class ClientCommandTest {
    private static Firmware firmware;
    private static ManagementServer server;
    private static Thread loops;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void boot() throws Exception {
        BoardSpec spec = BoardFile.load("devkit");
        VirtualClock clock = new VirtualClock();
        firmware = new Firmware(spec, SimBoard.build(spec, clock), clock);
        server = new ManagementServer(firmware, "127.0.0.1", 0, "test").start();
        firmware.runUntil(2_000_000_000L, clock::advanceTo);
        loops = new Thread(() -> firmware.runUntil(Long.MAX_VALUE, new PacedWaiter(clock, 2.0)), "firmware");
        loops.start();
    }

    @AfterAll
    static void shutdown() throws Exception {
        firmware.stop();
        loops.join(5000);
        server.close();
    }

    private static Run client(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 3];
        all[0] = "client";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--target";
        all[args.length + 2] = "127.0.0.1:" + server.port();
        int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void inventoryAsTextAndAsJson() throws Exception {
        Run text = client("inventory");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("board devkit"), text.out());
        assertTrue(text.out().contains("engine 0: 16 rings"), text.out());
        Run json = client("inventory", "--json");
        assertEquals(0, json.code(), json.err());
        Inventory.Builder inv = Inventory.newBuilder();
        JsonFormat.parser().merge(json.out(), inv);
        assertEquals("devkit", inv.getBoardName());
        assertEquals(16, inv.getEngines(0).getRingsCount());
    }

    @Test
    void stateVersionAndTelemetry() throws Exception {
        Run state = client("state");
        assertEquals(0, state.code(), state.err());
        assertTrue(state.out().contains("rings locked 16/16"), state.out());
        Run version = client("version");
        assertTrue(version.out().contains("lightkeeper test (API v1), board devkit"), version.out());
        Run t = client("telemetry", "--interval-ms", "20", "--count", "3", "--json");
        assertEquals(0, t.code(), t.err());
        String[] lines = t.out().strip().split("\n");
        assertEquals(3, lines.length);
        org.lightkeeper.api.v1.TelemetryUpdate.Builder u = org.lightkeeper.api.v1.TelemetryUpdate.newBuilder();
        JsonFormat.parser().merge(lines[2], u);
        assertEquals(16, u.getState().getRingsCount());
    }

    @Test
    void writesAndTheirRefusals() {
        Run off = client("lane-disable", "0", "5");
        assertEquals(0, off.code(), off.err());
        assertTrue(off.out().contains("slot 0 lane 5 off"), off.out());
        assertTrue(off.out().contains("(operator off)"), off.out());
        assertEquals(0, client("lane-enable", "0", "5").code());
        Run power = client("lane-power", "0", "1", "700");
        assertEquals(1, power.code());
        assertTrue(power.err().contains("INVALID_ARGUMENT: power_mw"), power.err());
        Run target = client("lock-target", "0", "2");
        assertEquals(1, target.code());
        assertTrue(target.err().contains("monitor_fraction"), target.err());
        Run missing = client("relock", "999");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("NOT_FOUND: ring"), missing.err());
    }

    @Test
    void configurationSavedToAFileRestores(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Run saved = client("config-get");
        assertEquals(0, saved.code(), saved.err());
        java.nio.file.Path f = dir.resolve("config.json");
        java.nio.file.Files.writeString(f, saved.out());
        Run restored = client("config-restore", f.toString());
        assertEquals(0, restored.code(), restored.err());
        Run missing = client("config-restore", dir.resolve("none.json").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("INVALID_ARGUMENT: file"), missing.err());
    }

    @Test
    void alarmsAndThresholds() {
        Run th = client("thresholds");
        assertEquals(0, th.code(), th.err());
        assertTrue(th.out().contains("board_temperature"), th.out());
        Run set = client("set-threshold", "LOOP_OVERRUNS", "--high-alarm", "200", "--high-warning", "20",
                "--hysteresis", "1");
        assertEquals(0, set.code(), set.err());
        assertTrue(set.out().contains("loop_overruns        high alarm 200.000, high warning 20.000"), set.out());
        Run bad = client("set-threshold", "BOARD_TEMPERATURE", "--high-alarm", "50", "--high-warning", "60");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("threshold.high_warning"), bad.err());
        Run alarms = client("alarms", "--active");
        assertEquals(0, alarms.code(), alarms.err());
    }

    @Test
    void alarmAcknowledgeAsTextAndAsJson() throws Exception {
        double boardC = firmware.snapshot().boardTemperatureC();
        // A high warning below the board temperature: it sets and stands.
        Run set = client("set-threshold", "BOARD_TEMPERATURE", "--high-alarm", String.valueOf(boardC + 10),
                "--high-warning", String.valueOf(boardC - 1), "--hysteresis", "0.5");
        assertEquals(0, set.code(), set.err());
        try {
            long end = System.nanoTime() + 10_000_000_000L;
            while (!client("alarms", "--active").out().contains("HIGH_WARNING") && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            Run one = client("alarm-ack", "BOARD_TEMPERATURE", "--kind", "HIGH_WARNING");
            assertEquals(0, one.code(), one.err());
            assertTrue(one.out().startsWith("acknowledged by local at "), one.out());
            assertTrue(one.out().contains("0 cleared, 1 still standing"), one.out());
            assertTrue(one.out().contains("ACTIVE  HIGH_WARNING board_temperature"), one.out());
            assertTrue(one.out().contains("acknowledged by local at"), one.out());

            Run json = client("alarm-ack", "--all", "--json");
            assertEquals(0, json.code(), json.err());
            org.lightkeeper.api.v1.Acknowledgement.Builder a = org.lightkeeper.api.v1.Acknowledgement.newBuilder();
            JsonFormat.parser().merge(json.out(), a);
            assertEquals("local", a.getAcknowledgedBy());
            assertTrue(a.getAcknowledgedList().stream().anyMatch(f -> f.getAcknowledged()
                    && f.getKind() == org.lightkeeper.api.v1.FlagKind.FLAG_KIND_HIGH_WARNING), a.toString());

            Run missing = client("alarm-ack", "LANE_BIAS", "--slot", "0", "--lane", "3");
            assertEquals(1, missing.code());
            assertTrue(missing.err().contains("NOT_FOUND: subject: no listed lane_bias slot 0 lane 3"), missing.err());
            Run malformed = client("alarm-ack", "BOARD_TEMPERATURE", "--ring", "2");
            assertEquals(1, malformed.code());
            assertTrue(malformed.err().contains("INVALID_ARGUMENT: subject.ring"), malformed.err());
            Run usage = client("alarm-ack", "--all", "BOARD_TEMPERATURE");
            assertEquals(2, usage.code());
            assertTrue(usage.err().contains("either --all or a QUANTITY"), usage.err());
        } finally {
            Run restore = client("set-threshold", "BOARD_TEMPERATURE", "--high-alarm", "85", "--high-warning", "75",
                    "--low-warning", "5", "--low-alarm", "0", "--hysteresis", "1");
            assertEquals(0, restore.code(), restore.err());
        }
    }

    @Test
    void registerReadWriteAndBusLog() {
        Run id = client("read-register", "board_temp", "0x0F");
        assertEquals(0, id.code(), id.err());
        assertEquals("01 17", id.out().trim());
        Run vendor = client("read-register", "els0", "129", "16", "--page", "0x00", "--json");
        assertEquals(0, vendor.code(), vendor.err());
        assertTrue(vendor.out().contains("\"data\""), vendor.out());
        Run w = client("write-register", "els_sideband", "0x05", "3c");
        assertEquals(0, w.code(), w.err());
        assertEquals("3c", client("read-register", "els_sideband", "5").out().trim());
        Run ro = client("write-register", "els_sideband", "0", "0x00");
        assertEquals(1, ro.code());
        assertTrue(ro.err().contains("INVALID_ARGUMENT") && ro.err().contains("read-only"), ro.err());
        assertEquals(2, client("write-register", "els_sideband", "5", "zz").code(), "bad hex is a usage error");
        Run log = client("bus-log", "i2c-1", "--max", "5");
        assertEquals(0, log.code(), log.err());
        assertTrue(log.out().startsWith("i2c-1: "), log.out());
        assertEquals(6, log.out().trim().split("\n").length, log.out());
        assertEquals(1, client("bus-log", "i2c-7").code());
    }
}
