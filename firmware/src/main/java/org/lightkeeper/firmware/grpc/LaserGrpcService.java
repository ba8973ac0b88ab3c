package org.lightkeeper.firmware.grpc;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import org.lightkeeper.api.v1.LaneState;
import org.lightkeeper.api.v1.LaserServiceGrpc;
import org.lightkeeper.api.v1.SetLaneEnabledRequest;
import org.lightkeeper.api.v1.SetLanePowerRequest;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.els.ElsSlotController;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.chip.cmis.ElsfpMap;

/**
 * {@code lightkeeper.v1.LaserService}: operator lane mask and power setpoints. Requests are checked
 * against the board before anything is queued (NOT_FOUND, INVALID_ARGUMENT, FAILED_PRECONDITION);
 * the change itself runs on the firmware's control thread, where readiness is checked again.
 */
final class LaserGrpcService extends LaserServiceGrpc.LaserServiceImplBase {
    private static final int MAX_LANES = 8;
    /** Runs a body on the control thread no earlier than a firmware time. */
    interface Deferrer {
        void defer(long notBeforeNs, Runnable body);
    }

    private final Firmware firmware;
    private final Deferrer later;

    LaserGrpcService(Firmware firmware, Deferrer later) {
        this.firmware = firmware;
        this.later = later;
    }

    @Override
    public void setLaneEnabled(SetLaneEnabledRequest req, StreamObserver<LaneState> response) {
        ElsSlotController c;
        int lane = req.getLane();
        try {
            c = slot(req.getSlot());
            checkLane(req.getSlot(), lane);
            if (req.getEnabled()) {
                checkReady(snapshotSlot(req.getSlot()));
            }
        } catch (RuntimeException e) {
            response.onError(Statuses.toStatus(e));
            return;
        }
        boolean enable = req.getEnabled();
        CompletableFuture<LaneState> done = new CompletableFuture<>();
        firmware.execute(() -> {
            if (enable && !c.moduleReady()) {
                throw Statuses.precondition("slot", "ELS slot " + c.slot() + " is " + c.state()
                        + ", a lane can be enabled only when it is READY or LANES_ENABLED");
            }
            c.setOperatorLane(lane, enable);
            return firmware.clock().nanos();
        }).whenComplete((at, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                // Answer once the ELS loop has written the enables (it does so on its next tick).
                later.defer(at + 2 * Firmware.ELS_PERIOD_NS, () -> done.complete(laneState(c, lane)));
            }
        });
        Statuses.reply(done, response);
    }

    @Override
    public void setLanePower(SetLanePowerRequest req, StreamObserver<LaneState> response) {
        ElsSlotController c;
        int lane = req.getLane();
        double mw = req.getPowerMw();
        try {
            c = slot(req.getSlot());
            checkLane(req.getSlot(), lane);
            if (!(mw >= 0 && mw <= ElsfpMap.POWER_MAX_MW)) {
                throw Statuses.invalid("power_mw", String.format("must be 0 to %.2f mW (register range), got %s",
                        ElsfpMap.POWER_MAX_MW, mw));
            }
            checkReady(snapshotSlot(req.getSlot()));
        } catch (RuntimeException e) {
            response.onError(Statuses.toStatus(e));
            return;
        }
        Statuses.reply(firmware.execute(() -> {
            if (!c.moduleReady()) {
                throw Statuses.precondition("slot", "ELS slot " + c.slot() + " is " + c.state()
                        + ", the power setpoint can be written only when it is READY or LANES_ENABLED");
            }
            c.setPowerSetpointMw(lane, mw);
            return laneState(c, lane);
        }), response);
    }

    private ElsSlotController slot(int slot) {
        for (ElsSlotController c : firmware.slots()) {
            if (c.slot() == slot) {
                return c;
            }
        }
        throw Statuses.notFound("slot", "no ELS slot " + slot + " on this board (slots: " + slotList() + ")");
    }

    private String slotList() {
        StringBuilder b = new StringBuilder();
        for (ElsSlotController c : firmware.slots()) {
            b.append(b.length() == 0 ? "" : ", ").append(c.slot());
        }
        return b.toString();
    }

    private BoardSnapshot.ElsSlot snapshotSlot(int slot) {
        for (BoardSnapshot.ElsSlot s : firmware.snapshot().elsSlots()) {
            if (s.slot() == slot) {
                return s;
            }
        }
        throw Statuses.notFound("slot", "no ELS slot " + slot + " on this board");
    }

    private void checkLane(int slot, int lane) {
        BoardSnapshot.ElsSlot s = snapshotSlot(slot);
        int lanes = s.identity() == null ? MAX_LANES : Math.min(MAX_LANES, s.identity().laneCount());
        if (lane >= lanes) {
            throw Statuses.notFound("lane", "no lane " + lane + " in ELS slot " + slot + " (lanes 0-" + (lanes - 1) + ")");
        }
    }

    private static void checkReady(BoardSnapshot.ElsSlot s) {
        if (!s.present()) {
            throw Statuses.precondition("slot", "ELS slot " + s.slot() + " is empty (ABSENT)");
        }
        if (s.state() != org.lightkeeper.firmware.els.ElsState.READY
                && s.state() != org.lightkeeper.firmware.els.ElsState.LANES_ENABLED) {
            throw Statuses.precondition("slot", "ELS slot " + s.slot() + " is " + s.state()
                    + ", needs READY or LANES_ENABLED");
        }
    }

    /** The lane as the controller has it now; control thread only. */
    private static LaneState laneState(ElsSlotController c, int lane) {
        return ProtoMapper.lane(c.slot(), new BoardSnapshot.Lane(lane, (c.enabledLanes() & 1 << lane) != 0,
                c.laneStatus(lane), c.biasMa(lane), c.powerMw(lane), (c.operatorLanes() & 1 << lane) != 0,
                c.powerSetpointMw(lane), c.laneHealth(lane)));
    }
}
