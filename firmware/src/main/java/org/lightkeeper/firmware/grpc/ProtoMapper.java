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
                .setBackend(switch (backend) {
                    case "sim" -> BusBackend.BUS_BACKEND_SIMULATOR;
                    case "pi4j" -> BusBackend.BUS_BACKEND_PI4J;
                    case "diozero" -> BusBackend.BUS_BACKEND_DIOZERO;
                    default -> BusBackend.BUS_BACKEND_UNSPECIFIED;
                })
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
                    .setReason(s.reason());
            for (BoardSnapshot.Lane l : s.lanes()) {
                sb.addLanes(LaneState.newBuilder()
                        .setLane(l.lane())
                        .setEnabled(l.enabled())
                        .setStatus(switch (l.status()) {
                            case ON -> LaneStatus.LANE_STATUS_ON;
                            case RAMPING -> LaneStatus.LANE_STATUS_RAMPING;
                            default -> LaneStatus.LANE_STATUS_OFF;
                        })
                        .setBiasMa(l.biasMa())
                        .setPowerMw(l.powerMw()));
            }
            b.addElsSlots(sb);
        }
        for (BoardSnapshot.Ring r : snap.rings()) {
            b.addRings(RingState.newBuilder()
                    .setRing(r.ring())
                    .setLockState(RingLockState.valueOf("RING_LOCK_STATE_" + r.state().name()))
                    .setHeaterPowerMw(r.heaterMw())
                    .setAssignedLane(r.lane())
                    .setDetuningPm(nanToZero(r.detuningPm()))
                    .setMonitorUa(r.monitorUa()));
        }
        return b.build();
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
