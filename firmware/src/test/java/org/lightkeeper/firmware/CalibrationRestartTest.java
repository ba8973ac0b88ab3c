package org.lightkeeper.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightkeeper.firmware.ring.RingLockState;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * A restart with a stored calibration: the next firmware start (same board, same ELS module) skips
 * the calibration sweep and puts every ring back on the line it had, checked on ground truth.
 */
class CalibrationRestartTest {
    private static final long MS = 1_000_000L;

    @Test
    void aStoredCalibrationSkipsTheSweepOnTheNextStart(@TempDir Path dir) throws Exception {
        RestartFixture board1 = new RestartFixture("devkit", dir);
        Firmware first = board1.start();
        first.runUntil(3_000 * MS, board1.clock::advanceTo);
        first.awaitPersistence();
        assertEquals(16, first.snapshot().ringsLocked());
        assertTrue(Files.list(dir).anyMatch(f -> f.getFileName().toString().startsWith("calibration.")), "saved");
        int[] lanes = first.snapshot().rings().stream().mapToInt(BoardSnapshot.Ring::lane).toArray();

        RestartFixture board2 = board1.powerCycled(); // the same board: same seed, same module
        Firmware second = board2.start();
        boolean swept = false;
        long allLocked = -1;
        for (long t = MS; t <= 1_500 * MS && allLocked < 0; t += MS) {
            second.runUntil(t, board2.clock::advanceTo);
            BoardSnapshot s = second.publishNow();
            swept |= s.rings().stream().anyMatch(r -> r.state() == RingLockState.SWEEP);
            if (s.ringsLocked() == 16) {
                allLocked = t;
            }
        }
        assertFalse(swept, "no sweep with a calibration for this very module");
        assertTrue(allLocked > 0 && allLocked < 800 * MS, "all locked at " + allLocked / 1e6 + " ms");
        Set<String> lines = new HashSet<>();
        for (BoardSnapshot.Ring r : second.snapshot().rings()) {
            assertEquals(lanes[r.ring()], r.lane(), "ring " + r.ring() + " keeps its line");
            RingTruth t = board2.sim.truth().get(r.ring());
            assertEquals(r.lane(), t.nearestLane(), "ring " + r.ring() + " really sits on it");
            assertTrue(lines.add(r.waveguide() + t.nearestLane()));
        }
        first.close();
        second.close();
    }

    @Test
    void aCorruptCalibrationFallsBackToTheFullCalibration(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("calibration.0000000001"), "lightkeeper-state document=calibration format=1 garbage");
        RestartFixture board = new RestartFixture("devkit", dir);
        Firmware fw = board.start();
        fw.runUntil(2_000 * MS, board.clock::advanceTo);
        assertEquals(16, fw.snapshot().ringsLocked(), "locked after a full calibration");
        fw.close(); // its state writer must be done before the temporary directory goes
    }
}
