package org.lightkeeper.firmware.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.lightkeeper.api.v1.LaneConfig;
import org.lightkeeper.api.v1.ManagementConfig;
import org.lightkeeper.api.v1.RingConfig;
import org.lightkeeper.api.v1.SetThresholdRequest;
import org.lightkeeper.api.v1.Threshold;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.alarm.AlarmTable;
import org.lightkeeper.firmware.alarm.Thresholds;
import org.lightkeeper.firmware.els.ElsSlotController;
import org.lightkeeper.firmware.els.ElsState;
import org.lightkeeper.firmware.ring.EngineLock;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardSpec.RingKind;
import org.lightkeeper.hal.chip.cmis.ElsfpMap;

/**
 * The operator configuration (lane permissions, power setpoints, modulator lock targets, alarm
 * thresholds): read from the published state, restored all or nothing. Every entry is validated
 * before anything changes; the changes then run in one command on the control thread, power
 * setpoints (the only bus writes, the only step that can fail) first.
 */
final class ConfigRestore {
    private final Firmware firmware;
    private final AlarmTable alarms;

    ConfigRestore(Firmware firmware, AlarmTable alarms) {
        this.firmware = firmware;
        this.alarms = alarms;
    }

    ManagementConfig current() {
        BoardSnapshot s = firmware.snapshot();
        ManagementConfig.Builder b = ManagementConfig.newBuilder();
        for (BoardSnapshot.ElsSlot e : s.elsSlots()) {
            for (BoardSnapshot.Lane l : e.lanes()) {
                LaneConfig.Builder lc = LaneConfig.newBuilder().setSlot(e.slot()).setLane(l.lane())
                        .setOperatorEnabled(l.operatorEnabled());
                if (l.powerSetpointMw() > 0) {
                    lc.setPowerSetpointMw(l.powerSetpointMw());
                }
                b.addLanes(lc);
            }
        }
        for (BoardSnapshot.Ring r : s.rings()) {
            if (r.kind() == RingKind.MODULATOR) {
                b.addRings(RingConfig.newBuilder().setRing(r.ring()).setLockFraction(r.lockFraction()));
            }
        }
        for (Thresholds t : alarms.thresholds()) {
            b.addThresholds(ProtoMapper.threshold(t));
        }
        return b.build();
    }

    private record LaneChange(ElsSlotController slot, int lane, boolean enabled, double setpointMw) {
    }

    private record RingChange(EngineLock engine, int index, double fraction) {
    }

