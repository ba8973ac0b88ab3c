package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.els.ElsSlotController;
import org.lightkeeper.firmware.persist.Calibration;
import org.lightkeeper.firmware.persist.LaneKey;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * A stored calibration's idle line (where a line lies from the heater power a ring with no lane was
 * held at) belongs to the module it was made with: once a waveguide's lines are assigned with the
 * module feeding it now, a later resume must not hold the ring by it, nor take the stored rings' FSR
 * for the one that assignment measured.
 */
class IdleLineNewModuleTest {
    private static final long MS = 1_000_000L;

    @Test
    void aNewModulesCalibrationClearsTheStoredIdleLines() {
        BoardSpec spec = BoardFile.load("devkit");
        EngineSpec engine = spec.engines().get(0);
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        Firmware fw = new Firmware(spec, sim, clock);
        fw.runUntil(1_000 * MS, clock::advanceTo); // the module's identity read
        ElsSlotController[] feed = new ElsSlotController[engine.waveguides().size()];
        java.util.Arrays.fill(feed, fw.slots().get(0));
        EngineRings r = new EngineRings(engine, new HeaterBank(engine, fw.drivers()), feed);
        EngineCalibration calibration = new EngineCalibration(r, new LineHop(r.rows, r.rings));

        int idle = r.rows[0][4];
        List<Calibration.Ring> rings = new ArrayList<>();
        for (int i = 0; i < r.rings; i++) {
            rings.add(i == idle
                    ? new Calibration.Ring(r.ringId(i), 3.0, null, 9.0, 0.25, null, new Calibration.IdleLine(2, 1.5))
                    : new Calibration.Ring(r.ringId(i), 5.0, new LaneKey(0, i % 8), 9.0, 0.25));
        }
        calibration.seed(new Calibration.Engine(engine.engine(), rings, List.of()), slot -> null);
        assertEquals(new Calibration.IdleLine(2, 1.5), calibration.idleLine(idle), "the stored idle line, seeded");

        assertEquals(9.0, calibration.storedFsrNm(0));
        calibration.madeWithCurrentModule(1, 8.8);
        assertEquals(new Calibration.IdleLine(2, 1.5), calibration.idleLine(idle), "another waveguide's calibration leaves it");
        assertEquals(9.0, calibration.storedFsrNm(0));
        calibration.madeWithCurrentModule(0, 8.9);
        assertNull(calibration.idleLine(idle), "its own waveguide calibrated with the module now: the stored idle line is gone");
        // So is the stored FSR: a later resume of this module hands LineHop the one just measured.
        assertEquals(8.9, calibration.storedFsrNm(0));
        assertEquals(8.8, calibration.storedFsrNm(1));
    }
}
