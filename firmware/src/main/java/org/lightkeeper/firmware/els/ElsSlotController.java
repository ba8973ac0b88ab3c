package org.lightkeeper.firmware.els;

import java.util.ArrayList;
import java.util.List;
import org.lightkeeper.hal.board.BoardSpec.ElsSlotSpec;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.firmware.laser.LaneHealth;
import org.lightkeeper.firmware.laser.LanePowerLoop;
import org.lightkeeper.hal.chip.cmis.CmisModule;
import org.lightkeeper.hal.chip.cmis.ControlMode;
import org.lightkeeper.hal.chip.cmis.ElsfpMap;
import org.lightkeeper.hal.chip.cmis.CmisModuleState;
import org.lightkeeper.hal.chip.cmis.LaneStatus;

/**
 * Brings one ELS slot from empty to lit lanes and watches it (DESIGN.md section 3): a non-blocking
 * state machine stepped by the ELS loop, with a deadline per waiting state and a retry count
 * (FAILED after {@link #MAX_TRIES}). Removal at any point goes straight to ABSENT with every lane
 * marked dark. Lane enables are only ever written as {@code requested & allowed & operator}, where the
 * allowed mask comes from the laser interlock and the operator mask from the management API.
 */
public final class ElsSlotController {
    /** Bring-up attempts (each a reset pulse) before the slot is FAILED. */
    public static final int MAX_TRIES = 3;
    /** Management interface must answer within this after ResetL release (CMIS 5.x MgmtInit, 2 s max). */
    static final long INIT_DEADLINE_NS = 2_000_000_000L;
    /** LowPwr to Ready: ELSFP modules advertise up to seconds; allow 10 s. */
    static final long READY_DEADLINE_NS = 10_000_000_000L;
    static final int LANES = 8;
    /**
     * While a module is in MgmtInit (NAKing), ask again this often rather than every tick. (1 ms was tried:
     * no earlier ModuleReady on either board, the first answer fell on the same ELS tick, and the NAKed
     * polls, retried by the bus layer, overran the 500 us ELS loop 25 times in a devkit start instead of 9.)
     */
    static final long INIT_POLL_NS = 5_000_000L;
    /** Steady state: presence (ModPrsL) is read every this many ticks; the others serve the module. */
    public static final int PRESENCE_EVERY_TICKS = 4;
    /** Steady-state service rotation: presence, module state, lane states, bias, presence, power, lane states, next lane. */
    static final int ROTATION = 8;
    /**
     * After a lane-enable write the lane states take every slot of the rotation but presence and module
     * state until they agree with the enables (a lane ramping on, one not yet reported off), for at most
     * this long: the calibration sweep waits for exactly that report at each lane gate, and the rotation's
     * two slots in eight saw it up to 2 ms late on the devkit, 16 ms on ref-51t2 (8 slots round robin).
     * Twice the longest lane ramp the simulated modules are given by default (50 ms, ElsfpProfile), so a
     * lane that never comes on does not keep the monitors unread for long.
     */
    static final long LANE_WATCH_NS = 100_000_000L;
    /**
     * A disabled lane the module still reports lit (lane state RAMPING or ON) this long after the enable
     * write is a fault: said in the slot's reason and log, counted ({@link #laneOffOverdue}); the lane
     * stays going dark (the calibration sweep does not take it for dark, and gives up at its own gate
     * timeout, 1 s). Ten times the longest lane ramp the simulated modules are given by default (50 ms,
     * ElsfpProfile); no module figure for turning a lane off is known here (assumed).
     */
    static final long LANE_OFF_DEADLINE_NS = 500_000_000L;

