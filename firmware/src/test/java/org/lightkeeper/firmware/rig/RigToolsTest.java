package org.lightkeeper.firmware.rig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightkeeper.firmware.ring.Peak;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.chip.Tmp117;
import org.lightkeeper.hal.chip.cmis.ElsfpMap;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.physics.RingTruth;
import picocli.CommandLine;

/** The rig commands on the simulated devkit board (docs/bring-up.md). */
class RigToolsTest {
    private static final BoardSpec DEVKIT = BoardFile.load("devkit");

    @TempDir
    Path tmp;

    private static RigSession dark() {
        return RigSession.open(DEVKIT, "sim", false);
    }

    /** Runs {@code rig ARGS} and returns {exit code, stdout, stderr}. */
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
    void scanFindsMuxExpanderSensorAndTheElsBehindChannel0() throws Exception {
        try (RigSession s = dark()) {
            List<RigScan.Found> found = RigScan.scan(s);
            assertTrue(found.stream().anyMatch(f -> f.segment().equals("i2c-1") && f.address() == 0x70
                    && "mux0".equals(f.device())), found.toString());
            assertTrue(found.stream().anyMatch(f -> f.segment().equals("i2c-1") && f.address() == 0x20
                    && "els_sideband".equals(f.device())), found.toString());
            assertTrue(found.stream().anyMatch(f -> f.segment().equals("i2c-1") && f.address() == 0x48
                    && f.identity().startsWith("TMP117 (Device_ID 0x")), found.toString());
            assertTrue(found.stream().anyMatch(f -> f.segment().equals("mux0.0") && f.address() == 0x50
                    && "els0".equals(f.device()) && f.identity().contains("ELSFP")
                    && f.identity().contains("0x22")), found.toString());
            assertEquals(4, found.size(), "only the board's four chips answer: " + found);
        }
        Object[] r = cli("scan");
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(((String) r[1]).contains("TMP117"), (String) r[1]);
        assertFalse(((String) r[1]).contains("missing"), (String) r[1]);
    }

    @Test
    void readsTheTmp117DeviceIdAndWritesAWritableRegister() throws Exception {
        try (RigSession s = dark()) {
            RigTarget t = s.resolve("board_temp");
            assertEquals(Tmp117.DEVICE_ID_VALUE, RigRegisters.read(t, Tmp117.DEVICE_ID) & Tmp117.DEVICE_ID_MASK);
            RigRegisters.write(t, Tmp117.CONFIGURATION, 0x0260); // AVG = 11b (64 averages)
            assertEquals(0x0260, RigRegisters.read(t, Tmp117.CONFIGURATION));
            // the same chip by address
            assertEquals(Tmp117.DEVICE_ID_VALUE, RigRegisters.read(s.resolve("0x48"), 0x0F) & 0xFFF);
        }
        Object[] r = cli("read", "board_temp", "0x0F");
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(((String) r[1]).contains("Device_ID = 0x"), (String) r[1]);
    }

