package org.lightkeeper.firmware;

import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.physics.RingTruth;

public class ScratchRun {
    public static void main(String[] args) {
        BoardSpec spec = BoardFile.load("devkit");
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        Firmware fw = new Firmware(spec, sim, clock);
        long t0 = System.nanoTime();
        for (int ms = 100; ms <= 3000; ms += 100) {
            fw.runUntil(ms * 1_000_000L, clock::advanceTo);
            BoardSnapshot s = fw.snapshot();
            System.out.printf("t=%d ms els=%s lanes=%d locked=%d worst=%.2f%n", ms, s.elsSlots().get(0).state(),
                    s.lanesLit(), s.ringsLocked(), s.worstDetuningPm());
        }
        for (String t : fw.slots().get(0).transitions()) System.out.println(t);
        for (BoardSnapshot.Ring r : fw.snapshot().rings()) {
            RingTruth t = sim.truth().get(r.ring());
            System.out.printf("ring %d %s lane=%d heater=%.3f det=%.2f pd=%.2fuA | truth lane=%d det=%.2f pm  %s%n", r.ring(), r.state(), r.lane(),
                    r.heaterMw(), r.detuningPm(), r.monitorUa(), t.nearestLane(), t.detuningPm(), r.reason());
        }
        System.out.println("wall ms " + (System.nanoTime() - t0) / 1e6);
    }
}
