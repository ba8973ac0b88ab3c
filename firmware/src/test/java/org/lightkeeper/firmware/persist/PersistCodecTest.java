package org.lightkeeper.firmware.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON payloads: round trips, and every refusal names the field. */
class PersistCodecTest {

    @Test
    void configurationRoundTrips() throws InvalidDocumentException {
        Configuration c = Samples.config(3);
        assertEquals(c, Documents.CONFIG.decode(Documents.CONFIG.encode(c)));
        Configuration empty = new Configuration(List.of(), List.of(), Map.of());
        assertEquals(empty, Documents.CONFIG.decode(Documents.CONFIG.encode(empty)));
    }

    @Test
    void calibrationRoundTripsExactly() throws InvalidDocumentException {
        Calibration c = Samples.calibration(3);
        assertEquals(c, Documents.CALIBRATION.decode(Documents.CALIBRATION.encode(c)));

        // Awkward doubles and strings survive bit for bit.
        Calibration odd = new Calibration(
                List.of(new Calibration.Els(4, "Vendor \"Q\" \\ Ünïcode", "SN\u00e9 0042  ",
                        List.of(new Calibration.LaneBias(0, 0.1 + 0.2), new Calibration.LaneBias(7, 1e-300)))),
                List.of(new Calibration.Engine(9, List.of(
                        new Calibration.Ring(0, Double.MIN_VALUE, null, 1e-9, 1e-7),
                        new Calibration.Ring(3, 2.5, null, 6.4, 0.25, null, new Calibration.IdleLine(2, -1.375)),
                        new Calibration.Ring(511, 999.9999999999999, new LaneKey(7, 15), 100, 10)),
                        List.of(new Calibration.Coupling(0, 511, -0.999999), new Calibration.Coupling(511, 0, 1e-12)))));
        assertEquals(odd, Documents.CALIBRATION.decode(Documents.CALIBRATION.encode(odd)));
    }

