package org.lightkeeper.firmware.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of {@code bench-control} cheap enough to run on every build. */
class ControlBenchPartsTest {
    private static final long MS = 1_000_000L;

    @Test
    void thePowerLoopHoldsAnAgeingLaserWhereOpenLoopLeavesSpecAndWarnsFirst() {
        LaserAgeingBench.Result r = LaserAgeingBench.run(3_000 * MS, 10, 250 * MS);
        String f = r.format();
        assertTrue(r.worstDb() < LaserAgeingBench.SPEC_DB, f);
        assertTrue(r.openLoopWorstDb() > LaserAgeingBench.SPEC_DB, "the reference must show what ageing does: " + f);
        assertFalse(Double.isNaN(r.warnedAtAge()), f);
        assertTrue(Double.isNaN(r.leftSpecAtAge()), f);
        // +15 % bias raises AGEING: three quarters of the way to +20 %, not before half of it.
        assertTrue(r.warnedAtAge() >= 0.5 && r.warnedAtAge() <= 0.9, f);
    }

    @Test
    void aMissingScenarioDirectoryIsNamed() {
        ControlBench bench = new ControlBench(Path.of("no-such-dir"), 10, 1, s -> { });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bench::run);
        assertTrue(e.getMessage().contains("no-such-dir"), e.getMessage());
    }

    /** The tracking corners change the simulated heaters and declare what bring-up would measure; nothing else. */
    @Test
    void aHeaterCornerChangesThePhysicsAndDeclaresItsTimeConstant() {
        var spec = BoardEdits.withHeaterPhysics("devkit", 0.2, 100);
        var shipped = org.lightkeeper.hal.board.BoardFile.load("devkit");
        var p = org.lightkeeper.sim.physics.PhysicsParams.from(spec.physics().orElseThrow());
        assertEquals(100, p.heaterTauUs());
        assertEquals(0.2, p.neighbourCoupling());
        var e = spec.engines().get(0);
        assertEquals(100, e.heaterTimeConstantUs());
        assertTrue(e.lineHop());
        assertEquals(shipped.engines().get(0).optics(), e.optics(), "the design values stay nominal");
        assertEquals(shipped.ringCount(), spec.ringCount());
    }

    @Test
    void theTableMarksMissedTargets() {
        String t = ControlBench.table(List.of(new ControlBench.Row("m", "b", "2 pm", "-", "<= 1 pm", false),
                new ControlBench.Row("n", "b", "0.1 dB", "1 dB", "<= 0.2 dB", true)));
        assertTrue(t.contains("| m | b | 2 pm | - | <= 1 pm | **no** |"), t);
        assertTrue(t.contains("| n | b | 0.1 dB | 1 dB | <= 0.2 dB | yes |"), t);
    }
}
