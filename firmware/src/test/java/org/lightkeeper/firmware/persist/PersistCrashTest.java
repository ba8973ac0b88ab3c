package org.lightkeeper.firmware.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A save interrupted at every step, followed by every kind of restart: the next load gives the old or the
 * new generation, intact, and never falls back (the protocol never exposes a torn file under a committed
 * name); a save after it works. A lying fsync shows what the checksum and the fallback are for.
 */
class PersistCrashTest {
    private static final Calibration OLDER = Samples.calibration(1);
    private static final Calibration OLD = Samples.calibration(2);
    private static final Calibration NEW = Samples.calibration(3);
    private static final Calibration AFTER = Samples.calibration(4);

    private record Restart(String name, UnaryOperator<CrashingStateFs> how) {
    }

    /** A process crash, and a power loss with each combination of directory and data outcome. */
    private static List<Restart> restarts() {
        List<Restart> r = new ArrayList<>();
        r.add(new Restart("process crash", CrashingStateFs::restartAfterProcessCrash));
        for (CrashingStateFs.DirOutcome d : CrashingStateFs.DirOutcome.values()) {
            for (CrashingStateFs.DataOutcome o : CrashingStateFs.DataOutcome.values()) {
                r.add(new Restart("power loss, directory " + d + ", data " + o, fs -> fs.restartAfterPowerLoss(d, o)));
            }
        }
        return r;
    }

    /** The state before the interrupted save: two generations, OLDER (1) and OLD (2), both durable. */
    private static CrashingStateFs withTwoGenerations() throws IOException {
        CrashingStateFs fs = new CrashingStateFs();
        StateStore s = new StateStore(fs, 2);
        s.save(Documents.CALIBRATION, OLDER);
        s.save(Documents.CALIBRATION, OLD);
        return fs;
    }

    @Test
    void aSaveInterruptedAtEveryStepLeavesTheOldOrTheNewGeneration() throws IOException {
        // A dry run gives the steps of one save: create, write, force, close, rename, force directory, delete.
        CrashingStateFs dry = withTwoGenerations().crashAt(-1, false);
        assertEquals(3, new StateStore(dry, 2).save(Documents.CALIBRATION, NEW));
        List<CrashingStateFs.Op> steps = dry.trace();
        assertEquals(List.of(CrashingStateFs.Op.CREATE, CrashingStateFs.Op.WRITE, CrashingStateFs.Op.FORCE,
                CrashingStateFs.Op.CLOSE, CrashingStateFs.Op.RENAME, CrashingStateFs.Op.FORCE_DIRECTORY,
                CrashingStateFs.Op.DELETE), steps, "the write protocol, step by step (retain 2 prunes generation 1)");
        int directorySynced = steps.indexOf(CrashingStateFs.Op.FORCE_DIRECTORY) + 1;

        Set<CrashingStateFs.Op> crashedBefore = EnumSet.noneOf(CrashingStateFs.Op.class);
        int scenarios = 0;
        int sawOld = 0;
        int sawNew = 0;
        for (int step = 0; step < steps.size(); step++) {
            for (boolean midWrite : new boolean[] {false, true}) {
                if (midWrite && steps.get(step) != CrashingStateFs.Op.WRITE) {
                    continue;
                }
                String point = (midWrite ? "in the middle of " : "before ") + steps.get(step) + " (step " + step + ")";
                CrashingStateFs fs = withTwoGenerations().crashAt(step, midWrite);
                assertThrows(CrashingStateFs.SimulatedCrash.class,
                        () -> new StateStore(fs, 2).save(Documents.CALIBRATION, NEW), point);
                assertTrue(fs.crashed(), point);
                crashedBefore.add(steps.get(step));
                for (Restart restart : restarts()) {
                    String where = "crash " + point + ", then " + restart.name();
                    StateStore store = new StateStore(restart.how().apply(fs), 2);
                    LoadResult<Calibration> r = store.load(Documents.CALIBRATION);
                    scenarios++;
                    assertEquals(LoadResult.Status.LOADED, r.status(), where + ": " + r.summary());
                    assertFalse(r.needsAlarm(), where + ": " + r.summary());
                    if (r.value().equals(NEW)) {
                        sawNew++;
                        assertEquals(3, r.generation(), where);
                    } else if (r.value().equals(OLD)) {
                        sawOld++;
                        assertEquals(2, r.generation(), where);
                        assertTrue(step < directorySynced, where + ": lost a generation after the directory fsync");
                    } else {
                        fail(where + ": loaded neither the old nor the new document");
                    }
                    // Life goes on: the next save supersedes whatever is there, cleans up, and loads.
                    long g = store.save(Documents.CALIBRATION, AFTER);
                    assertTrue(g > r.generation(), where + ": generation " + g + " after " + r.generation());
                    LoadResult<Calibration> after = store.load(Documents.CALIBRATION);
                    assertEquals(LoadResult.Status.LOADED, after.status(), where);
                    assertEquals(AFTER, after.value(), where);
                    assertEquals(List.of(), after.problems(), where + ": " + after.summary());
                }
            }
        }
        assertEquals(EnumSet.allOf(CrashingStateFs.Op.class), crashedBefore, "every kind of step was interrupted");
        assertEquals((steps.size() + 1) * restarts().size(), scenarios);
        assertTrue(sawOld > 0 && sawNew > 0, "both outcomes occur: old " + sawOld + ", new " + sawNew);
    }

