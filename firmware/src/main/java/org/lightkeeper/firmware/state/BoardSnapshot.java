package org.lightkeeper.firmware.state;

import java.util.List;
import org.lightkeeper.firmware.alarm.AlarmFlag;
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
                            List<LoopStats> loops, List<AlarmFlag> alarms, List<Engine> engines) {

    /** A snapshot without alarm flags (the control loops publish these; the alarm table adds its flags). */
    public BoardSnapshot(long sampledAtNs, double boardTemperatureC, List<ElsSlot> elsSlots, List<Ring> rings,
                         List<LoopStats> loops) {
        this(sampledAtNs, boardTemperatureC, elsSlots, rings, loops, List.of(), List.of());
    }

    public BoardSnapshot(long sampledAtNs, double boardTemperatureC, List<ElsSlot> elsSlots, List<Ring> rings,
                         List<LoopStats> loops, List<AlarmFlag> alarms) {
        this(sampledAtNs, boardTemperatureC, elsSlots, rings, loops, alarms, List.of());
    }

    /** The same snapshot carrying {@code flags} (the alarm table's latest published flags). */
    public BoardSnapshot withAlarms(List<AlarmFlag> flags) {
        return new BoardSnapshot(sampledAtNs, boardTemperatureC, elsSlots, rings, loops, List.copyOf(flags), engines);
    }

    /** The same snapshot carrying the engines' tracking status. */
    public BoardSnapshot withEngines(List<Engine> e) {
        return new BoardSnapshot(sampledAtNs, boardTemperatureC, elsSlots, rings, loops, alarms, List.copyOf(e));
    }

    /**
     * How an engine tracks its locked rings ({@link org.lightkeeper.firmware.ring.TrackingPlan}).
     *
     * @param ringsPerTick rings read and updated per ring-loop tick in steady tracking
     * @param ringUpdatePeriodNs time between two updates of one ring
     * @param fullTickWireNs SPI wire time of a full dither tick of the engine
     * @param wireAllowanceNs the engine's share of the ring-loop period for SPI wire time
     */
    public record Engine(int engine, org.lightkeeper.firmware.ring.TrackingPlan.Mode tracking, String trackingReason,
                         int ringsPerTick, long ringUpdatePeriodNs, long fullTickWireNs, long wireAllowanceNs) {
    }

    /**
     * @param operatorEnabled  operator permission (management API), ANDed into the enable
     * @param powerSetpointMw  optical power setpoint last written by the operator, mW (0 when never)
     */
    /**
     * @param goingDarkMs how long the lane has been disabled and still not reported off by its module, ms
     *                    (NaN: it is not going dark)
     */
    public record Lane(int lane, boolean enabled, LaneStatus status, double biasMa, double powerMw,
                       boolean operatorEnabled, double powerSetpointMw,
                       org.lightkeeper.firmware.laser.LaneHealth health, double goingDarkMs) {
        public Lane(int lane, boolean enabled, LaneStatus status, double biasMa, double powerMw,
                    boolean operatorEnabled, double powerSetpointMw, org.lightkeeper.firmware.laser.LaneHealth health) {
            this(lane, enabled, status, biasMa, powerMw, operatorEnabled, powerSetpointMw, health, Double.NaN);
        }

        public Lane(int lane, boolean enabled, LaneStatus status, double biasMa, double powerMw,
                    boolean operatorEnabled, double powerSetpointMw) {
            this(lane, enabled, status, biasMa, powerMw, operatorEnabled, powerSetpointMw,
                    org.lightkeeper.firmware.laser.LaneHealth.UNKNOWN);
        }

        public Lane(int lane, boolean enabled, LaneStatus status, double biasMa, double powerMw) {
            this(lane, enabled, status, biasMa, powerMw, true, 0);
        }
    }

    /**
     * @param busErrors failed transactions with the module since start (a counter)
     * @param busRetries NAKs and timeouts with the module that a retry recovered, while it was up (a counter)
     */
    public record ElsSlot(int slot, boolean present, ElsState state, String reason, ElsIdentity identity,
                          double moduleTemperatureC, List<Lane> lanes, long busErrors, int operatorLanes,
                          long busRetries) {
        public ElsSlot(int slot, boolean present, ElsState state, String reason, ElsIdentity identity,
                       double moduleTemperatureC, List<Lane> lanes) {
            this(slot, present, state, reason, identity, moduleTemperatureC, lanes, 0, 0xFF, 0);
        }
    }

    /**
     * @param lockFraction monitor fraction of peak the ring locks at (1 for filters)
     * @param lineHops     times the ring moved to another lane with its waveguide (line hop); {@code lane} is the current one
     */
    public record Ring(int ring, int engine, RingKind kind, String waveguide, int position, RingLockState state,
                       double heaterMw, double heaterMaxMw, int lane, double detuningPm, double monitorUa,
                       long losses, String reason, double lockFraction, long lineHops) {
        public Ring(int ring, int engine, RingKind kind, String waveguide, int position, RingLockState state,
                    double heaterMw, double heaterMaxMw, int lane, double detuningPm, double monitorUa,
                    long losses, String reason, double lockFraction) {
            this(ring, engine, kind, waveguide, position, state, heaterMw, heaterMaxMw, lane, detuningPm, monitorUa,
                    losses, reason, lockFraction, 0);
        }

        public Ring(int ring, int engine, RingKind kind, String waveguide, int position, RingLockState state,
                    double heaterMw, double heaterMaxMw, int lane, double detuningPm, double monitorUa,
                    long losses, String reason) {
            this(ring, engine, kind, waveguide, position, state, heaterMw, heaterMaxMw, lane, detuningPm, monitorUa,
                    losses, reason, 1.0);
        }
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
