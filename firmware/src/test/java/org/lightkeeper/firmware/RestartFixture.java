package org.lightkeeper.firmware;

import java.io.IOException;
import java.nio.file.Path;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * Test fixture for the restart tests: one simulated board that stays powered, on its own virtual
 * clock, and one state directory. Each {@link #start()} is a new firmware on that board and directory;
 * the firmware before it is simply never stepped again, as kill -9 leaves it.
 */
final class RestartFixture {
    final BoardSpec spec;
    final VirtualClock clock;
    final SimBoard sim;
    final Path dir;

    private RestartFixture(BoardSpec spec, Path dir) {
        this.spec = spec;
        this.dir = dir;
        this.clock = new VirtualClock();
        this.sim = SimBoard.build(spec, clock);
    }

    /** The shipped board {@code board}, powered up at time zero, with {@code dir} as state directory. */
    RestartFixture(String board, Path dir) {
        this(BoardFile.load(board), dir);
    }

    /** The same board (same seed, same ELS module) powered off and on again: a new clock from zero, the same state directory. */
    RestartFixture powerCycled() {
        return new RestartFixture(spec, dir);
    }

    /** A new firmware on this board, keeping its state in {@link #dir}. */
    Firmware start() throws IOException {
        Firmware fw = new Firmware(spec, sim, clock);
        fw.useStateDirectory(dir);
        return fw;
    }

    /** The lanes of ELS slot {@code slot} giving light, on the simulator's ground truth, as a mask. */
    int litLanes(int slot) {
        int mask = 0;
        for (int lane = 0; lane < 8; lane++) {
            if (sim.els(slot).laneOutputMw(lane) > 0) {
                mask |= 1 << lane;
            }
        }
        return mask;
    }
}
