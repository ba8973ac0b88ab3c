package org.lightkeeper.firmware.ring;

import org.lightkeeper.firmware.els.ElsSlotController;
import org.lightkeeper.hal.board.BoardDrivers;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * The devkit's engine 0 rings with no lock phase running, for tests that set states, lanes, efficiencies
 * and operating points by hand: heaters on the emulated DAC, no ELS (nothing reads a lane).
 */
final class HandSetRings {
    private HandSetRings() {
    }

    static EngineRings devkit() {
        BoardSpec spec = BoardFile.load("devkit");
        EngineSpec engine = spec.engines().get(0);
        HeaterBank heaters = new HeaterBank(engine, new BoardDrivers(spec, SimBoard.build(spec, new VirtualClock())));
        heaters.init();
        return new EngineRings(engine, heaters, new ElsSlotController[engine.waveguides().size()]);
    }
}
