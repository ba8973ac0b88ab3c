package org.lightkeeper.firmware.state;

import java.util.List;
import org.lightkeeper.firmware.els.ElsIdentity;
import org.lightkeeper.firmware.els.ElsState;
import org.lightkeeper.firmware.ring.RingLockState;
import org.lightkeeper.hal.board.BoardSpec.RingKind;
import org.lightkeeper.hal.chip.cmis.LaneStatus;

/**
 * An immutable picture of the board, published by the telemetry loop and read by the management
 * server and the status line from any thread. The control loops never wait for a reader.
 */
public record BoardSnapshot(long sampledAtNs, double boardTemperatureC, List<ElsSlot> elsSlots, List<Ring> rings,
                            List<LoopStats> loops) {

    public record Lane(int lane, boolean enabled, LaneStatus status, double biasMa, double powerMw) {
    }

    public record ElsSlot(int slot, boolean present, ElsState state, String reason, ElsIdentity identity,
                          double moduleTemperatureC, List<Lane> lanes) {
    }

    public record Ring(int ring, int engine, RingKind kind, String waveguide, int position, RingLockState state,
                       double heaterMw, double heaterMaxMw, int lane, double detuningPm, double monitorUa,
                       long losses, String reason) {
    }

    public record LoopStats(String name, long periodNs, long runs, long overruns, long lastRunNs, long maxRunNs) {
    }

    public long ringsLocked() {
        return rings.stream().filter(r -> r.state() == RingLockState.LOCKED).count();
    }

    /** Largest |detuning| among locked rings, pm; NaN when none is locked. */
    public double worstDetuningPm() {
        return rings.stream().filter(r -> r.state() == RingLockState.LOCKED)
                .mapToDouble(r -> Math.abs(r.detuningPm())).max().orElse(Double.NaN);
    }

    public int lanesLit() {
        int n = 0;
        for (ElsSlot s : elsSlots) {
            for (Lane l : s.lanes()) {
                if (l.status() == LaneStatus.ON) {
                    n++;
                }
            }
        }
        return n;
    }
}
