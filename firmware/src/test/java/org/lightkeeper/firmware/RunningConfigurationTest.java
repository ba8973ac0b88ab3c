package org.lightkeeper.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.persist.Configuration;
import org.lightkeeper.firmware.persist.LaneKey;
import org.lightkeeper.firmware.persist.RingKey;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * A stored configuration read back exactly, and one naming what the board does not have (another
 * board's file, a hand edit) applied without touching anything else.
 */
class RunningConfigurationTest {
    private static Firmware devkit() {
        BoardSpec spec = BoardFile.load("devkit");
        VirtualClock clock = new VirtualClock();
        return new Firmware(spec, SimBoard.build(spec, clock), clock);
    }

    @Test
    void whatIsAppliedIsReadBack() {
        Firmware fw = devkit();
        Configuration before = RunningConfiguration.read(fw.slots(), fw.engines(), Map.of());
        Configuration c = new Configuration(List.of(new Configuration.Lane(new LaneKey(0, 5), false, 12.5)),
                List.of(new Configuration.RingTarget(new RingKey(0, 1), 0.6)), Map.of());
        RunningConfiguration.apply(c, fw.slots(), fw.engines());
        Configuration after = RunningConfiguration.read(fw.slots(), fw.engines(), Map.of());
        assertEquals(0xFF & ~(1 << 5), fw.slots().get(0).operatorLanes());
        assertEquals(12.5, fw.slots().get(0).configuredSetpointMw(5));
        assertEquals(0.6, fw.engines().get(0).lockFraction(1));
        assertEquals(before.lanes().size(), after.lanes().size());
        assertEquals(before.ringTargets().size(), after.ringTargets().size());
    }

    @Test
    void entriesTheBoardDoesNotHaveAreSkippedAndChangeNothing() {
        Firmware fw = devkit();
        Configuration before = RunningConfiguration.read(fw.slots(), fw.engines(), Map.of());
        int filter = 8; // devkit rings 8-15 are filters: they lock on the peak and refuse a lock target
        Configuration c = new Configuration(List.of(new Configuration.Lane(new LaneKey(3, 0), false, 10)),
                List.of(new Configuration.RingTarget(new RingKey(4, 0), 0.6),
                        new Configuration.RingTarget(new RingKey(0, 99), 0.6),
                        new Configuration.RingTarget(new RingKey(0, filter), 0.6)), Map.of());
        RunningConfiguration.apply(c, fw.slots(), fw.engines());
        assertEquals(before, RunningConfiguration.read(fw.slots(), fw.engines(), Map.of()));
    }
}
