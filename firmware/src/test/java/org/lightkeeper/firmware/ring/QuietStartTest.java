package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * A shipped board started with nothing happening (the die and the lasers still) locks every ring with a
 * line and loses none on the way: a loss there is the controller's own doing. On ref-51t2 modulator 260
 * locked at 19.6 of its 20 mW before its neighbours' fine sweeps, whose windows fed forward to it ran it
 * into the limit 13 ms later (a ring within reach of an end now sweeps after its neighbours, Acquisition#afterNeighbours).
 */
class QuietStartTest {
    private static final long MS = 1_000_000L;

    @ParameterizedTest
    @ValueSource(strings = {"devkit", "ref-51t2"})
    void everyRingWithALineLocksAndNoneIsLost(String board) {
        BoardSpec spec = BoardFile.load(board);
        VirtualClock clock = new VirtualClock();
        Firmware fw = new Firmware(spec, SimBoard.build(spec, clock), clock);
        fw.runUntil(2_500 * MS, clock::advanceTo);
        assertTrue(fw.allLockedAfterStartNs() > 0, board + ": every ring with a line locked");
        List<String> lost = new ArrayList<>();
        int withLine = 0;
        for (EngineLock e : fw.engines()) {
            for (int i = 0; i < e.ringCount(); i++) {
                if (e.lane(i) >= 0) {
                    withLine++;
                }
                if (e.losses(i) > 0) {
                    lost.add("ring " + e.ringId(i) + " (" + e.losses(i) + ", now " + e.state(i) + ": " + e.why(i) + ")");
                }
            }
        }
        assertTrue(withLine >= spec.ringCount() - 2, withLine + " rings have a line");
        assertEquals(List.of(), lost, board + ": rings lost during a quiet start");
    }
}
