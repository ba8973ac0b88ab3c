package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A ring with no line moved clear of a line ({@link LineHop#holdIdle}) must not push a neighbour the die
 * parked further out of range: what that neighbour needs is {@link LineHop#parkedNeedMw}, not its estimate
 * (where it was last acquired). Devkit transmit waveguide, operating points set by hand: idle ring 3 sits
 * 0.1 mW above a line and is moved 0.4 spacing clear of it, the least move up (heating) or down.
 */
class IdleBesideParkedRingTest {
    private static final double LOCKSTEP = 0.30; // nm/mW; interior own: 0.25 (two neighbours at 0.1)

    private EngineRings r;
    private LineHop hop;
    private int idle;
    private int parked;
    /** How far an idle ring is moved clear of a line: 0.4 spacing of its own heater, mW (2.58). */
    private double clearMw;

    @BeforeEach
    void build() {
        r = HandSetRings.devkit();
        hop = new LineHop(r.rows, r.rings);
        List<Double> ghz = new ArrayList<>();
        for (int k = 0; k < ElsLanes.LANES; k++) {
            ghz.add(193_400.0 - 200 * k); // 1.61 nm apart: 6.5 mW of an interior ring's own heater
        }
        clearMw = (LineHop.IDLE_CLEAR_SPACINGS + LineHop.IDLE_MARGIN_SPACINGS)
                * ElsLanes.meanSpacingNm(ghz, ElsLanes.byWavelength(ghz)) / (LOCKSTEP / 1.2);
        hop.prepare(0, ghz, Double.NaN);
        int[] row = r.rows[0];
        for (int j = 0; j < row.length; j++) {
            int i = row[j];
            r.nmPerMwLockstep[i] = LOCKSTEP;
            r.lane[i] = j;
            r.state[i] = RingLockState.LOCKED;
            r.trackers[i].lockPeak(10, 0.1, 0.2, r.nmPerMwSelf(i));
        }
        idle = row[3];
        r.lane[idle] = -1;
        r.state[idle] = RingLockState.FAILED;
        r.heaters.set(idle, 5.0);
        parked = row[2];
        r.state[parked] = RingLockState.FAILED;
        r.estimateMw[parked] = 5.0; // where it was acquired: its line is no longer there
    }

    @Test
    void anIdleRingDoesNotPushADieParkedNeighboursLineFurtherOut() {
        // Its lane-0 line 0.1 mW below it: clear up at 7.48 (a 2.48 mW move) or down at 2.32 (2.68).
        hop.idle(idle, 0, 4.9);
        hop.holdIdle(0, r);
        assertEquals(4.9 + clearMw, r.heaters.appliedMw(idle), 0.01, "no parked neighbour: the least move, up");

        r.heaters.set(idle, 5.0);
        hop.parked(parked, -1, r);
        hop.parkedNeedMw[parked] = -0.3; // the die warmed its line 0.3 mW below 0 mW
        hop.holdIdle(0, r);
        assertEquals(4.9 - clearMw, r.heaters.appliedMw(idle), 0.01,
                "heating 2.48 mW would put the parked neighbour's line 0.25 mW further below 0 mW: moved down instead");
    }
}