    private final ElsSlotSpec spec;
    private final SidebandExpander sideband;
    private final CmisModule module;
    private ElsState state = ElsState.ABSENT;
    private String reason = "not yet polled";
    private long deadline;
    private int tries;
    private ElsIdentity identity;
    private int requestedLanes;
    private int allowedLanes;
    private int operatorLanes = 0xFF;
    private final double[] powerSetpointMw = new double[LANES];
    private final LanePowerLoop[] loops = new LanePowerLoop[LANES];
    private final double[] pendingBiasMa = new double[LANES];
    /** The board file asks the firmware to close the power loops (ACC) rather than the module (APC). */
    private final boolean acc;
    private boolean accEngaged;
    private int accPrimed;
    private int enabledLanes;
    private int onLanes;
    /**
     * Lanes disabled that the module does not yet report off (lane state RAMPING or ON): still lit. Set
     * by the enable write that disables them, cleared by the lane state read that says OFF, never by the
     * write alone: a module slow to turn a lane off keeps light on it meanwhile.
     */
    private int goingDark;
    /** Whether the lanes going dark now have been reported overdue ({@link #LANE_OFF_DEADLINE_NS}). */
    private boolean offOverdueSaid;
    /** Per lane: when its disable was written (or, adopted, first seen going dark), while it is going dark. */
    private final long[] offWrittenAt = new long[LANES];
    private long laneOffOverdue;
    private double moduleTemperatureC = Double.NaN;
    private final double[] biasMa = new double[LANES];
    private final double[] powerMw = new double[LANES];
    /**
     * Per lane, the bias and power last read while it was on (NaN: not yet, for this module). A lane
     * switched back on takes these until it is read again: its monitors read while it was off say
     * nothing of it on, and the calibration sweep's coded lane sets switch lanes off and on again within
     * tens of ms, quicker than the 100 ms alarm loop sees (it took a lane on again after 52 ms off, with
     * the bias read while it was off, for a lane on 200 ms with no bias: LOW_ALARM).
     */
    private final double[] onBiasMa = new double[LANES];
    private final double[] onPowerMw = new double[LANES];
    private final LaneStatus[] laneStatus = new LaneStatus[LANES];
    private long busErrors;
    private java.util.function.LongSupplier retries = () -> 0;
    /** Retries while the module is up; those during MgmtInit and power-up (it NAKs by design) are not errors. */
    private long steadyRetries;
    private long lastRetries;
    /** The module (vendor, NUL, serial) whose lanes' beginning-of-life bias is in {@link #bolKnown}. */
    private String bolOwner;
    private final double[] bolKnown = new double[LANES];
    private long ticks;
    private int monitorLane;
    private int idStep;
    private long nextPoll;
    private int idRevision;
    private String idVendor;
    private String idPart;
    private String idSerial;
    private final List<String> transitions = new ArrayList<>();
    /** When the lane enables were last written (see {@link #LANE_WATCH_NS}). */
    private long enablesWrittenAt = Long.MIN_VALUE / 2;
    /** LPMode and LowPwrRequestSW released at this time during identification (the module powers up meanwhile); -1 not yet. */
    private long releasedAt = -1;
    /** Warm restart: try to take a running module as it is at first contact (set before the first tick). */
    private boolean adoptAtFirstContact;
    private boolean adopting;
    private int adoptStep;
    /** The module was taken running at restart and has not been dark since: its lanes were never toggled. */
    private boolean adopted;
    /** Operator power setpoints (configuration) written to the module whenever it is up; NaN: none. */
    private final double[] configuredSetpointMw = new double[LANES];

    public ElsSlotController(ElsSlotSpec spec, SidebandExpander sideband, CmisModule module) {
        for (int lane = 0; lane < LANES; lane++) {
            loops[lane] = new LanePowerLoop();
            pendingBiasMa[lane] = Double.NaN;
            configuredSetpointMw[lane] = Double.NaN;
            onBiasMa[lane] = Double.NaN;
            onPowerMw[lane] = Double.NaN;
        }
        this.acc = spec.firmwarePowerLoop();
        this.spec = spec;
        this.sideband = sideband;
        this.module = module;
        java.util.Arrays.fill(laneStatus, LaneStatus.OFF);
    }

    public int slot() {
        return spec.slot();
    }

    public ElsState state() {
        return state;
    }

    public String reason() {
        return reason;
    }

    public ElsIdentity identity() {
        return identity;
    }

    /** Lanes the control loops want lit (the interlock may allow fewer). */
    public void requestLanes(int mask) {
        requestedLanes = mask & 0xFF;
    }

