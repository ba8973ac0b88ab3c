package org.lightkeeper.firmware;

import java.util.ArrayList;
import java.util.List;
import org.lightkeeper.firmware.els.ElsSlotController;
import org.lightkeeper.firmware.els.ElsState;
import org.lightkeeper.firmware.loop.LoopScheduler;
import org.lightkeeper.firmware.ring.EngineLock;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;

/** Turns the controllers' live state into an immutable {@link BoardSnapshot} (telemetry loop only). */
final class SnapshotBuilder {
    private SnapshotBuilder() {
    }

    static BoardSnapshot build(long now, double boardC, List<ElsSlotController> slots, List<EngineLock> engines,
                               List<LoopScheduler.Loop> loops) {
        List<BoardSnapshot.ElsSlot> els = new ArrayList<>();
        for (ElsSlotController c : slots) {
            List<BoardSnapshot.Lane> lanes = new ArrayList<>();
            for (int l = 0; l < 8; l++) {
                long dark = c.laneGoingDarkForNs(l, now);
                lanes.add(new BoardSnapshot.Lane(l, (c.enabledLanes() & (1 << l)) != 0, c.laneStatus(l), c.biasMa(l),
                        c.powerMw(l), (c.operatorLanes() & (1 << l)) != 0, c.powerSetpointMw(l), c.laneHealth(l),
                        dark < 0 ? Double.NaN : dark / 1e6));
            }
            els.add(new BoardSnapshot.ElsSlot(c.slot(), c.state() != ElsState.ABSENT, c.state(), c.reason(),
                    c.identity(), c.moduleTemperatureC(), List.copyOf(lanes), c.busErrors(), c.operatorLanes(), c.busRetries()));
        }
        List<BoardSnapshot.Ring> rings = new ArrayList<>();
        for (EngineLock e : engines) {
            for (int i = 0; i < e.ringCount(); i++) {
                RingSpec r = e.spec().rings().get(i);
                rings.add(new BoardSnapshot.Ring(r.id(), e.spec().engine(), r.kind(), r.waveguide(), r.position(),
                        e.state(i), e.heaterMw(i), e.spec().optics().heaterMaxMw(), e.lane(i), e.detuningPm(i),
                        e.monitorMa(i) * 1000, e.losses(i), e.why(i), e.lockFraction(i), e.hops(i)));
            }
        }
        List<BoardSnapshot.LoopStats> stats = new ArrayList<>();
        for (LoopScheduler.Loop l : loops) {
            stats.add(new BoardSnapshot.LoopStats(l.name, l.periodNs, l.runs(), l.overruns(), l.lastRunNs(), l.maxRunNs()));
        }
        long ringPeriodNs = 0;
        for (LoopScheduler.Loop l : loops) {
            ringPeriodNs = l.name.equals("rings") ? l.periodNs : ringPeriodNs;
        }
        List<BoardSnapshot.Engine> tracking = new ArrayList<>();
        for (EngineLock e : engines) {
            org.lightkeeper.firmware.ring.TrackingPlan p = e.trackingPlan();
            tracking.add(new BoardSnapshot.Engine(e.spec().engine(), p.mode(), p.reason(), p.groupSize(),
                    p.servicePeriodNs(ringPeriodNs), p.fullTickWireNs(), p.allowanceNs()));
        }
        return new BoardSnapshot(now, boardC, List.copyOf(els), List.copyOf(rings), List.copyOf(stats)).withEngines(tracking);
    }
}