    @Test
    void badInputIsRefusedWithoutBusTraffic() throws Exception {
        try (RigSession s = dark()) {
            RigTarget temp = s.resolve("board_temp");
            RigTarget els = s.resolve("els0");
            long before = s.recorded();
            IllegalArgumentException e;
            e = assertThrows(IllegalArgumentException.class, () -> s.resolve("0x05"));
            assertTrue(e.getMessage().contains("outside 0x08-0x77"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.resolve("mux0.0:0x78"));
            e = assertThrows(IllegalArgumentException.class, () -> RigRegisters.read(temp, 0x10));
            assertTrue(e.getMessage().contains("past the map"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> RigRegisters.read(temp, 0x0A));
            assertTrue(e.getMessage().contains("reserved"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> RigRegisters.write(temp, Tmp117.TEMP_RESULT, 1));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> RigRegisters.write(temp, Tmp117.DEVICE_ID, 1));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> RigRegisters.write(temp, Tmp117.CONFIGURATION, 0x10000));
            assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> RigRegisters.writeCmis(els, 0, 0, ElsfpMap.IDENTIFIER.offset(), new byte[] {0x11}));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> RigRegisters.writeCmis(els, ElsfpMap.PAGE_1A, 0, ElsfpMap.LANE_FREQUENCY.offset(), new byte[] {1}));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> RigRegisters.readCmis(els, 0x11, 0, 200, 1));
            assertTrue(e.getMessage().contains("not in the ELSFP map"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> RigRegisters.readCmis(els, 0, 0, 250, 8));
            assertTrue(e.getMessage().contains("past the map"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> RigSweep.place(DEVKIT, 99));
            assertTrue(e.getMessage().contains("no ring 99"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> RigLi.slot(DEVKIT, 0, 8));
            assertThrows(IllegalArgumentException.class, () -> s.resolve("heater_dac"));
            assertEquals(before, s.recorded(), "a refused request put nothing on the bus");
        }
        for (String[] args : new String[][] {{"read", "0x05", "0"}, {"read", "board_temp", "0x10"},
                {"write", "board_temp", "0x00", "0x1234"}, {"write", "els0", "0", "0x11"},
                {"sweep", "--ring", "99", "--out", "x"}, {"li", "--slot", "3", "--lane", "0", "--out", "x"}}) {
            Object[] r = cli(args);
            assertEquals(2, r[0], String.join(" ", args) + ": " + r[2]);
            assertTrue(((String) r[2]).contains("refused, nothing written"), (String) r[2]);
        }
    }

    @Test
    void refusedSweepOnALitBoardPutsNothingOnTheBus() throws Exception {
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(DEVKIT, clock);
        try (RigSession s = RigSession.onSimulator(DEVKIT, sim, true)) {
            long before = s.recorded();
            assertThrows(IllegalArgumentException.class, () -> RigSweep.sweep(s, 16, RigSweep.Settings.DEFAULT));
            assertThrows(IllegalArgumentException.class, () -> RigLi.run(s, 1, 0, RigLi.Settings.DEFAULT));
            assertEquals(before, s.recorded());
        }
    }

    @Test
    void dumpWritesCmisPagesAsFiles() throws Exception {
        try (RigSession s = dark()) {
            Map<String, byte[]> pages = RigRegisters.dumpCmis(s.resolve("els0"));
            assertEquals(List.of("page00.bin", "page1A.bin", "page1B.bin"), List.copyOf(pages.keySet()));
        }
        Path dir = tmp.resolve("els0");
        Object[] r = cli("dump", "els0", "--out", dir.toString());
        assertEquals(0, r[0], (String) r[2]);
        byte[] p0 = Files.readAllBytes(dir.resolve("page00.bin"));
        assertEquals(256, p0.length);
        assertEquals(ElsfpMap.IDENTIFIER_ELSFP, p0[0] & 0xFF);
        assertEquals("SIMELS0", new String(p0, ElsfpMap.VENDOR_SN.offset(), 7, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(128, Files.size(dir.resolve("page1A.bin")));
        assertEquals(128, Files.size(dir.resolve("page1B.bin")));
        Object[] t = cli("dump", "board_temp");
        assertEquals(0, t[0], (String) t[2]);
        assertTrue(((String) t[1]).contains("Device_ID"), (String) t[1]);
    }

    /** A modulator ring on the ELS-fed waveguide and a filter ring on the loopback (whose weakest line is faint). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {3, 12})
    void sweepFindsTheResonancesTheSimulatorPlaced(int ring) throws Exception {
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(DEVKIT, clock);
        try (RigSession s = RigSession.onSimulator(DEVKIT, sim, true)) {
            RigSweep.Result r = RigSweep.sweep(s, ring, RigSweep.Settings.DEFAULT);
            // Where the simulator put them, by direct evaluation: heater powers where the ring's resonance
            // (any order, the ring's own FSR) crosses a comb line, from the simulator's ground truth.
            double max = r.heaterMw()[r.heaterMw().length - 1];
            int all = 0;
            int interior = 0;
            double lastPm = Double.NaN;
            int lastLane = -1;
            for (double mw = 0; mw <= max; mw += 0.05) {
                RigSweep.setHeater(s, ring, mw);
                RingTruth t = sim.truth().stream().filter(x -> x.ring() == ring).findFirst().orElseThrow();
                if (t.nearestLane() == lastLane && lastPm < 0 && t.detuningPm() >= 0) {
                    all++;
                    if (mw > 1.0 && mw < max - 1.0) {
                        interior++;
                    }
                }
                lastPm = t.detuningPm();
                lastLane = t.nearestLane();
            }
            assertTrue(interior >= 2, "the sweep range covers several lines");
            assertTrue(r.peaks().size() >= interior && r.peaks().size() <= all,
                    "found " + r.peaks() + ", simulator: " + interior + " lines inside, " + all + " with the edges");
            for (Peak p : r.peaks()) {
                RigSweep.setHeater(s, ring, p.powerMw());
                RingTruth truth = sim.truth().stream().filter(t -> t.ring() == ring).findFirst().orElseThrow();
                assertTrue(Math.abs(truth.detuningPm()) < 20, "peak at " + p.powerMw() + " mW: " + truth);
            }
            Path[] files = RigSweep.write(r, tmp, DEVKIT.name());
            List<String> csv = Files.readAllLines(files[0]);
            assertEquals("heater_mw,monitor_ua", csv.get(0));
            assertEquals(r.heaterMw().length + 1, csv.size());
            BufferedImage img = ImageIO.read(files[1].toFile());
            assertNotNull(img, "the PNG decodes");
            assertEquals(RigPlot.WIDTH, img.getWidth());
            assertEquals(RigPlot.HEIGHT, img.getHeight());
            assertTrue(Files.size(files[1]) > 10_000, "a real plot, not an empty image");
        }
    }

    @Test
    void liFindsTheThresholdTheSimulatorSet() throws Exception {
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(DEVKIT, clock);
        try (RigSession s = RigSession.onSimulator(DEVKIT, sim, true)) {
            var m = s.drivers().get("els0", org.lightkeeper.hal.chip.cmis.CmisModule.class);
            var modeBefore = m.controlMode();
            RigLi.Result r = RigLi.run(s, 0, 2, RigLi.Settings.DEFAULT);
            double expected = org.lightkeeper.sim.chip.ElsfpProfile.generic8Lane(229000, -200).thresholdMa();
            assertEquals(20.0, expected);
            assertEquals(expected, r.thresholdMa(), 1.0, "threshold");
            assertEquals(0.3, r.slopeWPerA(), 0.03, "slope");
            assertEquals(modeBefore, m.controlMode(), "control mode restored");
            Path[] files = RigLi.write(r, tmp, DEVKIT.name());
            BufferedImage img = ImageIO.read(files[1].toFile());
            assertNotNull(img);
            assertEquals(RigPlot.WIDTH, img.getWidth());
        }
        Object[] r = cli("li", "--slot", "0", "--lane", "1", "--out", tmp.resolve("li").toString());
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(((String) r[1]).contains("threshold"), (String) r[1]);
        assertTrue(Files.exists(tmp.resolve("li/slot0_lane1_li.png")));
    }

    @Test
    void sweepCommandWritesCsvAndPng() {
        Object[] r = cli("sweep", "--ring", "9", "--out", tmp.toString());
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(Files.exists(tmp.resolve("ring9_sweep.csv")));
        assertTrue(Files.exists(tmp.resolve("ring9_sweep.png")));
    }

    @Test
    void logShowsTheSessionsTransactions() {
        Object[] r = cli("log", "--bus", "i2c-1");
        assertEquals(0, r[0], (String) r[2]);
        String out = (String) r[1];
        assertTrue(out.startsWith("bus i2c-1:"), out);
        assertTrue(out.contains(" 0x48 WRITE_READ out[1]=0f"), out);
        assertFalse(out.contains("bus spi0"), out);
        Object[] bad = cli("log", "--bus", "i2c-9");
        assertEquals(2, bad[0]);
    }

    @Test
    void thePiBoardFileLoadsAndKeepsTheDevkitChips() {
        BoardSpec pi = BoardFile.load(Path.of("..", "packaging", "devkit-pi.yaml").toString());
        assertEquals("pi4j", pi.backend());
        assertTrue(pi.physics().isEmpty());
        assertEquals(DEVKIT.ringCount(), pi.ringCount());
        for (var bs : DEVKIT.i2cBuses()) {
            for (var d : bs.devices()) {
                var p = pi.i2cDevice(d.name());
                assertEquals(List.of(d.chip(), d.address(), String.valueOf(d.behindMux()), d.channel()),
                        List.of(p.chip(), p.address(), String.valueOf(p.behindMux()), p.channel()), d.name());
            }
        }
        assertEquals(2, pi.spiBuses().size());
    }
}
