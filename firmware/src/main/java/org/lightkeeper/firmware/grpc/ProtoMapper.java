package org.lightkeeper.firmware.grpc;

import org.lightkeeper.api.v1.BoardState;
import org.lightkeeper.api.v1.BusBackend;
import org.lightkeeper.api.v1.CmisIdentity;
import org.lightkeeper.api.v1.ElsSlotInventory;
import org.lightkeeper.api.v1.ElsSlotState;
import org.lightkeeper.api.v1.ElsState;
import org.lightkeeper.api.v1.EngineInventory;
import org.lightkeeper.api.v1.Inventory;
import org.lightkeeper.api.v1.LaneState;
import org.lightkeeper.api.v1.LaneStatus;
import org.lightkeeper.api.v1.RingInventory;
import org.lightkeeper.api.v1.RingKind;
import org.lightkeeper.api.v1.RingLockState;
import org.lightkeeper.api.v1.RingState;
import org.lightkeeper.firmware.els.ElsIdentity;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardSpec;

/** Snapshot and board description to the wire types of {@code lightkeeper.v1}. */
final class ProtoMapper {
    private ProtoMapper() {
    }

    static Inventory inventory(BoardSpec spec, String backend, String version, BoardSnapshot snap) {
        Inventory.Builder b = Inventory.newBuilder()
                .setBoardName(spec.name())
                .setBackend(backend(backend))
                .setFirmwareVersion(version);
        for (BoardSnapshot.ElsSlot s : snap.elsSlots()) {
            ElsSlotInventory.Builder sb = ElsSlotInventory.newBuilder().setSlot(s.slot()).setPresent(s.present());
            if (s.identity() != null) {
                sb.setIdentity(identity(s.identity()));
            }
            b.addElsSlots(sb);
        }
        for (BoardSpec.EngineSpec e : spec.engines()) {
            EngineInventory.Builder eb = EngineInventory.newBuilder().setEngine(e.engine());
            for (BoardSpec.RingSpec r : e.rings()) {
                eb.addRings(RingInventory.newBuilder()
                        .setRing(r.id())
                        .setKind(kind(r.kind()))
                        .setWaveguide(r.waveguide())
                        .setPosition(r.position())
                        .setHeaterMaxMw(e.optics().heaterMaxMw()));
            }
            b.addEngines(eb);
        }
        return b.build();
    }

    static BusBackend backend(String backend) {
        return switch (backend) {
            case "sim" -> BusBackend.BUS_BACKEND_SIMULATOR;
            case "pi4j" -> BusBackend.BUS_BACKEND_PI4J;
            case "diozero" -> BusBackend.BUS_BACKEND_DIOZERO;
            case "remote" -> BusBackend.BUS_BACKEND_REMOTE;
            default -> BusBackend.BUS_BACKEND_UNSPECIFIED;
        };
    }

    static CmisIdentity identity(ElsIdentity id) {
        CmisIdentity.Builder b = CmisIdentity.newBuilder()
                .setIdentifier(id.identifier())
                .setVendorName(id.vendorName())
                .setVendorPartNumber(id.partNumber())
                .setVendorSerialNumber(id.serialNumber())
                .setCmisRevision(id.revision())
                .setLaneCount(id.laneCount());
        for (double ghz : id.laneFrequencyGhz()) {
            b.addLaneFrequencyMhz(Math.round(ghz * 1000));
        }
        return b.build();
    }

    static RingKind kind(BoardSpec.RingKind k) {
        return k == BoardSpec.RingKind.MODULATOR ? RingKind.RING_KIND_MODULATOR : RingKind.RING_KIND_FILTER;
    }

    static BoardState state(BoardSnapshot snap) {
        BoardState.Builder b = BoardState.newBuilder()
                .setSampledAtNs(snap.sampledAtNs())
                .setBoardTemperatureC(nanToZero(snap.boardTemperatureC()));
        for (BoardSnapshot.ElsSlot s : snap.elsSlots()) {
            ElsSlotState.Builder sb = ElsSlotState.newBuilder()
                    .setSlot(s.slot())
                    .setState(ElsState.valueOf("ELS_STATE_" + s.state().name()))
                    .setModuleTemperatureC(nanToZero(s.moduleTemperatureC()))
                    .setReason(s.reason())
                    .setBusErrors(s.busErrors())
                    .setBusRetries(s.busRetries())
                    .setOperatorLaneMask(s.operatorLanes());
            for (BoardSnapshot.Lane l : s.lanes()) {
                sb.addLanes(lane(s.slot(), l));
            }
            b.addElsSlots(sb);
        }
        for (BoardSnapshot.Ring r : snap.rings()) {
            b.addRings(ring(r));
        }
        for (org.lightkeeper.firmware.alarm.AlarmFlag f : snap.alarms()) {
            b.addAlarms(flag(f));
        }
        for (BoardSnapshot.LoopStats l : snap.loops()) {
            b.addLoops(org.lightkeeper.api.v1.LoopStats.newBuilder()
                    .setName(l.name())
                    .setPeriodNs(l.periodNs())
                    .setRuns(l.runs())
                    .setOverruns(l.overruns())
                    .setLastRunNs(l.lastRunNs())
                    .setMaxRunNs(l.maxRunNs()));
        }
        for (BoardSnapshot.Engine e : snap.engines()) {
            b.addEngines(org.lightkeeper.api.v1.EngineState.newBuilder()
                    .setEngine(e.engine())
                    .setTracking(e.tracking() == org.lightkeeper.firmware.ring.TrackingPlan.Mode.GRADIENT
                            ? org.lightkeeper.api.v1.TrackingMode.TRACKING_MODE_GRADIENT
                            : org.lightkeeper.api.v1.TrackingMode.TRACKING_MODE_DITHER)
                    .setTrackingReason(e.trackingReason())
                    .setRingsPerTick(e.ringsPerTick())
                    .setRingUpdatePeriodNs(e.ringUpdatePeriodNs())
                    .setFullTickWireNs(e.fullTickWireNs())
                    .setWireAllowanceNs(e.wireAllowanceNs()));
        }
        return b.build();
    }

