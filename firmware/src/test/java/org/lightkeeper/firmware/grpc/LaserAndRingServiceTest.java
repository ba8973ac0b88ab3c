package org.lightkeeper.firmware.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lightkeeper.firmware.grpc.Rig.MS;
import static org.lightkeeper.firmware.grpc.Rig.S;
import static org.lightkeeper.firmware.grpc.Rig.refused;

import io.grpc.Status.Code;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightkeeper.api.v1.BoardState;
import org.lightkeeper.api.v1.ElsState;
import org.lightkeeper.api.v1.LaneState;
import org.lightkeeper.api.v1.LaserServiceGrpc;
import org.lightkeeper.api.v1.RingKind;
import org.lightkeeper.api.v1.RingLockState;
import org.lightkeeper.api.v1.RingRequest;
import org.lightkeeper.api.v1.RingServiceGrpc;
import org.lightkeeper.api.v1.RingState;
import org.lightkeeper.api.v1.SetLaneEnabledRequest;
import org.lightkeeper.api.v1.SetLanePowerRequest;
import org.lightkeeper.api.v1.SetLockTargetRequest;

/** LaserService and RingService over real loopback gRPC, including the bad-input matrix. */
class LaserAndRingServiceTest {
    private Rig rig;
    private LaserServiceGrpc.LaserServiceFutureStub laser;
    private RingServiceGrpc.RingServiceFutureStub rings;

    @BeforeEach
    void boot() throws Exception {
        rig = new Rig();
        laser = LaserServiceGrpc.newFutureStub(rig.channel);
        rings = RingServiceGrpc.newFutureStub(rig.channel);
    }

    @AfterEach
    void shutdown() throws Exception {
        rig.close();
    }

    private static SetLaneEnabledRequest enable(int slot, int lane, boolean on) {
        return SetLaneEnabledRequest.newBuilder().setSlot(slot).setLane(lane).setEnabled(on).build();
    }

    private static SetLanePowerRequest power(int slot, int lane, double mw) {
        return SetLanePowerRequest.newBuilder().setSlot(slot).setLane(lane).setPowerMw(mw).build();
    }

    /** What a refused write must leave alone: lane enables, operator mask, setpoints, ring states and targets. */
    private static String fingerprint(BoardState s) {
        String lanes = s.getElsSlotsList().stream().map(e -> e.getState() + ":" + e.getOperatorLaneMask() + ":"
                + e.getLanesList().stream().map(l -> l.getEnabled() + "/" + l.getPowerSetpointMw())
                .collect(Collectors.joining(","))).collect(Collectors.joining(";"));
        String rs = s.getRingsList().stream().map(r -> r.getLockState() + "/" + r.getLockFraction() + "/" + r.getAssignedLane())
                .collect(Collectors.joining(","));
        return lanes + "|" + rs;
    }

    @Test
    void disablingALaneDarkensItAndEnablingGivesItBackToTheControlLoops() {
        rig.run(2 * S);
        assertEquals(ElsState.ELS_STATE_LANES_ENABLED, rig.state().getElsSlots(0).getState());

        LaneState off = rig.await(laser.setLaneEnabled(enable(0, 3, false)));
        assertFalse(off.getOperatorEnabled());
        assertFalse(off.getEnabled(), "the enable write happened by the time the call answered");
        assertEquals(3, off.getLane());
        rig.run(50 * MS);
        BoardState st = rig.state();
        assertEquals(0xFF & ~(1 << 3), st.getElsSlots(0).getOperatorLaneMask());
        for (LaneState l : st.getElsSlots(0).getLanesList()) {
            assertEquals(l.getLane() != 3, l.getEnabled(), "lane " + l.getLane());
        }
        assertEquals(0, rig.sim.els(0).laneOutputMw(3), 1e-6, "no light from lane 3");
        assertTrue(rig.sim.els(0).laneOutputMw(2) > 1, "lane 2 still lit");

        LaneState on = rig.await(laser.setLaneEnabled(enable(0, 3, true)));
        assertTrue(on.getOperatorEnabled());
        assertTrue(on.getEnabled());
        rig.run(50 * MS);
        assertTrue(rig.state().getElsSlots(0).getLanes(3).getEnabled());
    }

    @Test
    void powerSetpointIsWrittenAndReported() {
        rig.run(2 * S);
        LaneState l = rig.await(laser.setLanePower(power(0, 2, 18.5)));
        assertEquals(18.5, l.getPowerSetpointMw(), 1e-9);
        rig.run(20 * MS);
        assertEquals(18.5, rig.state().getElsSlots(0).getLanes(2).getPowerSetpointMw(), 1e-9);
    }

    @Test
    void badLaserRequestsAreRefusedWithTheirFieldAndLimitAndChangeNothing() {
        rig.run(2 * S);
        String before = fingerprint(rig.state());
        refused(Code.NOT_FOUND, () -> rig.await(laser.setLaneEnabled(enable(7, 0, false))), "slot", "7", "slots: 0");
        refused(Code.NOT_FOUND, () -> rig.await(laser.setLaneEnabled(enable(0, 8, false))), "lane", "0-7");
        refused(Code.NOT_FOUND, () -> rig.await(laser.setLanePower(power(3, 0, 10))), "slot");
        refused(Code.NOT_FOUND, () -> rig.await(laser.setLanePower(power(0, 12, 10))), "lane", "0-7");
        for (double bad : new double[] {-0.01, 655.36, 1e9, Double.NaN, Double.POSITIVE_INFINITY}) {
            refused(Code.INVALID_ARGUMENT, () -> rig.await(laser.setLanePower(power(0, 1, bad))), "power_mw", "655.35");
        }
        rig.run(20 * MS);
        assertEquals(before, fingerprint(rig.state()));
    }

