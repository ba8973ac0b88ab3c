package org.lightkeeper.firmware.els;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.hal.board.BoardDrivers;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.ElsSlotSpec;
import org.lightkeeper.hal.bus.NakException;
import org.lightkeeper.hal.chip.Pca9555;
import org.lightkeeper.hal.chip.cmis.CmisModule;
import org.lightkeeper.hal.chip.cmis.LaneStatus;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.chip.ElsfpSim;
import org.lightkeeper.sim.chip.Pca9555Sim;

/**
 * One ELS slot controller on the devkit's simulated ELSFP, its sideband expander and mux, stepped
 * every ELS period as the firmware does. The CMIS driver is a Mockito spy on the real one, so every
 * lane-enable write can be checked, and management-interface faults injected.
 */
class ElsSlotControllerTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private VirtualClock clock;
    private SimBoard sim;
    private ElsSlotSpec slot;
    private CmisModule module;
    private ElsSlotController c;
    private long next;

    @BeforeEach
    void build() {
        BoardSpec spec = BoardFile.load("devkit");
        clock = new VirtualClock();
        sim = SimBoard.build(spec, clock);
        BoardDrivers drivers = new BoardDrivers(spec, sim);
        slot = spec.elsSlots().get(0);
        module = spy(drivers.get(slot.module(), CmisModule.class));
        c = new ElsSlotController(slot, new SidebandExpander(drivers.get(slot.expander(), Pca9555.class)), module);
    }

    /** Ticks the controller every ELS period until {@code end} (virtual time, bus time included). */
    private void runUntil(long end) {
        while (next <= end) {
            clock.advanceTo(next);
            c.tick(clock.nanos());
            next += Firmware.ELS_PERIOD_NS;
        }
    }

    private ElsfpSim els() {
        return sim.els(slot.slot());
    }

    private Pca9555Sim sideband() {
        return (Pca9555Sim) sim.emulator(slot.expander());
    }

    private int lit() {
        int mask = 0;
        for (int lane = 0; lane < 8; lane++) {
            if (els().laneOutputMw(lane) > 0) {
                mask |= 1 << lane;
            }
        }
        return mask;
    }

    private int stateIndex(List<String> transitions, ElsState to) {
        for (int i = 0; i < transitions.size(); i++) {
            if (transitions.get(i).contains("-> " + to + ":")) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void bringsTheSlotUpThroughReadyToLanesEnabled() {
        c.allowLanes(0xFF);
        c.requestLanes(0x0F);
        runUntil(1 * S);
        assertEquals(ElsState.LANES_ENABLED, c.state(), c.transitions().toString());
        List<String> tr = c.transitions();
        int ready = stateIndex(tr, ElsState.READY);
        assertTrue(ready >= 0 && ready < stateIndex(tr, ElsState.LANES_ENABLED), tr.toString());
        for (ElsState s : List.of(ElsState.PRESENT, ElsState.RESET_RELEASED, ElsState.IDENTIFIED, ElsState.LOW_POWER)) {
            assertTrue(stateIndex(tr, s) >= 0 && stateIndex(tr, s) < ready, s + " before READY: " + tr);
        }
        assertEquals(0x22, c.identity().identifier());
        assertEquals(8, c.identity().laneFrequencyGhz().size());
        assertEquals(0x0F, c.enabledLanes());
        assertEquals(0x0F, c.onLanes());
        assertEquals(0x0F, lit(), "light on exactly the requested lanes");
    }

    /** Time of the first transition into {@code to}, seconds, from the controller's log. */
    private double timeOf(List<String> transitions, ElsState to) {
        String t = transitions.get(stateIndex(transitions, to));
        return Double.parseDouble(t.substring(0, t.indexOf(' ')));
    }

    /**
     * The module powers up while the rest of its identity is read: LPMode is released a tick after the
     * identifier says ELSFP, so ModuleReady comes MgmtInit plus the module's power-up after reset release,
     * plus 1.5 ms of ours here (the MgmtInit poll answered at once, the release a tick later, Ready seen
     * a tick after it); identifying first and then releasing took 224.0 ms, 4 ms of ours.
     */
    @Test
    void powersTheModuleUpWhileIdentifyingIt() {
        c.allowLanes(0xFF);
        c.requestLanes(0x01);
        runUntil(1 * S);
        List<String> tr = c.transitions();
        double ownMs = els().profile().initMs() + els().profile().powerUpMs();
        double tookMs = (timeOf(tr, ElsState.READY) - timeOf(tr, ElsState.RESET_RELEASED)) * 1e3;
        assertTrue(tookMs >= ownMs && tookMs <= ownMs + 2.5, "reset release to ModuleReady " + tookMs + " ms: " + tr);
        assertTrue(timeOf(tr, ElsState.IDENTIFIED) < timeOf(tr, ElsState.READY), tr.toString());
        assertEquals(ElsState.LANES_ENABLED, c.state(), tr.toString());
    }

    /**
     * Lane gates as the calibration sweep waits for them (its coded patterns, there and back), on a
     * controller serviced every 4 ms (eight slots round robin on a 500 us ELS loop): from the
     * request to the module reporting exactly the requested lanes on. The lane states are read every
     * tick while they disagree with the enables, not only in the rotation's two slots in eight (presence
     * and module state keep theirs): these nine gates take 88 ms in all (64 ms for the six that ramp a
     * lane on, 24 ms for the three that only turn lanes off), against 104 ms (68 + 36) when the rotation
     * alone read the lane states. (Serviced every 500 us as on the devkit: 34.5 ms, against 38.)
     */
    @Test
    void seesLanesComeOnAndGoOffSoonAfterTheEnableWrite() {
        long period = 8 * Firmware.ELS_PERIOD_NS;
        c.allowLanes(0xFF);
        c.requestLanes(0x01);
        runEvery(period, 1 * S);
        double rampMs = els().profile().laneRampMs();
        double offSum = 0;
        double onSum = 0;
        int[] gates = {0xFF, 0xAA, 0xCC, 0xF0, 0xCC, 0xAA, 0xFF, 0xF0, 0x80};
        for (int mask : gates) {
            long asked = next;
            c.requestLanes(mask);
            boolean ramps = (mask & ~c.enabledLanes()) != 0;
            while (c.onLanes() != mask || c.enabledLanes() != mask) {
                runEvery(period, next);
            }
            double ms = (next - period - asked) / 1e6;
            if (ramps) {
                onSum += ms;
                assertTrue(ms <= rampMs + 3 * period / 1e6, String.format("gate 0x%02X took %.1f ms", mask, ms));
            } else {
                offSum += ms;
                assertTrue(ms <= 3 * period / 1e6, String.format("lanes off: gate 0x%02X took %.1f ms", mask, ms));
            }
        }
        assertTrue(onSum + offSum <= 92, "gates took " + onSum + " ms ramping lanes on, " + offSum + " ms turning lanes off");
    }

    /** Replaces the slot's module, before the first tick, by one taking {@code laneOffMs} to turn a lane off. */
    private void moduleTurningLanesOffIn(long laneOffMs) {
        org.lightkeeper.sim.chip.ElsfpProfile slow = els().profile().toBuilder().laneOffMs(laneOffMs).build();
        sim.pullEls(slot.slot());
        sim.insertEls(slot.slot(), slow);
    }

    /**
     * A module slow to turn a lane off (40 ms of ramp down): the lane disabled is going dark, not dark,
     * from the enable write until the module reports it off, and the lane states are read every tick
     * meanwhile, so it is seen off within a tick or two of the module saying so. (Before, the write alone
     * took it out of what was watched: dark at once, with 20 mW still on it.)
     */
    @Test
    void aLaneIsDarkWhenTheModuleReportsItOffNotWhenItsEnableIsWritten() {
        moduleTurningLanesOffIn(40);
        c.allowLanes(0xFF);
        c.requestLanes(0x03);
        runUntil(1 * S);
        assertEquals(0x03, c.onLanes());
        assertEquals(0, c.lanesGoingDark());
        c.requestLanes(0x01);
        long asked = next;
        runUntil(next);
        assertEquals(0x01, c.enabledLanes());
        assertEquals(0x02, c.lanesGoingDark(), "lane 1 written off, still lit");
        assertTrue(els().laneOutputMw(1) > 15, els().laneOutputMw(1) + " mW");
        while (c.lanesGoingDark() != 0) {
            runUntil(next);
            assertTrue(next - asked < 100 * MS, "seen off within the watch");
        }
        assertEquals(0.0, els().laneOutputMw(1), "dark once the module reports it off");
        double ms = (clock.nanos() - asked) / 1e6;
        assertTrue(ms >= 40 && ms <= 40 + 2 * Firmware.ELS_PERIOD_NS / 1e6, "seen off " + ms + " ms after the write");
        assertEquals(0, c.laneOffOverdue());
    }

    /**
     * A lane the module keeps reporting lit (a 2 s ramp down here: a lane stuck on) stays going dark, and
     * {@link ElsSlotController#LANE_OFF_DEADLINE_NS} after the write the slot says so, once: in its reason,
     * its log and a counter.
     */
    @Test
    void aLaneStillLitPastTheDeadlineIsReportedOnce() {
        moduleTurningLanesOffIn(2_000);
        c.allowLanes(0xFF);
        c.requestLanes(0x03);
        runUntil(1 * S);
        c.requestLanes(0x01);
        long asked = next;
        runUntil(asked + ElsSlotController.LANE_OFF_DEADLINE_NS - 10 * MS);
        assertEquals(0x02, c.lanesGoingDark());
        assertEquals(ElsSlotController.LANE_OFF_DEADLINE_NS - 10 * MS, c.laneGoingDarkForNs(1, clock.nanos()),
                2 * Firmware.ELS_PERIOD_NS, "timed from the write (the LANE_OFF_OVERDUE alarm's value)");
        assertEquals(-1, c.laneGoingDarkForNs(0, clock.nanos()), "lane 0 is meant on");
        assertEquals(0, c.laneOffOverdue(), "not yet overdue");
        runUntil(asked + ElsSlotController.LANE_OFF_DEADLINE_NS + 20 * MS);
        assertEquals(1, c.laneOffOverdue());
        assertTrue(c.reason().contains("0x02") && c.reason().contains("still reported lit"), c.reason());
        assertTrue(c.transitions().get(c.transitions().size() - 1).contains("still reported lit"), c.transitions().toString());
        runUntil(asked + 1_900 * MS);
        assertEquals(1, c.laneOffOverdue(), "said once");
        assertEquals(0x02, c.lanesGoingDark());
        runUntil(asked + 2_100 * MS);
        assertEquals(0, c.lanesGoingDark(), "off at last");
        assertEquals(-1, c.laneGoingDarkForNs(1, clock.nanos()));
    }

    /**
     * A lane switched off and on again (the calibration sweep's coded lane sets do it within tens of ms)
     * reads, once on, the bias and power last read while it was on, not those read while it was dark,
     * until it is read again: the alarm loop, sampling every 100 ms, may not have seen it go dark.
     */
    @Test
    void aLaneOnAgainKeepsItsLastReadingsOnUntilItIsReadAgain() {
        c.allowLanes(0xFF);
        c.requestLanes(0xFF);
        runUntil(1 * S);
        double bias = c.biasMa(5);
        double power = c.powerMw(5);
        assertTrue(bias > 30 && power > 1, "lane 5 on: " + bias + " mA, " + power + " mW");
        c.requestLanes(0xDF);
        runUntil(clock.nanos() + 100 * MS); // the rotation reads every lane's monitors every 32 ms
        assertTrue(c.biasMa(5) < 1 && c.powerMw(5) < 0.1, "lane 5 off: " + c.biasMa(5) + " mA, " + c.powerMw(5) + " mW");
        c.requestLanes(0xFF);
        while ((c.onLanes() & 0x20) == 0) {
            runUntil(next);
        }
        assertEquals(bias, c.biasMa(5), 1e-9, "as last read on");
        assertEquals(power, c.powerMw(5), 1e-9);
    }

    /** Ticks the controller every {@code period} until {@code end}. */
    private void runEvery(long period, long end) {
        while (next <= end) {
            clock.advanceTo(next);
            c.tick(clock.nanos());
            next += period;
        }
    }

    @Test
    void theOperatorMaskOnlyNarrowsWhatTheLoopsRequestAndTheInterlockAllows() {
        List<Integer> written = new java.util.ArrayList<>();
        doAnswer(inv -> {
            written.add(inv.getArgument(0));
            return inv.callRealMethod();
        }).when(module).setLaneEnables(anyInt());
        c.setOperatorLanes(0xFF);
        c.allowLanes(0x0F);
        c.requestLanes(0xFF);
        runUntil(1 * S);
        assertEquals(0x0F, lit(), "operator allowing everything lights only what the interlock allows");
        c.setOperatorLanes(0x05);
        runUntil(clock.nanos() + 50 * MS);
        assertEquals(0x05, c.enabledLanes());
        assertEquals(0x05, lit());
        c.allowLanes(0x04);
        runUntil(clock.nanos() + 50 * MS);
        assertEquals(0x04, lit(), "interlock withdraws lane 0 though the operator allows it");
        for (int w : written) {
            assertEquals(0, w & ~0x0F, String.format("write 0x%02X outside the interlock's 0x0F", w));
        }
    }

    @Test
    void noLaneIsEverWrittenThatTheInterlockDidNotAllow() {
        List<Integer> written = new java.util.ArrayList<>();
        doAnswer(inv -> {
            written.add(inv.getArgument(0));
            return inv.callRealMethod();
        }).when(module).setLaneEnables(anyInt());

        c.allowLanes(0);
        c.requestLanes(0xFF);
        runUntil(1 * S);
        assertEquals(ElsState.READY, c.state());
        assertTrue(written.stream().allMatch(m -> m == 0), "writes " + written);
        assertEquals(0, c.enabledLanes());
        assertEquals(0, lit(), "all dark while the interlock allows nothing");

        c.allowLanes(0x05);
        runUntil(1500 * MS);
        assertEquals(ElsState.LANES_ENABLED, c.state());
        assertTrue(written.stream().allMatch(m -> (m & ~0x05) == 0), "writes " + written);
        assertEquals(0x05, lit());

        // The interlock withdraws: lanes go dark on the very next tick.
        c.allowLanes(0);
        runUntil(next);
        assertEquals(0, c.enabledLanes());
        assertEquals(0, written.get(written.size() - 1));
        assertEquals(ElsState.READY, c.state());
        runUntil(next + 10 * MS);
        assertEquals(0, lit());
    }

    @Test
    void pullingTheModuleGoesAbsentWithinOnePresencePollAndReinsertionBringsItBack() {
        c.allowLanes(0xFF);
        c.requestLanes(0xFF);
        runUntil(1 * S);
        assertEquals(ElsState.LANES_ENABLED, c.state());

        sideband().setInput(slot.presentPin(), true); // ModPrsL high: module gone
        long pulled = clock.nanos();
        runUntil(pulled + ElsSlotController.PRESENCE_EVERY_TICKS * Firmware.ELS_PERIOD_NS);
        assertEquals(ElsState.ABSENT, c.state());
        assertEquals(0, c.enabledLanes());
        assertEquals(0, c.onLanes());
        assertNull(c.identity());
        for (int lane = 0; lane < 8; lane++) {
            assertEquals(LaneStatus.OFF, c.laneStatus(lane), "lane " + lane);
            assertEquals(0, c.powerMw(lane), 0);
        }
        runUntil(pulled + 100 * MS);
        assertEquals(ElsState.ABSENT, c.state(), "stays absent while out");

        sideband().setInput(slot.presentPin(), false);
        runUntil(clock.nanos() + 1 * S);
        assertEquals(ElsState.LANES_ENABLED, c.state(), c.transitions().toString());
        assertEquals(0xFF, c.onLanes());
        assertEquals(0xFF, lit());
    }

    @Test
    void nakDuringMgmtInitIsRetriedWithoutAReset() {
        c.allowLanes(0xFF);
        runUntil(1 * S);
        assertEquals(ElsState.READY, c.state());
        // The simulated module NAKs for its 20 ms MgmtInit: identify was asked again and again.
        verify(module, atLeast(5)).identifier();
        assertTrue(c.transitions().stream().noneMatch(t -> t.contains("resetting")), c.transitions().toString());
    }

    @Test
    void aModuleSilentPastTheInitDeadlineIsResetAndRetried() {
        long silentUntil = ElsSlotController.INIT_DEADLINE_NS + 500 * MS;
        doAnswer(inv -> {
            if (clock.nanos() < silentUntil) {
                throw new NakException("i2c-1", 0x50, 0, "injected: MgmtInit not done");
            }
            return inv.callRealMethod();
        }).when(module).identifier();
        c.allowLanes(0xFF);
        c.requestLanes(0x01);
        runUntil(silentUntil + 1 * S);
        assertEquals(ElsState.LANES_ENABLED, c.state(), c.transitions().toString());
        assertTrue(c.transitions().stream().anyMatch(t -> t.contains("resetting")), c.transitions().toString());
        assertTrue(c.transitions().stream().anyMatch(t -> t.contains("try 2 of")), c.transitions().toString());
    }

    @Test
    void aModuleThatNeverAnswersFailsAfterMaxTries() {
        doAnswer(inv -> {
            throw new NakException("i2c-1", 0x50, 0, "injected: dead management interface");
        }).when(module).identifier();
        c.allowLanes(0xFF);
        c.requestLanes(0xFF);
        runUntil((ElsSlotController.MAX_TRIES + 1) * (ElsSlotController.INIT_DEADLINE_NS + 10 * MS));
        assertEquals(ElsState.FAILED, c.state(), c.transitions().toString());
        assertTrue(c.reason().contains("giving up after " + ElsSlotController.MAX_TRIES), c.reason());
        assertEquals(0, lit());
    }
}