    /** Validates everything, then applies on the control thread; completes with the configuration after. */
    CompletableFuture<ManagementConfig> restore(ManagementConfig c) {
        List<LaneChange> lanes = new ArrayList<>();
        List<RingChange> rings = new ArrayList<>();
        List<Thresholds> thresholds = new ArrayList<>();
        BoardSnapshot snap = firmware.snapshot();
        for (int i = 0; i < c.getLanesCount(); i++) {
            LaneConfig l = c.getLanes(i);
            String at = "lanes[" + i + "].";
            ElsSlotController slot = firmware.slots().stream().filter(x -> x.slot() == l.getSlot()).findFirst()
                    .orElseThrow(() -> Statuses.notFound(at + "slot", "no ELS slot " + l.getSlot() + " on this board"));
            BoardSnapshot.ElsSlot s = snap.elsSlots().stream().filter(x -> x.slot() == l.getSlot()).findFirst().orElseThrow();
            int count = s.identity() == null ? 8 : Math.min(8, s.identity().laneCount());
            if (l.getLane() >= count) {
                throw Statuses.notFound(at + "lane", "no lane " + l.getLane() + " (lanes 0-" + (count - 1) + ")");
            }
            double mw = Double.NaN;
            if (l.hasPowerSetpointMw()) {
                mw = l.getPowerSetpointMw();
                if (!(mw >= 0 && mw <= ElsfpMap.POWER_MAX_MW)) {
                    throw Statuses.invalid(at + "power_setpoint_mw", String.format(
                            "must be 0 to %.2f mW (register range), got %s", ElsfpMap.POWER_MAX_MW, mw));
                }
                if (s.state() != ElsState.READY && s.state() != ElsState.LANES_ENABLED) {
                    throw Statuses.precondition(at + "power_setpoint_mw", "ELS slot " + s.slot() + " is " + s.state()
                            + ", a setpoint can be written only when it is READY or LANES_ENABLED");
                }
            }
            lanes.add(new LaneChange(slot, l.getLane(), l.getOperatorEnabled(), mw));
        }
        for (int i = 0; i < c.getRingsCount(); i++) {
            RingConfig r = c.getRings(i);
            String at = "rings[" + i + "].";
            RingChange found = null;
            for (EngineLock e : firmware.engines()) {
                for (int k = 0; k < e.ringCount(); k++) {
                    if (e.ringId(k) == r.getRing()) {
                        found = new RingChange(e, k, r.getLockFraction());
                    }
                }
            }
            if (found == null) {
                throw Statuses.notFound(at + "ring", "no ring " + r.getRing() + " on this board");
            }
            double f = r.getLockFraction();
            if (!(f >= RingGrpcService.MIN_FRACTION && f <= RingGrpcService.MAX_FRACTION)) {
                throw Statuses.invalid(at + "lock_fraction", "must be " + RingGrpcService.MIN_FRACTION + " to "
                        + RingGrpcService.MAX_FRACTION + ", got " + f);
            }
            if (found.engine().kind(found.index()) != RingKind.MODULATOR) {
                throw Statuses.precondition(at + "ring", "ring " + r.getRing() + " is a filter: it locks on the peak");
            }
            rings.add(found);
        }
        for (int i = 0; i < c.getThresholdsCount(); i++) {
            Threshold t = c.getThresholds(i);
            try {
                thresholds.add(AlarmGrpcService.thresholds(SetThresholdRequest.newBuilder().setThreshold(t).build()));
            } catch (StatusRuntimeException e) {
                throw Status.INVALID_ARGUMENT.withDescription(String.valueOf(e.getStatus().getDescription())
                        .replaceFirst("^threshold", "thresholds[" + i + "]")).asRuntimeException();
            }
        }
        return firmware.execute(() -> {
            for (LaneChange l : lanes) {
                if (!Double.isNaN(l.setpointMw()) && !l.slot().moduleReady()) {
                    throw Statuses.precondition("lanes", "ELS slot " + l.slot().slot() + " is " + l.slot().state()
                            + ", setpoints can be written only when it is READY or LANES_ENABLED");
                }
            }
            for (LaneChange l : lanes) {
                if (!Double.isNaN(l.setpointMw())) {
                    l.slot().setPowerSetpointMw(l.lane(), l.setpointMw());
                }
            }
            for (LaneChange l : lanes) {
                l.slot().setOperatorLane(l.lane(), l.enabled());
            }
            for (RingChange r : rings) {
                r.engine().setLockFraction(r.index(), r.fraction());
            }
            thresholds.forEach(alarms::setThresholds);
            return null;
        }).thenApply(x -> {
            // Read back from the controllers' state as the control thread left it (setpoints, masks, targets).
            ManagementConfig.Builder b = current().toBuilder();
            for (LaneChange l : lanes) {
                for (int i = 0; i < b.getLanesCount(); i++) {
                    LaneConfig lc = b.getLanes(i);
                    if (lc.getSlot() == l.slot().slot() && lc.getLane() == l.lane()) {
                        LaneConfig.Builder nb = lc.toBuilder().setOperatorEnabled(l.enabled());
                        if (!Double.isNaN(l.setpointMw())) {
                            nb.setPowerSetpointMw(l.setpointMw());
                        }
                        b.setLanes(i, nb);
                    }
                }
            }
            for (RingChange r : rings) {
                for (int i = 0; i < b.getRingsCount(); i++) {
                    if (b.getRings(i).getRing() == r.engine().ringId(r.index())) {
                        b.setRings(i, b.getRings(i).toBuilder().setLockFraction(r.fraction()));
                    }
                }
            }
            return b.build();
        });
    }
}