    @Test
    void aSlotThatIsNotReadyRefusesEnableAndPowerButAcceptsADisable() {
        rig.run(2 * S);
        rig.sim.pullEls(0);
        rig.run(50 * MS);
        assertEquals(ElsState.ELS_STATE_ABSENT, rig.state().getElsSlots(0).getState());
        String before = fingerprint(rig.state());
        refused(Code.FAILED_PRECONDITION, () -> rig.await(laser.setLaneEnabled(enable(0, 1, true))), "slot", "ABSENT");
        refused(Code.FAILED_PRECONDITION, () -> rig.await(laser.setLanePower(power(0, 1, 10))), "slot", "ABSENT");
        rig.run(20 * MS);
        assertEquals(before, fingerprint(rig.state()));
        // Disabling narrows: allowed in any state, and holds when a module is inserted later.
        LaneState off = rig.await(laser.setLaneEnabled(enable(0, 1, false)));
        assertFalse(off.getOperatorEnabled());
        assertFalse(off.getEnabled());
    }

    @Test
    void theOperatorMaskNeverLightsALaneTheInterlockForbids() {
        // At start the module is not up: the interlock allows nothing, and an enable is refused.
        refused(Code.FAILED_PRECONDITION, () -> rig.await(laser.setLaneEnabled(enable(0, 0, true))), "slot");
        rig.run(2 * S);
        rig.sim.pullEls(0);
        rig.run(5 * MS);
        rig.await(laser.setLaneEnabled(enable(0, 0, false)));
        rig.run(100 * MS);
        for (LaneState l : rig.state().getElsSlots(0).getLanesList()) {
            assertFalse(l.getEnabled(), "lane " + l.getLane() + " with the module gone");
        }
    }

    private List<RingState> ringStates() {
        return rig.state().getRingsList();
    }

    private int ringOf(RingKind kind) {
        return ringStates().stream().filter(r -> r.getKind() == kind).findFirst().orElseThrow().getRing();
    }

    @Test
    void relockReacquiresTheRingOnItsLine() {
        rig.run(2 * S);
        RingState before = ringStates().get(5);
        assertEquals(RingLockState.RING_LOCK_STATE_LOCKED, before.getLockState());
        RingState r = rig.await(rings.relock(RingRequest.newBuilder().setRing(before.getRing()).build()));
        assertEquals(RingLockState.RING_LOCK_STATE_ACQUIRE, r.getLockState());
        rig.run(500 * MS);
        RingState after = ringStates().get(5);
        assertEquals(RingLockState.RING_LOCK_STATE_LOCKED, after.getLockState());
        assertEquals(before.getAssignedLane(), after.getAssignedLane());
    }

    @Test
    void lockTargetAppliesToModulatorsAndTakesEffectAtTheNextAcquisition() {
        rig.run(2 * S);
        int mod = ringOf(RingKind.RING_KIND_MODULATOR);
        RingState r = rig.await(rings.setLockTarget(SetLockTargetRequest.newBuilder().setRing(mod)
                .setMonitorFraction(0.7).build()));
        assertEquals(0.7, r.getLockFraction(), 1e-12);
        rig.await(rings.relock(RingRequest.newBuilder().setRing(mod).build()));
        rig.run(500 * MS);
        RingState now = ringStates().stream().filter(x -> x.getRing() == mod).findFirst().orElseThrow();
        assertEquals(RingLockState.RING_LOCK_STATE_LOCKED, now.getLockState());
        assertEquals(0.7, now.getLockFraction(), 1e-12);
    }

    @Test
    void badRingRequestsAreRefusedWithTheirFieldAndLimitAndChangeNothing() {
        rig.run(2 * S);
        int mod = ringOf(RingKind.RING_KIND_MODULATOR);
        int filter = ringOf(RingKind.RING_KIND_FILTER);
        String before = fingerprint(rig.state());
        refused(Code.NOT_FOUND, () -> rig.await(rings.relock(RingRequest.newBuilder().setRing(999).build())),
                "ring", "999", "16 rings");
        refused(Code.NOT_FOUND, () -> rig.await(rings.setLockTarget(SetLockTargetRequest.newBuilder().setRing(999)
                .setMonitorFraction(0.5).build())), "ring");
        for (double bad : new double[] {0.0, 0.049, 1.01, -1, Double.NaN}) {
            refused(Code.INVALID_ARGUMENT, () -> rig.await(rings.setLockTarget(SetLockTargetRequest.newBuilder()
                    .setRing(mod).setMonitorFraction(bad).build())), "monitor_fraction", "0.05", "1.0");
        }
        refused(Code.FAILED_PRECONDITION, () -> rig.await(rings.setLockTarget(SetLockTargetRequest.newBuilder()
                .setRing(filter).setMonitorFraction(0.5).build())), "ring", "filter");
        rig.run(20 * MS);
        assertEquals(before, fingerprint(rig.state()));
    }

    @Test
    void relockOfARingWithNoLineIsAFailedPrecondition() {
        // Before the first sweep no ring has a line.
        refused(Code.FAILED_PRECONDITION, () -> rig.await(rings.relock(RingRequest.newBuilder().setRing(0).build())),
                "ring", "no assigned line");
    }
}
