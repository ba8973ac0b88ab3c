package org.lightkeeper.hal.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The board file is the first input a user gives us: every fault names file, line and what is wrong. */
class BoardFileTest {
    private static String devkitText() throws IOException {
        try (InputStream in = BoardFile.class.getClassLoader().getResourceAsStream("boards/devkit.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        assertTrue(at >= 0, "fixture lacks " + needle);
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    private static BoardFileException refused(String text) {
        return assertThrows(BoardFileException.class, () -> BoardFile.parse("bad.yaml", new StringReader(text)));
    }

    @Test
    void everyShippedBoardLoadsAndValidates() {
        BoardSpec devkit = BoardFile.load("devkit");
        assertEquals("devkit", devkit.name());
        assertEquals(16, devkit.ringCount());
        assertEquals(1, devkit.elsSlots().size());
        assertEquals(8, devkit.engines().get(0).rings().stream().filter(r -> r.kind() == BoardSpec.RingKind.MODULATOR).count());
        assertEquals("mux0", devkit.i2cDevice("els0").behindMux());
        assertTrue(devkit.physics().isPresent());
    }

    /** Every board file we ship loads and validates (Stratum's PHAL does the same for its platforms). */
    @Test
    void everyBoardFileInTheSourceTreeLoads() throws IOException {
        int n = 0;
        try (var files = Files.list(Path.of("src", "main", "resources", "boards"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.toString().endsWith(".yaml")) {
                    BoardSpec spec = BoardFile.load(f.toString());
                    assertTrue(spec.ringCount() > 0, f + " has rings");
                    n++;
                }
            }
        }
        assertTrue(n >= 2, "devkit and ref-51t2 at least, found " + n);
        assertEquals(512, BoardFile.load("ref-51t2").ringCount());
    }

    @Test
    void unknownChipIsRefusedWithFileAndLine() throws IOException {
        String text = devkitText().replace("chip: tmp117", "chip: tmp999");
        BoardFileException e = refused(text);
        assertEquals("bad.yaml", e.file());
        assertEquals(lineOf(text, "tmp999"), e.line());
        assertTrue(e.getMessage().startsWith("bad.yaml:" + e.line() + ": unknown chip 'tmp999'"), e.getMessage());
    }

    @Test
    void duplicateAddressOnOneSegmentIsRefused() throws IOException {
        String text = devkitText().replace("{name: els_sideband, chip: pca9555, address: 0x20}",
                "{name: els_sideband, chip: pca9555, address: 0x20}\n      - {name: gpio2, chip: pca9555, address: 0x20}");
        BoardFileException e = refused(text);
        assertEquals(lineOf(text, "gpio2"), e.line());
        assertTrue(e.getMessage().contains("duplicate address 0x20"), e.getMessage());
        assertTrue(e.getMessage().contains("els_sideband"), e.getMessage());
    }

    @Test
    void deviceBehindMuxClashesWithTheSameAddressOnTheRootSegment() throws IOException {
        String text = devkitText().replace("{name: els0, chip: elsfp, address: 0x50, behind: mux0, channel: 0}",
                "{name: els0, chip: elsfp, address: 0x50, behind: mux0, channel: 0}\n      - {name: temp2, chip: tmp117, address: 0x48, behind: mux0, channel: 1}");
        BoardFileException e = refused(text);
        assertTrue(e.getMessage().contains("duplicate address 0x48"), e.getMessage());
    }

    @Test
    void sameAddressOnTwoMuxChannelsIsFine() throws IOException {
        String text = devkitText().replace("{name: els0, chip: elsfp, address: 0x50, behind: mux0, channel: 0}",
                "{name: els0, chip: elsfp, address: 0x50, behind: mux0, channel: 0}\n      - {name: els1, chip: elsfp, address: 0x50, behind: mux0, channel: 1}");
        assertEquals(5, BoardFile.parse("ok.yaml", new StringReader(text)).i2cBuses().get(0).devices().size());
    }

    @Test
    void ringMappedToAMissingHeaterChannelIsRefused() throws IOException {
        String text = devkitText().replace("heater: heater_dac/15", "heater: heater_dac/16");
        BoardFileException e = refused(text);
        assertEquals(lineOf(text, "heater_dac/16"), e.line());
        assertTrue(e.getMessage().contains("missing channel 16"), e.getMessage());
    }

    @Test
    void ringMappedToAMissingDeviceIsRefused() throws IOException {
        String text = devkitText().replace("heater: heater_dac/3,", "heater: heater_dac9/3,");
        BoardFileException e = refused(text);
        assertTrue(e.getMessage().contains("no device 'heater_dac9'"), e.getMessage());
    }

    @Test
    void twoRingsOnOneHeaterChannelAreRefused() throws IOException {
        String text = devkitText().replace("heater: heater_dac/3,", "heater: heater_dac/2,");
        assertTrue(refused(text).getMessage().contains("already driving another ring"));
    }

    @Test
    void misspeltKeyIsAnErrorNotADefault() throws IOException {
        String text = devkitText().replace("clock_hz: 400000", "clok_hz: 400000");
        BoardFileException e = refused(text);
        assertEquals(lineOf(text, "clok_hz"), e.line());
        assertTrue(e.getMessage().contains("unknown key 'clok_hz'"), e.getMessage());
    }

    @Test
    void lineHopIsOffUnlessTurnedOnAndNothingElseIsTaken() throws IOException {
        assertFalse(BoardFile.parse("ok.yaml", new StringReader(devkitText())).engines().get(0).lineHop());
        String on = devkitText().replace("  - engine: 0\n", "  - engine: 0\n    line_hop: on\n");
        assertTrue(BoardFile.parse("ok.yaml", new StringReader(on)).engines().get(0).lineHop());
        String bad = devkitText().replace("  - engine: 0\n", "  - engine: 0\n    line_hop: sometimes\n");
        BoardFileException e = assertThrows(BoardFileException.class, () -> BoardFile.parse("bad.yaml", new StringReader(bad)));
        assertTrue(e.getMessage().contains("line_hop of engine 0 must be 'off'"), e.getMessage());
        assertTrue(e.getMessage().contains("got 'sometimes'"), e.getMessage());
    }

    @Test
    void calibrationGatingIsLaneByLaneUnlessCodedAndNothingElseIsTaken() throws IOException {
        assertFalse(BoardFile.parse("ok.yaml", new StringReader(devkitText())).engines().get(0).codedGating());
        String coded = devkitText().replace("  - engine: 0\n", "  - engine: 0\n    calibration_gating: coded\n");
        assertTrue(BoardFile.parse("ok.yaml", new StringReader(coded)).engines().get(0).codedGating());
        String lane = devkitText().replace("  - engine: 0\n", "  - engine: 0\n    calibration_gating: lane\n");
        assertFalse(BoardFile.parse("ok.yaml", new StringReader(lane)).engines().get(0).codedGating());
        String bad = devkitText().replace("  - engine: 0\n", "  - engine: 0\n    calibration_gating: gray\n");
        BoardFileException e = assertThrows(BoardFileException.class, () -> BoardFile.parse("bad.yaml", new StringReader(bad)));
        assertTrue(e.getMessage().contains("calibration_gating of engine 0 must be 'lane'"), e.getMessage());
        assertTrue(e.getMessage().contains("got 'gray'"), e.getMessage());
    }

    @Test
    void heaterTimeConstantIsOptionalAndOnlyAPlausibleNumberOfMicrosecondsIsTaken() throws IOException {
        String without = devkitText().replaceAll("(?m)^    heater_time_constant_us:.*\n", "");
        assertFalse(BoardFile.parse("ok.yaml", new StringReader(without)).engines().get(0).heaterTimeConstantDeclared());
        assertTrue(Double.isNaN(BoardFile.parse("ok.yaml", new StringReader(without)).engines().get(0).heaterTimeConstantUs()));
        for (String ok : new String[] {"20", "4.5", "100", "0.1", "10000", "1_000"}) {
            String text = without.replace("  - engine: 0\n", "  - engine: 0\n    heater_time_constant_us: " + ok + "\n");
            BoardSpec.EngineSpec e = BoardFile.parse("ok.yaml", new StringReader(text)).engines().get(0);
            assertTrue(e.heaterTimeConstantDeclared(), ok);
            assertEquals(Double.parseDouble(ok.replace("_", "")), e.heaterTimeConstantUs(), 0, ok);
        }
        for (String bad : new String[] {"0", "-20", "0.05", "20000", "20 us", "20us", "fast", "NaN", "Infinity", "[20]"}) {
            String text = without.replace("  - engine: 0\n", "  - engine: 0\n    heater_time_constant_us: " + bad + "\n");
            BoardFileException e = refused(text);
            assertEquals(lineOf(text, "heater_time_constant_us"), e.line(), bad);
            assertTrue(e.getMessage().contains("heater_time_constant_us"), e.getMessage());
            if (!bad.startsWith("[")) {
                assertTrue(e.getMessage().contains("heater_time_constant_us of engine 0 must be the heaters' thermal time"
                        + " constant in microseconds, a number within 0.1..10000.0"), e.getMessage());
                assertTrue(e.getMessage().contains("got '" + bad + "'"), e.getMessage());
            }
        }
    }

    @Test
    void trackingDefaultsToAutoAndTakesDitherOrGradient() throws IOException {
        assertEquals(BoardSpec.Tracking.AUTO, BoardFile.parse("ok.yaml", new StringReader(devkitText())).engines().get(0).tracking());
        for (BoardSpec.Tracking t : BoardSpec.Tracking.values()) {
            String text = devkitText().replace("  - engine: 0\n", "  - engine: 0\n    tracking: " + t.name().toLowerCase() + "\n");
            assertEquals(t, BoardFile.parse("ok.yaml", new StringReader(text)).engines().get(0).tracking());
        }
    }

    @Test
    void unknownTrackingModeIsRefusedWithItsLineAndTheChoices() throws IOException {
        String text = devkitText().replace("  - engine: 0\n", "  - engine: 0\n    tracking: peak\n");
        BoardFileException e = refused(text);
        assertEquals(lineOf(text, "tracking: peak"), e.line());
        assertTrue(e.getMessage().contains("tracking of engine 0 must be 'auto'") && e.getMessage().contains("got 'peak'"),
                e.getMessage());
    }

    @Test
    void addressOutsideThePartsRangeIsRefused() throws IOException {
        String text = devkitText().replace("{name: mux0, chip: tca9548a, address: 0x70}", "{name: mux0, chip: tca9548a, address: 0x20}");
        assertTrue(refused(text).getMessage().contains("0x70..0x77"));
    }

    @Test
    void heaterLimitBeyondWhatTheDacCanDriveIsRefused() throws IOException {
        String text = devkitText().replace("heater_max_mw: 20 ", "heater_max_mw: 30 ");
        assertTrue(refused(text).getMessage().contains("exceeds what the DAC can drive"));
    }

    @Test
    void brokenYamlNamesTheLine() {
        BoardFileException e = refused("board: x\ni2c: [\n  {name: a\n");
        assertTrue(e.line() >= 2, "line " + e.line());
        assertTrue(e.getMessage().contains("not valid YAML"));
    }

    @Test
    void loadsFromAPathAndNamesThatPath(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, devkitText().replace("chip: tmp117", "chip: nope"));
        BoardFileException e = assertThrows(BoardFileException.class, () -> BoardFile.load(f.toString()));
        assertEquals(f.toString(), e.file());
    }

    @Test
    void unknownBuiltInBoardIsRefused() {
        assertThrows(BoardFileException.class, () -> BoardFile.load("no-such-board"));
    }
}