    static LaneState lane(int slot, BoardSnapshot.Lane l) {
        return LaneState.newBuilder()
                .setSlot(slot)
                .setLane(l.lane())
                .setEnabled(l.enabled())
                .setStatus(switch (l.status()) {
                    case ON -> LaneStatus.LANE_STATUS_ON;
                    case RAMPING -> LaneStatus.LANE_STATUS_RAMPING;
                    default -> LaneStatus.LANE_STATUS_OFF;
                })
                .setBiasMa(l.biasMa())
                .setPowerMw(l.powerMw())
                .setOperatorEnabled(l.operatorEnabled())
                .setPowerSetpointMw(l.powerSetpointMw())
                .setHealth(org.lightkeeper.api.v1.LaneHealth.valueOf("LANE_HEALTH_" + l.health().name()))
                .build();
    }

    static RingState ring(BoardSnapshot.Ring r) {
        return RingState.newBuilder()
                .setRing(r.ring())
                .setLockState(RingLockState.valueOf("RING_LOCK_STATE_" + r.state().name()))
                .setHeaterPowerMw(r.heaterMw())
                .setAssignedLane(r.lane())
                .setDetuningPm(nanToZero(r.detuningPm()))
                .setMonitorUa(r.monitorUa())
                .setLockFraction(r.lockFraction())
                .setKind(kind(r.kind()))
                .setLosses(r.losses())
                .setLineHops(r.lineHops())
                .setEngine(r.engine())
                .build();
    }

    static org.lightkeeper.api.v1.AlarmFlag flag(org.lightkeeper.firmware.alarm.AlarmFlag f) {
        org.lightkeeper.firmware.alarm.Subject s = f.subject();
        org.lightkeeper.api.v1.AlarmSubject.Builder sb = org.lightkeeper.api.v1.AlarmSubject.newBuilder()
                .setQuantity(quantity(s.quantity()));
        if (s.slot() >= 0) {
            sb.setSlot(s.slot());
        }
        if (s.lane() >= 0) {
            sb.setLane(s.lane());
        }
        if (s.ring() >= 0) {
            sb.setRing(s.ring());
        }
        if (s.loop() != null) {
            sb.setLoop(s.loop());
        }
        return org.lightkeeper.api.v1.AlarmFlag.newBuilder()
                .setSubject(sb)
                .setKind(org.lightkeeper.api.v1.FlagKind.valueOf("FLAG_KIND_" + f.kind().name()))
                .setSeverity(org.lightkeeper.api.v1.Severity.valueOf("SEVERITY_" + f.kind().severity().name()))
                .setActive(f.active())
                .setSetAtNs(f.setAtNs())
                .setClearedAtNs(f.clearedAtNs())
                .setChangeCount(f.changeCount())
                .setValue(nanToZero(f.value()))
                .setThreshold(f.threshold())
                .setAcknowledged(f.acknowledged())
                .setAcknowledgedAtNs(f.acknowledgedAtNs())
                .setAcknowledgedBy(f.acknowledgedBy())
                .build();
    }

    static org.lightkeeper.api.v1.Quantity quantity(org.lightkeeper.firmware.alarm.Quantity q) {
        return org.lightkeeper.api.v1.Quantity.valueOf("QUANTITY_" + q.name());
    }

    /** The firmware quantity of a wire quantity; null for UNSPECIFIED or unknown values. */
    static org.lightkeeper.firmware.alarm.Quantity quantity(org.lightkeeper.api.v1.Quantity q) {
        if (q == org.lightkeeper.api.v1.Quantity.QUANTITY_UNSPECIFIED || q == org.lightkeeper.api.v1.Quantity.UNRECOGNIZED) {
            return null;
        }
        return org.lightkeeper.firmware.alarm.Quantity.valueOf(q.name().substring("QUANTITY_".length()));
    }

    static org.lightkeeper.api.v1.Threshold threshold(org.lightkeeper.firmware.alarm.Thresholds t) {
        org.lightkeeper.api.v1.Threshold.Builder b = org.lightkeeper.api.v1.Threshold.newBuilder()
                .setQuantity(quantity(t.quantity()))
                .setHysteresis(t.hysteresis());
        if (!Double.isNaN(t.highAlarm())) {
            b.setHighAlarm(t.highAlarm());
        }
        if (!Double.isNaN(t.highWarning())) {
            b.setHighWarning(t.highWarning());
        }
        if (!Double.isNaN(t.lowWarning())) {
            b.setLowWarning(t.lowWarning());
        }
        if (!Double.isNaN(t.lowAlarm())) {
            b.setLowAlarm(t.lowAlarm());
        }
        return b.build();
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