    @Test
    void theFirstSaveInterruptedAtEveryStepLeavesNothingOrTheNewGeneration() throws IOException {
        CrashingStateFs dry = new CrashingStateFs().crashAt(-1, false);
        new StateStore(dry).save(Documents.CALIBRATION, NEW);
        List<CrashingStateFs.Op> steps = dry.trace();
        for (int step = 0; step < steps.size(); step++) {
            for (boolean midWrite : new boolean[] {false, true}) {
                if (midWrite && steps.get(step) != CrashingStateFs.Op.WRITE) {
                    continue;
                }
                CrashingStateFs fs = new CrashingStateFs().crashAt(step, midWrite);
                assertThrows(CrashingStateFs.SimulatedCrash.class, () -> new StateStore(fs).save(Documents.CALIBRATION, NEW));
                for (Restart restart : restarts()) {
                    String where = "first save, crash at step " + step + (midWrite ? " mid-write" : "") + ", then "
                            + restart.name();
                    LoadResult<Calibration> r = new StateStore(restart.how().apply(fs)).load(Documents.CALIBRATION);
                    assertFalse(r.needsAlarm(), where + ": " + r.summary());
                    if (r.found()) {
                        assertEquals(NEW, r.value(), where);
                        assertEquals(LoadResult.Status.LOADED, r.status(), where);
                    } else {
                        assertEquals(LoadResult.Status.NONE, r.status(), where);
                    }
                }
            }
        }
    }

    /**
     * With fsync that does nothing, a power loss can leave the newest committed name on an empty, torn or
     * NUL-filled file: exactly the damage the checksum and the fallback exist for. The load falls back to
     * the previous generation and says which file it rejected and why.
     */
    @ParameterizedTest
    @EnumSource(value = CrashingStateFs.DataOutcome.class, names = {"DURABLE", "TORN", "ZEROED"})
    void aLyingFsyncIsCaughtAndFallsBackToThePreviousGenerationWithAProblem(CrashingStateFs.DataOutcome data)
            throws IOException {
        CrashingStateFs fs = new CrashingStateFs();
        new StateStore(fs).save(Documents.CALIBRATION, OLD);
        fs.lyingFsync(true);
        new StateStore(fs).save(Documents.CALIBRATION, NEW);

        StateStore store = new StateStore(fs.restartAfterPowerLoss(CrashingStateFs.DirOutcome.ALL, data));
        LoadResult<Calibration> r = store.load(Documents.CALIBRATION);
        assertEquals(LoadResult.Status.FELL_BACK, r.status(), r.summary());
        assertEquals(OLD, r.value());
        assertEquals(1, r.generation());
        assertTrue(r.needsAlarm());
        assertEquals(1, r.problems().size(), r.summary());
        LoadProblem p = r.problems().get(0);
        assertEquals("calibration.0000000002", p.file());
        LoadProblem.Kind expected = switch (data) {
            case DURABLE -> LoadProblem.Kind.EMPTY;
            case TORN -> LoadProblem.Kind.TRUNCATED;
            default -> LoadProblem.Kind.CORRUPT;
        };
        assertEquals(expected, p.kind(), p.toString());

        assertEquals(3, store.save(Documents.CALIBRATION, AFTER), "the rejected generation number is not reused");
        assertEquals(AFTER, store.load(Documents.CALIBRATION).orElseThrow());
    }
}
