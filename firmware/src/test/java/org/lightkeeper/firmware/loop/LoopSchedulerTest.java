package org.lightkeeper.firmware.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.sim.VirtualClock;

/** The scheduler's paced loops (the calibration sweep's, docs/control.md) beside its fixed-rate ones. */
class LoopSchedulerTest {
    /**
     * A paced loop runs at least its period after its last start and its gap after its last end; a
     * fixed-rate loop whose run takes 250 us (an ELS transaction) only delays it, and it counts no overrun
     * for that; parked, it does not run; woken, it runs again.
     */
    @Test
    void pacedLoopKeepsItsIntervalsYieldsToOthersAndNeverOverruns() {
        VirtualClock clock = new VirtualClock();
        LoopScheduler s = new LoopScheduler(clock);
        s.every("els", 500_000, now -> clock.advanceTo(now + 250_000));
        List<long[]> runs = new ArrayList<>(); // {start, end}
        LoopScheduler.Loop sweep = s.paced("sweep", 60_000, 100_000, now -> {
            clock.advanceTo(now + 30_000);
            runs.add(new long[] {now, clock.nanos()});
        });
        s.runUntil(2_000_000, clock::advanceTo);
        assertTrue(runs.isEmpty(), "parked until woken");
        sweep.wake(clock.nanos());
        s.runUntil(10_000_000, clock::advanceTo);
        assertTrue(runs.size() > 30, runs.size() + " runs");
        for (int k = 1; k < runs.size(); k++) {
            long start = runs.get(k)[0];
            assertTrue(start - runs.get(k - 1)[0] >= 60_000, "period at run " + k);
            assertTrue(start - runs.get(k - 1)[1] >= 100_000, "gap at run " + k);
        }
        assertEquals(0, sweep.overruns());
        int before = runs.size();
        sweep.park();
        s.runUntil(12_000_000, clock::advanceTo);
        assertEquals(before, runs.size(), "parked: no runs");
        assertEquals(0, s.loops().get(0).overruns(), "the fixed-rate loop is never made late by more than one paced run");
    }

    @Test
    void onlyAPacedLoopParks() {
        LoopScheduler s = new LoopScheduler(new VirtualClock());
        LoopScheduler.Loop l = s.every("rings", 500_000, now -> { });
        assertThrows(IllegalStateException.class, l::park);
        assertThrows(IllegalArgumentException.class, () -> s.paced("x", 0, 0, now -> { }));
    }
}