    @Test
    void anIdleLineIsKeptOnlyForARingWithNoLaneAndOnlyInRange() {
        assertThrows(IllegalArgumentException.class, () -> new Calibration.Ring(1, 2.5, new LaneKey(0, 1), 6.4, 0.25, null,
                new Calibration.IdleLine(2, 1.0)));
        Calibration c = new Calibration(List.of(), List.of(new Calibration.Engine(0, List.of(
                new Calibration.Ring(3, 2.5, null, 6.4, 0.25, null, new Calibration.IdleLine(2, -1.375))), List.of())));
        String good = Documents.CALIBRATION.encode(c);
        assertTrue(good.contains("\"idleLine\": {\"lane\": 2, \"aboveMw\": -1.375}"), good);
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> Documents.CALIBRATION.decode(good.replace("-1.375", "1e9")));
        assertTrue(e.getMessage().contains("engines[0].rings[0].idleLine: idleLine.aboveMw = 1.0E9 mW is out of range"), e.getMessage());
    }

    @Test
    void thePayloadIsReadableWithOneRingPerLine() {
        String text = Documents.CALIBRATION.encode(Samples.calibration(1));
        assertTrue(text.contains("\n        {\"ring\": 0, \"heaterPowerAtLockMw\": 13.5, \"assignedLane\": {\"slot\": 0, "
                + "\"lane\": 0}, \"fsrNm\": 6.4, \"nmPerMw\": 0.2499}"), text);
        assertTrue(text.contains("\"assignedLane\": null"), text);
        assertTrue(text.contains("\n        [1, 0, 0.051]"), text);
    }

    /** A field replaced in a valid calibration payload, and what the refusal must say. */
    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "\"heaterPowerAtLockMw\": 13.5|\"heaterPowerAtLockMw\": -0.5|engines[0].rings[0]: heaterPowerAtLockMw = -0.5 mW is out of range",
        "\"biasAtSetpointMa\": 151.0|\"biasAtSetpointMa\": -3|els[0].lanes[0]: biasAtSetpointMa = -3.0 mA is out of range",
        "\"fsrNm\": 6.4,|\"fsrNm\": 0,|engines[0].rings[0]: fsrNm = 0.0 nm is out of range",
        "\"nmPerMw\": 0.2499}|\"nmPerMw\": 1e999}|engines[0].rings[0].nmPerMw: expected a finite number, got 1e999",
        "\"ring\": 0,|\"ring\": 1.5,|engines[0].rings[0].ring: expected an integer, got 1.5",
        "\"ring\": 1,|\"ring\": 0,|engines[0]: duplicate ring 0",
        "\"serial\": \"SN1000-v1\"|\"serial\": \"  \"|els[0]: serial must not be blank",
        "\"vendor\": \"ACME Photonics\"|\"vendor\": 42|els[0].vendor: expected a string, got 42",
        "\"slot\": 0, \"lane\": 0}|\"slot\": -1, \"lane\": 0}|engines[0].rings[0].assignedLane: slot must be >= 0, got -1",
        "[1, 0, 0.051]|[1, 1, 0.051]|engines[0].coupling[0]: coupling of ring 1 to itself",
        "[1, 0, 0.051]|[1, 0, 1.5]|engines[0].coupling[0]: coupling fraction 1.5 is out of range",
        "[1, 0, 0.051]|[1, 99, 0.05]|engines[0]: coupling 1 <- 99 names a ring with no calibration in engine 0",
        "[1, 0, 0.051]|[1, 0]|engines[0].coupling[0]: expected [victim, aggressor, fraction], got an array",
        "\"fsrNm\": 6.4,|\"fsrNm\": 6.4, \"fsrPm\": 6400,|engines[0].rings[0].fsrPm: unknown field",
        "\"nmPerMw\": 0.2499}|\"nmPerMw\": 0.2499, \"nmPerMw\": 0.25}|duplicate field \"nmPerMw\"",
        "{\"ring\": 0, |{|engines[0].rings[0].ring: missing",
    })
    void aBadCalibrationFieldIsRefusedByName(String from, String to, String message) {
        String good = Documents.CALIBRATION.encode(Samples.calibration(1));
        assertTrue(good.contains(from), "fixture has " + from);
        String bad = good.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> Documents.CALIBRATION.decode(bad));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "\"lockFraction\": 1.0|\"lockFraction\": 1.5|ringTargets[0]: lockFraction = 1.5 of peak is out of range (0.0, 1.0]",
        "\"powerSetpointMw\": 21.0|\"powerSetpointMw\": -1|lanes[0]: powerSetpointMw = -1.0 mW is out of range",
        "\"enabled\": true|\"enabled\": \"yes\"|lanes[0].enabled: expected true or false, got \"yes\"",
        "\"hysteresis\": 1.0|\"hysteresis\": -1.0|thresholds.die-temperature-c: hysteresis must be >= 0",
        "\"highWarning\": 95.0|\"highWarning\": 110.0|thresholds.die-temperature-c: thresholds must satisfy lowAlarm <= lowWarning",
        "\"lanes\": [|\"lanes\": {}, \"x\": [|lanes: expected an array, got an object",
        "\"engine\": 0, \"ring\": 1,|\"engine\": 0, \"ring\": 0,|duplicate ring target for engine 0 ring 0",
    })
    void aBadConfigurationFieldIsRefusedByName(String from, String to, String message) {
        String good = Documents.CONFIG.encode(Samples.config(1));
        assertTrue(good.contains(from), "fixture has " + from + " in\n" + good);
        String bad = good.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> Documents.CONFIG.decode(bad));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aSyntaxErrorSaysWhere() {
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> Documents.CONFIG.decode("{\n  \"lanes\": [,]\n}\n"));
        assertEquals("JSON syntax error at line 2 column 13: unexpected character ','", e.getMessage());
    }

    @Test
    void invalidDocumentsCannotBeBuiltSoCannotBeSaved() {
        assertThrows(IllegalArgumentException.class, () -> new Calibration.Ring(0, -1, null, 6.4, 0.25));
        assertThrows(IllegalArgumentException.class, () -> new Configuration.Thresholds(1, 2, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Calibration.LaneBias(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Calibration(List.of(
                new Calibration.Els(0, "v", "s", List.of()), new Calibration.Els(0, "v", "t", List.of())), List.of()));
    }

    @Test
    void calibrationKnowsWhichModuleItBelongsTo() {
        Calibration c = Samples.calibration(1);
        assertTrue(c.els(1).orElseThrow().belongsTo("ACME Photonics", "SN1001-v1"));
        assertTrue(!c.els(1).orElseThrow().belongsTo("ACME Photonics", "SN1001-v2"));
        assertTrue(c.els(5).isEmpty());
    }
}
