package org.lightkeeper.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightkeeper.firmware.persist.Calibration;
import org.lightkeeper.firmware.persist.Documents;
import org.lightkeeper.firmware.persist.StateStore;
import org.lightkeeper.firmware.ring.RingLockState;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * DESIGN.md section 3, "SWEEP after repeated loss": a calibration that puts one ring a whole line
 * spacing off its line (as a wrong arbitration estimate did in the seed-3 soak). The ring's fine window
 * holds no line of its own; it misses twice, searches its whole heater range, tells its line from the
 * others by the comb's pattern and ends locked on it, checked on the simulator's ground truth.
 */
class StaleCalibrationSearchTest {
    private static final long MS = 1_000_000L;

    @Test
    void aRingSentHalfALineOffSearchesAndLocksOnItsOwnLine(@TempDir Path dir) throws Exception {
        sentOff(dir, 0.5);
    }

    /**
     * Sent a whole spacing down, its window holds the line below it in comb order: ring 12's, upstream,
     * which ring 12 holds and drops, leaving a residue a tenth as tall as a line. A residue is not a
     * line to lock on (the ring would sit there, locked in name, on another ring's line).
     */
    @Test
    void aRingSentOntoAnUpstreamRingsLineDoesNotLockOnItsResidue(@TempDir Path dir) throws Exception {
        sentOff(dir, 1.0);
    }

    private static void sentOff(Path dir, double spacings) throws Exception {
        BoardSpec spec = BoardFile.load("devkit");
        VirtualClock clock1 = new VirtualClock();
        Firmware first = new Firmware(spec, SimBoard.build(spec, clock1), clock1);
        first.useStateDirectory(dir);
        first.runUntil(3_000 * MS, clock1::advanceTo);
        first.awaitPersistence();
        first.close();
        int[] lanes = first.snapshot().rings().stream().mapToInt(BoardSnapshot.Ring::lane).toArray();

        // Ring 13 (a receive filter) told its line is half a line spacing (1.14 nm at 200 GHz) lower on its
        // heater than it is: its fine window (+-0.45 spacing) reaches neither its own line nor the next.
        // (Ring 12, the victim before the calibration's traces were unshadowed, now finds its own line at
        // that window's edge without a search.)
        int victim = 13;
        StateStore store = StateStore.open(dir);
        Calibration cal = store.load(Documents.CALIBRATION).optional().orElseThrow();
        List<Calibration.Engine> engines = new ArrayList<>();
        double movedFrom = Double.NaN;
        for (Calibration.Engine e : cal.engines()) {
            List<Calibration.Ring> rings = new ArrayList<>();
            for (Calibration.Ring r : e.rings()) {
                if (r.ring() == victim) {
                    movedFrom = r.heaterPowerAtLockMw();
                    double spacingMw = 1.14 / r.nmPerMw();
                    double to = movedFrom - spacings * spacingMw;
                    r = new Calibration.Ring(r.ring(), to, r.assignedLane(), r.fsrNm(), r.nmPerMw(), r.resonance());
                }
                rings.add(r);
            }
            engines.add(new Calibration.Engine(e.engine(), rings, e.coupling()));
        }
        store.save(Documents.CALIBRATION, new Calibration(cal.els(), engines));
        // Without the heater journal (the DAC lost its codes with the board's power): the calibration is all there is.
        java.nio.file.Files.delete(dir.resolve(org.lightkeeper.firmware.persist.HeaterCodeJournal.FILE_NAME));
        assertTrue(movedFrom > 0, "ring " + victim + " calibrated");

        VirtualClock clock2 = new VirtualClock();
        SimBoard sim2 = SimBoard.build(spec, clock2); // the same board and module: no calibration sweep
        Firmware second = new Firmware(spec, sim2, clock2);
        second.useStateDirectory(dir);
        boolean searched = false;
        for (long t = 10 * MS; t <= 12_000 * MS; t += 10 * MS) {
            second.runUntil(t, clock2::advanceTo);
            searched |= second.engines().get(0).state(victim) == RingLockState.SWEEP;
        }
        BoardSnapshot s = second.publishNow();
        second.close();
        assertTrue(searched, "ring " + victim + " searched its whole range; from " + movedFrom + ": " + s.rings().get(victim).reason());
        assertTrue(second.engines().get(0).searches() >= 1);
        assertEquals(16, s.ringsLocked(), "every ring locked: " + s.rings().get(victim).reason());
        for (BoardSnapshot.Ring r : s.rings()) {
            RingTruth t = sim2.truth().get(r.ring());
            assertEquals(lanes[r.ring()], r.lane(), "ring " + r.ring() + " keeps its line");
            assertEquals(r.lane(), t.nearestLane(), "ring " + r.ring() + " really sits on it");
        }
        RingTruth v = sim2.truth().get(victim); // a filter: its target is the line itself
        assertTrue(Math.abs(v.detuningPm()) < v.fwhmPm() / 10, "ring " + victim + " within linewidth/10: " + v.detuningPm());
    }
}