    public int requestedLanes() {
        return requestedLanes;
    }

    /** Lanes that are to be lit: requested by the loops, allowed by the interlock and by the operator. */
    public int wantedLanes() {
        return requestedLanes & allowedLanes & operatorLanes;
    }

    /** Lanes the interlock allows right now; enables beyond it are dropped on the next tick. */
    public void allowLanes(int mask) {
        allowedLanes = mask & 0xFF;
    }

    /**
     * Lanes the operator allows (management API). ANDed into every enable write, so it can only
     * narrow what the control loops request and the interlock allows; it never lights a lane on its own.
     */
    public void setOperatorLanes(int mask) {
        operatorLanes = mask & 0xFF;
    }

    /** Allows or forbids one lane, leaving the operator's other lanes as they are (see {@link #setOperatorLanes}). */
    public void setOperatorLane(int lane, boolean allowed) {
        int bit = 1 << lane;
        setOperatorLanes(allowed ? operatorLanes | bit : operatorLanes & ~bit);
    }

    public int operatorLanes() {
        return operatorLanes;
    }

    /** Writes lane {@code lane}'s optical power setpoint (page 1Bh) now; control thread only. */
    public void setPowerSetpointMw(int lane, double mW) {
        module.setPowerSetpointMw(lane, mW);
        loops[lane].setpointChanged(powerSetpointMw[lane], mW);
        powerSetpointMw[lane] = mW;
        configuredSetpointMw[lane] = mW;
    }

    /**
     * The operator's setpoint from the stored configuration: written to the module (by the lane
     * rotation) whenever the module is up and holds another, including a module inserted later.
     */
    public void restorePowerSetpointMw(int lane, double mW) {
        configuredSetpointMw[lane] = mW;
    }

    /** The operator's configured setpoint for {@code lane}, mW; NaN when none was set. */
    public double configuredSetpointMw(int lane) {
        return configuredSetpointMw[lane];
    }

    /**
     * Warm restart (DESIGN.md section 6): at first contact, a module found out of reset with LPMode low
     * (per the expander's registers, read by {@link SidebandExpander#adopt}) is identified and, if
     * ModuleReady, taken as it is: its lane enables become this controller's, nothing is reset and no
     * lane toggled. Anything else falls back to the normal bring-up. Before the first tick only.
     */
    public void adoptAtFirstContact() {
        adoptAtFirstContact = true;
    }

    /** True when the module was taken running at restart and has not gone dark since. */
    public boolean adoptedRunning() {
        return adopted;
    }

    /** The setpoint last written through {@link #setPowerSetpointMw}, mW; 0 when never set. */
    public double powerSetpointMw(int lane) {
        return powerSetpointMw[lane];
    }

    public int enabledLanes() {
        return enabledLanes;
    }

    /** Lanes the module reports fully on (ramp finished). */
    public int onLanes() {
        return onLanes;
    }

    /**
     * Lanes disabled that the module has not yet reported off (lane state RAMPING or ON, ELSFP page 1Ah
     * bytes 221-222): they may still carry light. A lane is dark once the module says so, not once its
     * enable bit is written.
     */
    public int lanesGoingDark() {
        return goingDark;
    }

    private void markOffWritten(int lanes, long now) {
        for (int lane = 0; lane < LANES; lane++) {
            if ((lanes & (1 << lane)) != 0) {
                offWrittenAt[lane] = now;
            }
        }
    }

    /**
     * How long {@code lane} has been disabled and still not reported off at {@code now} (ns), or -1 if it
     * is not going dark: the LANE_OFF_OVERDUE alarm's value.
     */
    public long laneGoingDarkForNs(int lane, long now) {
        return (goingDark & (1 << lane)) == 0 ? -1 : Math.max(0, now - offWrittenAt[lane]);
    }

    /** Times lanes disabled were still reported lit {@link #LANE_OFF_DEADLINE_NS} after the write (a counter). */
    public long laneOffOverdue() {
        return laneOffOverdue;
    }

    public LaneStatus laneStatus(int lane) {
        return laneStatus[lane];
    }

