package org.lightkeeper.firmware.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.persist.Documents;
import org.lightkeeper.firmware.persist.LoadResult;
import org.lightkeeper.firmware.persist.StateStore;
import org.lightkeeper.firmware.soak.SoakEvent.Kind;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;

/**
 * Five simulated minutes of the fault mix with two or more kill -9 restarts, run once for the class.
 * Tests named {@code today...} assert findings the soak reports as FAIL (docs/soak.md): flip them when
 * the firmware answers those faults.
 */
class SoakTest {
    private static final long S = 1_000_000_000L;
    private static BoardSpec spec;
    private static Path dir;
    private static SoakReport report;

    @BeforeAll
    static void soak() throws Exception {
        spec = BoardFile.load("devkit");
        dir = Files.createTempDirectory("soak-test-");
        SoakOptions o = SoakOptions.defaults(3).withDuration(300 * S).withRestartEvery(100 * S);
        report = SoakRunner.run(spec, SoakPlan.generate(spec, o), dir);
    }

    @AfterAll
    static void clean() throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static List<FaultAnswers.Answer> answersTo(Kind k) {
        return report.answers().stream().filter(a -> a.event.kind() == k).toList();
    }

    @Test
    void everyRingIsLockedAfterTheQuietEnd() {
        assertTrue(report.restarts().size() >= 2, report.format());
        assertTrue(report.check(report.checks().get(3).name()).passed(), report.format());
    }

    @Test
    void faultsWithAnAlarmOrStateAreAnswered() {
        // ELS_INSERT_SAME and AMBIENT_RAMP are findings of this seed (docs/soak.md): a ring whose line
        // drifted past the heater's range is parked (no re-arbitration yet, issue #5), and an rx filter whose
        // light fell while it stayed on its line (ground truth) was declared lost.
        for (Kind k : List.of(Kind.ELS_PULL, Kind.ELS_INSERT_OTHER, Kind.BUS_STUCK, Kind.LASER_DEATH, Kind.DIE_RAMP,
                Kind.ASIC_POWER_STEP, Kind.RESTART)) {
            List<FaultAnswers.Answer> as = answersTo(k);
            assertFalse(as.isEmpty(), k + " is in the mix");
            for (FaultAnswers.Answer a : as) {
                assertTrue(a.passed(), k + ": " + a.verdict() + "\n" + report.format());
            }
        }
        // A restart that finds a stored calibration relocks from it without a sweep.
        assertTrue(report.restarts().stream().anyMatch(r -> r.relockNs() >= 0 && !r.swept()
                && r.calibrationLoad().contains("loaded")), report.format());
    }

    @Test
    void theStoredCalibrationLoadsCleanlyAndBelongsToTheModuleInTheSlot() throws Exception {
        LoadResult<?> cal = StateStore.open(dir).load(Documents.CALIBRATION);
        assertEquals(LoadResult.Status.LOADED, cal.status(), cal.summary());
        assertTrue(report.check("zero lost calibration").details().stream()
                .noneMatch(d -> d.startsWith("stored calibration")), report.format());
    }

    /** Configuration persists: the settings survive every kill -9, and the operator-disabled lane stays dark. */
    @Test
    void configurationSurvivesEveryRestartAndNoLaneIsLitOutsideTheInterlock() {
        assertTrue(report.restarts().size() >= 2, report.format());
        assertTrue(report.check("zero lost configuration").passed(), report.format());
        assertTrue(report.litOutside().isEmpty(), report.format());
    }

    /** Hitless restarts: every restart finds the board running and keeps the light on (no lane toggled). */
    @Test
    void restartsAreHitless() {
        for (FaultAnswers.Answer a : answersTo(Kind.RESTART)) {
            assertTrue(a.passed(), a.verdict() + "\n" + report.format());
        }
        for (SoakReport.Restart r : report.restarts()) {
            assertEquals(0, r.lanesToggled(), "restart at " + r.atNs() / 1e9 + " s\n" + report.format());
        }
    }

    /** A 1 % NAK rate is alarmed (retried NAKs count as bus errors), and ageing is judged against the beginning of life kept across restarts. */
    @Test
    void nakRetriesRaiseTheBusErrorFlagAndAgeingIsWarnedAcrossRestarts() {
        assertTrue(report.figures().driverRetries() > 0, "the drivers absorb the NAKs by retrying");
        assertTrue(answersTo(Kind.NAK_RATE).get(0).passed(), report.format());
        assertFalse(answersTo(Kind.LASER_AGEING).isEmpty());
        assertTrue(answersTo(Kind.LASER_AGEING).stream().allMatch(FaultAnswers.Answer::passed), report.format());
    }

    @Test
    void aPlanIsTheSameForTheSameSeedAndKeepsItsFaultsApart() {
        SoakOptions o = SoakOptions.defaults(11);
        SoakPlan a = SoakPlan.generate(spec, o);
        assertEquals(a, SoakPlan.generate(spec, o));
        assertTrue(a.restarts() >= 10, "restarts every ~4 minutes over an hour: " + a.restarts());
        for (Kind k : List.of(Kind.NAK_RATE, Kind.BUS_STUCK, Kind.ELS_INSERT_SAME, Kind.ELS_INSERT_OTHER,
                Kind.LASER_AGEING, Kind.LASER_DEATH, Kind.DIE_RAMP, Kind.AMBIENT_RAMP, Kind.ASIC_POWER_STEP)) {
            assertFalse(a.of(k).isEmpty(), k + " in the mix");
        }
        long quietFrom = o.durationNs() - a.settleNs();
        for (SoakEvent e : a.events()) {
            assertTrue(e.atNs() <= quietFrom, "quiet end: " + e.describe());
            if (e.kind() == Kind.RESTART) {
                for (SoakEvent f : a.events()) {
                    if (f.kind() != Kind.RESTART && f.kind() != Kind.LASER_AGEING && f.kind() != Kind.NAK_RATE) {
                        assertTrue(Math.abs(f.atNs() - e.atNs()) >= a.gapNs(), e.describe() + " near " + f.describe());
                    }
                }
            }
        }
        double lastAge = a.of(Kind.LASER_AGEING).get(a.of(Kind.LASER_AGEING).size() - 1).value();
        assertEquals(1.0, lastAge, 1e-9, "ageing reaches end of life (+20 % current)");
    }

    @Test
    void durationsReadWithTheirUnitsAndBadOptionsAreRefused() {
        assertEquals(3600 * S, SoakCommand.parseDuration("3600s"));
        assertEquals(3600 * S, SoakCommand.parseDuration("60m"));
        assertEquals(3600 * S, SoakCommand.parseDuration("1h"));
        assertEquals(90 * S, SoakCommand.parseDuration("90"));
        assertEquals(S / 2, SoakCommand.parseDuration("500ms"));
        assertThrows(IllegalArgumentException.class, () -> SoakCommand.parseDuration("an hour"));
        assertThrows(IllegalArgumentException.class, () -> SoakCommand.parseDuration("-5s"));
        assertThrows(IllegalArgumentException.class, () -> SoakOptions.defaults(1).withDuration(10 * S));
        assertThrows(IllegalArgumentException.class, () -> SoakOptions.defaults(1).withRestartEvery(S));
    }
}