    public double biasMa(int lane) {
        return biasMa[lane];
    }

    public double powerMw(int lane) {
        return powerMw[lane];
    }

    public double moduleTemperatureC() {
        return moduleTemperatureC;
    }

    /** Transactions with the module that failed (after the bus layer's retries) since start. */
    public long busErrors() {
        return busErrors;
    }

    /**
     * NAKs and timeouts with the module that the bus layer recovered by retrying, while the module was up
     * (it NAKs by design while it boots): a rising rate is trouble coming, alarmed as BUS_RETRIES before
     * a transaction fails.
     */
    public long busRetries() {
        return steadyRetries;
    }

    /** Where the retried transactions with this slot's module are counted (the board's retrying bus). */
    public void countRetriesFrom(java.util.function.LongSupplier retries) {
        this.retries = retries;
    }

    /** True when the module is up and may carry light (READY or lanes enabled). */
    public boolean moduleReady() {
        return state == ElsState.READY || state == ElsState.LANES_ENABLED;
    }

    public List<String> transitions() {
        return List.copyOf(transitions);
    }

    private void go(ElsState next, String why, long now) {
        transitions.add(String.format("%.6f s slot %d %s -> %s: %s", now / 1e9, spec.slot(), state, next, why));
        state = next;
        reason = why;
    }

    /** ResetL and LPMode of this slot only; the expander keeps the other slots' pins as they are. */
    private void drive(boolean resetAsserted, boolean lowPower) {
        sideband.drive(spec.lpModePin(), lowPower);
        sideband.drive(spec.resetPin(), !resetAsserted);
    }

    /** One step of the slot's state machine; bus errors are counted and the step tried again next tick. */
    public void tick(long now) {
        ticks++;
        long r = retries.getAsLong();
        if (state == ElsState.READY || state == ElsState.LANES_ENABLED) {
            steadyRetries += r - lastRetries;
        }
        lastRetries = r;
        try {
            step(now);
        } catch (BusException e) {
            busErrors++;
            reason = "bus error: " + e.getMessage();
            if (state != ElsState.ABSENT && now > deadline && deadline != 0) {
                retry(now, "deadline passed with bus errors: " + e.getMessage());
            }
        }
    }

    private void step(long now) {
        boolean steady = state == ElsState.READY || state == ElsState.LANES_ENABLED;
        // In steady state presence is polled every PRESENCE_EVERY_TICKS ticks, so each tick costs one or
        // two I2C transactions and never holds up the ring loop for long (DESIGN.md section 3, bus budget).
        if (!steady || ticks % PRESENCE_EVERY_TICKS == 0) {
            int inputs = sideband.readInputs();
            boolean present = (inputs & (1 << spec.presentPin())) == 0; // ModPrsL is active low
            if (!present) {
                if (state != ElsState.ABSENT) {
                    markDark();
                    identity = null;
                    tries = 0;
                    go(ElsState.ABSENT, "module removed (ModPrsL high)", now);
                }
                return;
            }
            if (steady) {
                applyEnables(now);
                return;
            }
        }
        switch (state) {
            case ABSENT -> {
                if (adoptAtFirstContact) {
                    adoptAtFirstContact = false;
                    if (sideband.isOutput(spec.resetPin()) && sideband.drivesHigh(spec.resetPin())
                            && sideband.isOutput(spec.lpModePin()) && !sideband.drivesHigh(spec.lpModePin())) {
                        adopting = true;
                        adoptStep = 0;
                        idStep = 0;
                        deadline = now + INIT_DEADLINE_NS;
                        go(ElsState.RESET_RELEASED, "restart: module found out of reset with LPMode low; "
                                + "reading its identity to adopt it", now);
                        return;
                    }
                    transitions.add(String.format("%.6f s slot %d: restart: module not adoptable (ResetL %s, LPMode %s); "
                            + "bringing it up from reset", now / 1e9, spec.slot(), pinState(spec.resetPin()),
                            pinState(spec.lpModePin())));
                }
                drive(true, true);
                deadline = 0;
                go(ElsState.PRESENT, "module inserted; holding reset, LPMode high", now);
            }
            case PRESENT -> {
                drive(false, true);
                releasedAt = -1;
                tries++;
                deadline = now + INIT_DEADLINE_NS;
                go(ElsState.RESET_RELEASED, "reset released (try " + tries + " of " + MAX_TRIES + ")", now);
            }
            case RESET_RELEASED -> identify(now);
            case IDENTIFIED -> {
                if (adopting) {
                    adopt(now);
                    return;
                }
                if (releasedAt >= 0) {
                    // Released as soon as the identifier said ELSFP: it has been powering up since.
                    deadline = releasedAt + READY_DEADLINE_NS;
                    go(ElsState.LOW_POWER, String.format("LPMode released at identification (%.1f ms ago), "
                            + "waiting for ModuleReady", (now - releasedAt) / 1e6), now);
                    return;
                }
                CmisModuleState ms = module.moduleState();
                if (ms == CmisModuleState.LOW_PWR) {
                    module.setLowPowerRequest(false);
                    drive(false, false);
                    deadline = now + READY_DEADLINE_NS;
                    go(ElsState.LOW_POWER, "module in ModuleLowPwr; LPMode released, waiting for ModuleReady", now);
                } else if (now > deadline) {
                    retry(now, "module state " + ms + " instead of ModuleLowPwr");
                }
            }
            case LOW_POWER -> {
                CmisModuleState ms = module.moduleState();
                if (ms == CmisModuleState.READY) {
                    deadline = 0;
                    tries = 0;
                    go(ElsState.READY, "ModuleReady", now);
                } else if (ms == CmisModuleState.FAULT) {
                    retry(now, "module reports ModuleFault");
                } else if (now > deadline) {
                    retry(now, "ModuleReady not reached in " + READY_DEADLINE_NS / 1_000_000 + " ms (state " + ms + ")");
                }
            }
            case READY, LANES_ENABLED -> serviceLanes(now);
            case FAILED -> { }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /**
     * Reads the module's identity one field a tick (each a page select and a read at most), so the
     * ELS loop never holds the bus long; while the module is still in MgmtInit (it NAKs) it is asked
     * again only every {@link #INIT_POLL_NS}.
     */
    private void identify(long now) {
        if (now < nextPoll) {
            return;
        }
        try {
            switch (idStep) {
                case 0 -> {
                    int id = module.identifier();
                    if (id != 0x22) {
                        markDark();
                        go(ElsState.FAILED, String.format("identifier 0x%02X is not an ELSFP module (0x22)", id), now);
                        return;
                    }
                    idRevision = module.revision();
                }
                case 1 -> {
                    // An ELSFP module: let it power up (ModuleLowPwr -> ModulePwrUp, CMIS 5 section 6.3.2,
                    // the module's own 200 ms on the simulated one) while the rest of its identity is read,
                    // rather than after. Not a module being adopted: that one is running as it is.
                    if (!adopting && releasedAt < 0) {
                        module.setLowPowerRequest(false);
                        drive(false, false);
                        releasedAt = now;
                    }
                }
                case 2 -> idVendor = module.vendorName();
                case 3 -> idPart = module.vendorPartNumber();
                case 4 -> idSerial = module.vendorSerialNumber();
                default -> {
                    double[] f = module.laneFrequencyGhz();
                    List<Double> freqs = new ArrayList<>();
                    for (double v : f) {
                        freqs.add(v);
                    }
                    ElsIdentity found = new ElsIdentity(0x22, idRevision, idVendor, idPart, idSerial, module.laneCount(),
                            List.copyOf(freqs));
                    identity = found;
                    for (int lane = 0; lane < LANES; lane++) {
                        resetLoop(lane); // the calibrated beginning of life, if this is that module
                    }
                    idStep = 0;
                    go(ElsState.IDENTIFIED, "ELSFP " + found.vendorName() + " " + found.partNumber() + " s/n "
                            + found.serialNumber(), now);
                    return;
                }
            }
            idStep++;
        } catch (BusException e) {
            // MgmtInit: the module may NAK until its management interface is up.
            idStep = 0;
            nextPoll = now + INIT_POLL_NS;
            if (now > deadline) {
                retry(now, "no answer on CMIS management interface: " + e.getMessage());
            }
        }
    }

    private String pinState(int pin) {
        return !sideband.isOutput(pin) ? "an input" : sideband.drivesHigh(pin) ? "driven high" : "driven low";
    }

    /**
     * Adoption after identification, one transaction a tick: module state, lane enables, lane states,
     * then (ACC boards) the control mode. A module not in ModuleReady continues the normal bring-up
     * from IDENTIFIED (no reset needed for that).
     */
    private void adopt(long now) {
        switch (adoptStep++) {
            case 0 -> {
                CmisModuleState ms = module.moduleState();
                if (ms != CmisModuleState.READY) {
                    adopting = false;
                    transitions.add(String.format("%.6f s slot %d: restart: module is %s, not ModuleReady; "
                            + "continuing its bring-up", now / 1e9, spec.slot(), ms));
                }
            }
            case 1 -> {
                int mask = module.laneEnables() & 0xFF;
                enabledLanes = mask;
                requestedLanes = mask; // kept lit until the engines say otherwise
            }
            case 2 -> {
                module.laneStatuses(laneStatus);
                int on = 0;
                for (int lane = 0; lane < LANES; lane++) {
                    if (laneStatus[lane] == LaneStatus.ON) {
                        on |= 1 << lane;
                    }
                }
                onLanes = on & enabledLanes;
                markOffWritten(notOff() & ~enabledLanes & ~goingDark, now);
                goingDark = notOff() & ~enabledLanes;
                if (!acc) {
                    finishAdoption(now);
                }
            }
            default -> {
                if (module.controlMode() == ControlMode.ACC) {
                    accEngaged = true; // the previous process had taken over the power loops
                    accPrimed = enabledLanes;
                }
                finishAdoption(now);
            }
        }
    }

    private void finishAdoption(long now) {
        adopting = false;
        adopted = true;
        deadline = 0;
        tries = 0;
        go(enabledLanes != 0 ? ElsState.LANES_ENABLED : ElsState.READY, String.format(
                "restart: adopted the running module, lanes 0x%02X left lit, nothing reset%s", enabledLanes,
                accEngaged ? ", firmware power loops (ACC) resumed" : ""), now);
    }

    private void retry(long now, String why) {
        markDark();
        if (tries >= MAX_TRIES) {
            go(ElsState.FAILED, why + "; giving up after " + tries + " tries", now);
            return;
        }
        drive(true, true);
        go(ElsState.PRESENT, why + "; resetting", now);
    }

    /** Writes the lane enables at once when they must change: a withdrawn permission darkens lanes this tick. */
    private boolean applyEnables(long now) {
        int want = requestedLanes & allowedLanes & operatorLanes;
        if (want == enabledLanes) {
            return false;
        }
        module.setLaneEnables(want);
        // Lanes this write disables are lit until the module reports them off (readLaneStates).
        markOffWritten(enabledLanes & ~want & ~goingDark, now);
        goingDark = (goingDark | enabledLanes) & ~want;
        offOverdueSaid = false;
        enabledLanes = want;
        enablesWrittenAt = now;
        if (state == ElsState.LANES_ENABLED && want != 0) {
            reason = String.format("lanes enabled, mask 0x%02X", want);
        }
        if (enabledLanes != 0 && state == ElsState.READY) {
            go(ElsState.LANES_ENABLED, String.format("lanes enabled, mask 0x%02X", enabledLanes), now);
        } else if (enabledLanes == 0 && state == ElsState.LANES_ENABLED) {
            go(ElsState.READY, "all lanes disabled", now);
        }
        return true;
    }

    /** Steady state: one short transaction a tick, in rotation: module state, lane states, one lane's monitors. */
    private void serviceLanes(long now) {
        if (applyEnables(now)) {
            return;
        }
        // One short transaction a tick (at most a page select and a read), so a ring tick is never
        // kept waiting long. Slots 0 and 4 are the presence polls in step().
        int slot = (int) (ticks % ROTATION);
        if (slot != 1 && (onLanes != enabledLanes || goingDark != 0) && now - enablesWrittenAt < LANE_WATCH_NS) {
            readLaneStates(now); // lanes changing: see them on (or off) as soon as the module says so
            return;
        }
        switch (slot) {
            case 1 -> {
                CmisModuleState ms = module.moduleState();
                if (ms != CmisModuleState.READY) {
                    // The module left ModuleReady on its own: lanes are dark until it is brought up again.
                    markDark();
                    go(ElsState.PRESENT, "module left ModuleReady (now " + ms + ")", now);
                    drive(true, true);
                }
            }
            case 2, 6 -> readLaneStates(now);
            case 3 -> {
                biasMa[monitorLane] = module.biasMonitorMa(monitorLane);
                if ((onLanes & (1 << monitorLane)) != 0) {
                    onBiasMa[monitorLane] = biasMa[monitorLane];
                }
            }
            case 5 -> {
                int lane = monitorLane;
                powerMw[lane] = module.powerMonitorMw(lane);
                if ((onLanes & (1 << lane)) != 0) {
                    onPowerMw[lane] = powerMw[lane];
                }
                if ((onLanes & (1 << lane)) != 0 && powerSetpointMw[lane] > 0) {
                    pendingBiasMa[lane] = loops[lane].update(accEngaged, powerSetpointMw[lane], powerMw[lane], biasMa[lane]);
                } else if ((onLanes & (1 << lane)) == 0) {
                    resetLoop(lane);
                }
            }
            case 7 -> {
                serviceLaser(monitorLane);
                monitorLane = (monitorLane + 1) % LANES;
            }
            default -> { }
        }
    }

    private void readLaneStates(long now) {
        module.laneStatuses(laneStatus);
        int on = 0;
        for (int lane = 0; lane < LANES; lane++) {
            if (laneStatus[lane] == LaneStatus.ON) {
                on |= 1 << lane;
            }
        }
        int back = on & enabledLanes & ~onLanes;
        onLanes = on & enabledLanes;
        // A lane lit that was never enabled (the module's own doing) is timed from when it is first seen.
        markOffWritten(notOff() & ~enabledLanes & ~goingDark, now);
        goingDark = notOff() & ~enabledLanes;
        if (goingDark != 0 && !offOverdueSaid && now - enablesWrittenAt >= LANE_OFF_DEADLINE_NS) {
            offOverdueSaid = true;
            laneOffOverdue++;
            reason = String.format("lanes 0x%02X disabled %d ms ago still reported lit (lane state %s): not dark",
                    goingDark, (now - enablesWrittenAt) / 1_000_000, laneStatus[Integer.numberOfTrailingZeros(goingDark)]);
            transitions.add(String.format("%.6f s slot %d: %s", now / 1e9, spec.slot(), reason));
        }
        for (int lane = 0; lane < LANES; lane++) {
            if ((back & (1 << lane)) != 0) {
                // On again: its last readings on stand until it is read on (see onBiasMa).
                biasMa[lane] = Double.isNaN(onBiasMa[lane]) ? biasMa[lane] : onBiasMa[lane];
                powerMw[lane] = Double.isNaN(onPowerMw[lane]) ? powerMw[lane] : onPowerMw[lane];
            }
        }
    }

    /**
     * Slot 7 of the rotation, one transaction at most: learn the lane's power setpoint from the module
     * if not known yet; in ACC, hand over from the module's APC (bias setpoints = the biases APC found,
     * then the control mode) and from then on write the power loop's bias; else read the temperature.
     */
    private void serviceLaser(int lane) {
        double configured = configuredSetpointMw[lane];
        if (!Double.isNaN(configured) && powerSetpointMw[lane] != configured) {
            module.setPowerSetpointMw(lane, configured); // the operator's, from the configuration
            loops[lane].setpointChanged(powerSetpointMw[lane], configured);
            powerSetpointMw[lane] = configured;
            return;
        }
        if (powerSetpointMw[lane] <= 0) {
            powerSetpointMw[lane] = module.powerSetpointMw(lane);
            return;
        }
        if (acc && !accEngaged) {
            if (biasMa[lane] > 0 && (onLanes & (1 << lane)) != 0 && (accPrimed & (1 << lane)) == 0) {
                module.setBiasSetpointMa(lane, biasMa[lane]); // bumpless: the bias APC settled on
                accPrimed |= 1 << lane;
                return;
            }
            if (onLanes != 0 && (accPrimed & onLanes) == onLanes) {
                module.setControlMode(ControlMode.ACC);
                accEngaged = true;
                return;
            }
        }
        if (accEngaged && !Double.isNaN(pendingBiasMa[lane])) {
            module.setBiasSetpointMa(lane, Math.min(pendingBiasMa[lane], ElsfpMap.BIAS_MAX_MA));
            pendingBiasMa[lane] = Double.NaN;
            return;
        }
        if (lane == 0) {
            moduleTemperatureC = module.temperatureC();
        }
    }

    /**
     * The lanes' beginning-of-life bias from the stored calibration of the module {@code vendor} /
     * {@code serial} (NaN: unknown): whenever that very module is in the slot, ageing is judged against it
     * rather than against a bias relearnt after a restart or a reinsertion (which would hide ageing).
     */
    public void useCalibratedBias(String vendor, String serial, double[] biasMa) {
        bolOwner = vendor + "\u0000" + serial;
        System.arraycopy(biasMa, 0, bolKnown, 0, LANES);
    }

    /**
     * Forgets lane {@code lane}'s power-loop state but not its beginning-of-life bias while the same
     * module is in the slot (from the calibration, or learnt earlier in this run): a lane that goes dark
     * and comes back must not relearn it from an aged laser, which would hide the ageing.
     */
    private void resetLoop(int lane) {
        double learnt = loops[lane].beginningOfLifeBiasMa();
        loops[lane].reset();
        if (identity == null) {
            return;
        }
        String owner = identity.vendorName() + "\u0000" + identity.serialNumber();
        if (!owner.equals(bolOwner)) {
            bolOwner = owner; // another module: what was known belongs to the old one
            java.util.Arrays.fill(bolKnown, Double.NaN);
            return;
        }
        if (!Double.isNaN(learnt)) {
            bolKnown[lane] = learnt; // the loop's own, carried across setpoint changes
        }
        loops[lane].setBeginningOfLifeBias(bolKnown[lane]);
    }

    /** What the power and bias supervision makes of lane {@code lane}. */
    public LaneHealth laneHealth(int lane) {
        return loops[lane].health();
    }

    /** Bias the lane started its life at (learnt, or from calibration), mA; NaN while unknown. */
    public double beginningOfLifeBiasMa(int lane) {
        return loops[lane].beginningOfLifeBiasMa();
    }

    /** True once the firmware closes the power loops (ACC); false while the module holds power (APC). */
    public boolean firmwarePowerLoop() {
        return accEngaged;
    }

    /** Lanes whose last read lane state is not OFF. */
    private int notOff() {
        int lit = 0;
        for (int lane = 0; lane < LANES; lane++) {
            if (laneStatus[lane] != LaneStatus.OFF) {
                lit |= 1 << lane;
            }
        }
        return lit;
    }

    private void markDark() {
        adopted = false;
        adopting = false;
        for (int lane = 0; lane < LANES; lane++) {
            resetLoop(lane);
            pendingBiasMa[lane] = Double.NaN;
            powerSetpointMw[lane] = 0;
        }
        accEngaged = false;
        accPrimed = 0;
        enabledLanes = 0;
        onLanes = 0;
        goingDark = 0; // removed, reset or out of ModuleReady: its lasers are off
        java.util.Arrays.fill(laneStatus, LaneStatus.OFF);
        java.util.Arrays.fill(biasMa, 0);
        java.util.Arrays.fill(powerMw, 0);
        java.util.Arrays.fill(onBiasMa, Double.NaN);
        java.util.Arrays.fill(onPowerMw, Double.NaN);
    }
}
