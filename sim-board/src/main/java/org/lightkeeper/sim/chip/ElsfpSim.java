package org.lightkeeper.sim.chip;

import static org.lightkeeper.hal.chip.cmis.ElsfpMap.*;

import org.lightkeeper.hal.chip.cmis.CmisModuleState;
import org.lightkeeper.hal.chip.cmis.LaneFlag;
import org.lightkeeper.hal.chip.cmis.LaneStatus;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.bus.I2cTarget;

/**
 * Register-level emulator of an OIF ELSFP module (CMIS 5.x with ELSFP pages 1Ah/1Bh, bank 0, 8 lanes),
 * sharing {@link org.lightkeeper.hal.chip.cmis.ElsfpMap} with the driver.
 *
 * <p>Paging: bytes 126/127 select bank and page; both take effect at the end of the write transaction,
 * so a (126, bank, page) write switches atomically. Supported upper pages: 00h (any bank), 1Ah and 1Bh
 * (bank 0); other selections read 0 and ignore writes. Writes to read-only bytes are acknowledged and
 * ignored. The address pointer runs from 127 into the upper page and wraps from 255 to 0.
 *
 * <p>Time is evaluated lazily from the {@link VirtualClock} on every access: power-on or reset release
 * starts MgmtInit ({@code initMs}, during which every byte is NAKed), then ModuleLowPwr while LowPwrS
 * holds (LowPwrRequestSW, or LowPwrAllowRequestHW with the LPMode pin high; CMIS 5 section 6.3.2), then
 * ModulePwrUp ({@code powerUpMs}), then ModuleReady; LowPwrS in PwrUp or Ready leads through ModulePwrDn
 * ({@code powerDownMs}) back to LowPwr, lasers off. Lane enables are accepted only in ModuleReady. Flags
 * are evaluated at each access (a condition that comes and goes between two accesses is not seen),
 * latched, and cleared when read.
 */
public final class ElsfpSim implements I2cTarget {
    private enum Phase {
        RESET(null), MGMT_INIT(null), LOW_PWR(CmisModuleState.LOW_PWR), PWR_UP(CmisModuleState.PWR_UP),
        READY(CmisModuleState.READY), PWR_DN(CmisModuleState.PWR_DN);

        final CmisModuleState reported;

        Phase(CmisModuleState reported) {
            this.reported = reported;
        }
    }

    /** CMIS revision reported in lower page byte 1 (5.2). */
    public static final int CMIS_REVISION = ElsfpRegisters.CMIS_REVISION;
    /** Fault code for a dead laser in ACC (vendor-specific range 9-15 of OIF-ELSFP-CMIS-01.0). */
    public static final int FAULT_CODE_LASER_DEAD = 9;

    private final VirtualClock clock;
    private final ElsfpProfile profile;
    private final ElsfpLaneModel lanes;
    private final ElsfpRegisters regs;
    private final byte[] lower;
    private final byte[] page1a;
    private int bank;
    private int page;
    private int pointer;
    private boolean resetAsserted;
    private boolean lpModePin = true;
    private Phase phase;
    private long phaseStart;
    private long inputsChangedAt;

    public ElsfpSim(VirtualClock clock, ElsfpProfile profile) {
        this.clock = clock;
        this.profile = profile;
        this.lanes = new ElsfpLaneModel(profile);
        this.regs = new ElsfpRegisters(profile);
        this.lower = regs.lower;
        this.page1a = regs.page1a;
        enterMgmtInit(clock.nanos());
    }

    public ElsfpProfile profile() {
        return profile;
    }

    // ------------------------------------------------------------------ I2C side

    @Override
    public synchronized void write(byte[] data, int offset, int length) {
        long now = sync();
        if (length == 0) {
            return;
        }
        if (!answering()) {
            throw new Nak(data[offset] & 0xFF, "ELSFP not answering: " + phase);
        }
        pointer = data[offset] & 0xFF;
        int newBank = bank;
        int newPage = page;
        boolean reset = false;
        boolean inputs = false;
        for (int i = 1; i < length; i++) {
            int a = pointer;
            int v = data[offset + i] & 0xFF;
            if (a == MODULE_CONTROL.offset()) {
                lower[a] = (byte) (v & 0xF0); // bits 7-4 are controls; bit 3 (reset) self-clears
                reset |= (v & SOFTWARE_RESET) != 0;
                inputs = true;
            } else if (a == BANK_SELECT.offset()) {
                newBank = v;
            } else if (a == PAGE_SELECT.offset()) {
                newPage = v;
            } else if (a >= 128) {
                writeUpper(a, v, now);
            }
            pointer = (pointer + 1) & 0xFF;
        }
        bank = newBank;
        page = newPage;
        if (reset) {
            enterMgmtInit(now);
        } else if (inputs) {
            inputsChangedAt = now;
            sync();
        }
    }

    @Override
    public synchronized void read(byte[] buffer, int offset, int length) {
        long now = sync();
        if (!answering()) {
            throw new Nak(pointer, "ELSFP not answering: " + phase);
        }
        refresh(now);
        for (int i = 0; i < length; i++) {
            buffer[offset + i] = (byte) byteAt(pointer);
            clearIfLatched(pointer);
            pointer = (pointer + 1) & 0xFF;
        }
    }

    private void writeUpper(int a, int v, long now) {
        if (bank != 0) {
            return;
        }
        if (page == PAGE_1A) {
            if (a == CONTROL_MODE.offset()) {
                page1a[a] = (byte) (page1a[a] & ~CONTROL_MODE_APC | v & CONTROL_MODE_APC);
            } else if (a >= 198 && a <= 205) {
                page1a[a] = (byte) v; // interrupt masks
            } else if (a == LANE_ENABLE.offset() && phase == Phase.READY) {
                lanes.setEnabled(v, now);
            }
        } else if (page == PAGE_1B && a >= BIAS_SETPOINT.offset() && a < POWER_SETPOINT.offset() + 16) {
            regs.page1b[a] = (byte) v;
        }
    }

    private byte[] upper() {
        if (page == PAGE_00) {
            return regs.page00;
        }
        if (bank == 0 && page == PAGE_1A) {
            return page1a;
        }
        if (bank == 0 && page == PAGE_1B) {
            return regs.page1b;
        }
        return null;
    }

    private int byteAt(int a) {
        if (a < 128) {
            return lower[a] & 0xFF;
        }
        byte[] p = upper();
        return p == null ? 0 : p[a] & 0xFF;
    }

    private void clearIfLatched(int a) {
        if (a == MODULE_FLAGS.offset()) {
            lower[a] = 0;
        } else if (a >= 128 && upper() == page1a && ElsfpRegisters.isLaneFlagByte(a)) {
            page1a[a] = 0;
        }
    }


    // ------------------------------------------------------------------ sideband and optics

    /** ResetL: {@code true} holds the module in reset (ResetL low); release starts MgmtInit. */
    public synchronized void setResetAsserted(boolean asserted) {
        long now = sync();
        if (asserted && !resetAsserted) {
            lanes.disableAll();
            phase = Phase.RESET;
            phaseStart = now;
        } else if (!asserted && resetAsserted) {
            enterMgmtInit(now);
        }
        resetAsserted = asserted;
    }

    /** LPMode pin level; high requests low power when LowPwrAllowRequestHW is set. Power-on level: high. */
    public synchronized void setLpModePin(boolean high) {
        sync();
        lpModePin = high;
        inputsChangedAt = clock.nanos();
        sync();
    }

    /** IntL asserted: some unmasked latched flag is set. */
    public synchronized boolean interruptAsserted() {
        long now = sync();
        if (!answering()) {
            return false;
        }
        refresh(now);
        return regs.interruptPending();
    }

    /** The module state now, or null in reset or MgmtInit (when the module does not answer). */
    public synchronized CmisModuleState moduleState() {
        sync();
        return phase.reported;
    }

    /** Optical output of {@code lane} in mW: linear during the ramp, then the operating point; after a disable, linear down over the ramp down ({@link ElsfpProfile#laneOffMs}), then 0. */
    public synchronized double laneOutputMw(int lane) {
        checkLane(lane);
        long now = sync();
        boolean apc = regs.apc();
        double bias = lanes.steadyBiasMa(lane, apc, regs.biasSetpoint(lane), regs.powerSetpoint(lane));
        return lanes.rampFraction(lane, now) * lanes.steadyPowerMw(lane, bias);
    }

    /** Vacuum wavelength of {@code lane} in nm, from the profile's frequency. */
    public double laneWavelengthNm(int lane) {
        checkLane(lane);
        return wavelengthNm(profile.laneFrequencyGhz(lane));
    }

    /** Fault injection: ages lane {@code lane}'s laser, 0 new .. 1 end of life (+20 % operating current). */
    public synchronized void ageLane(int lane, double fraction) {
        checkLane(lane);
        sync();
        lanes.age(lane, fraction);
    }

    /** Fault injection: the laser of {@code lane} dies for good (output 0, lane fault flagged). */
    public synchronized void killLane(int lane) {
        checkLane(lane);
        sync();
        lanes.kill(lane);
        regs.latch(LaneFlag.FAULT, lane);
    }

    private static void checkLane(int lane) {
        if (lane < 0 || lane >= LANES_PER_BANK) {
            throw new IllegalArgumentException("lane must be 0-7, got " + lane);
        }
    }

    // ------------------------------------------------------------------ state machine

    private boolean answering() {
        return phase != Phase.RESET && phase != Phase.MGMT_INIT;
    }

    private boolean lowPwrS() {
        int c = lower[MODULE_CONTROL.offset()];
        return (c & LOW_PWR_REQUEST_SW) != 0 || (c & LOW_PWR_ALLOW_REQUEST_HW) != 0 && lpModePin;
    }

    /** Brings the state machine up to the clock's now; returns now. */
    private long sync() {
        long now = clock.nanos();
        while (true) {
            long edge = Math.max(phaseStart, inputsChangedAt);
            switch (phase) {
                case MGMT_INIT -> {
                    long end = phaseStart + ms(profile.initMs());
                    if (now < end) {
                        return now;
                    }
                    enter(Phase.LOW_PWR, end);
                }
                case LOW_PWR -> {
                    if (lowPwrS()) {
                        return now;
                    }
                    enter(Phase.PWR_UP, edge);
                }
                case PWR_UP -> {
                    long end = phaseStart + ms(profile.powerUpMs());
                    if (lowPwrS()) {
                        enter(Phase.PWR_DN, edge);
                    } else if (now >= end) {
                        enter(Phase.READY, end);
                    } else {
                        return now;
                    }
                }
                case READY -> {
                    if (!lowPwrS()) {
                        return now;
                    }
                    enter(Phase.PWR_DN, edge);
                }
                case PWR_DN -> {
                    long end = phaseStart + ms(profile.powerDownMs());
                    if (now < end) {
                        return now;
                    }
                    enter(Phase.LOW_PWR, end);
                }
                default -> {
                    return now;
                }
            }
        }
    }

    private void enter(Phase next, long at) {
        if (phase == Phase.READY) {
            lanes.disableAll();
        }
        if (next.reported != null && next.reported != phase.reported) {
            lower[MODULE_FLAGS.offset()] |= MODULE_STATE_CHANGED;
        }
        phase = next;
        phaseStart = at;
    }

    private void enterMgmtInit(long now) {
        lanes.disableAll();
        regs.resetVolatile();
        bank = 0;
        page = 0;
        pointer = 0;
        phase = Phase.MGMT_INIT;
        phaseStart = now;
        inputsChangedAt = now;
    }

    private static long ms(long millis) {
        return millis * 1_000_000L;
    }

    // ------------------------------------------------------------------ register contents

    /** Recomputes the live bytes (state, lane state, monitors, codes) and latches flags, at {@code now}. */
    private void refresh(long now) {
        boolean apc = regs.apc();
        page1a[LANE_ENABLE.offset()] = (byte) lanes.enabledMask();
        page1a[LANE_STATE.offset()] = 0;
        page1a[LANE_STATE.offset() + 1] = 0;
        for (int lane = 0; lane < LANES_PER_BANK; lane++) {
            LaneStatus st = lanes.status(lane, now);
            page1a[laneStateOffset(lane)] |= (byte) (st.code() << laneStateShift(lane));
            double frac = lanes.rampFraction(lane, now);
            double steadyBias = lanes.steadyBiasMa(lane, apc, regs.biasSetpoint(lane), regs.powerSetpoint(lane));
            double bias = frac * steadyBias;
            double power = frac * lanes.steadyPowerMw(lane, steadyBias);
            putU16(regs.page1b, BIAS_MONITOR.laneOffset(lane), rawBias(bias));
            putU16(regs.page1b, POWER_MONITOR.laneOffset(lane), rawPower(power));
            int code = 0;
            if (lanes.killed(lane) || st == LaneStatus.ON && lanes.loopFailed(lane, apc, regs.powerSetpoint(lane))) {
                regs.latch(LaneFlag.FAULT, lane);
                code = apc ? FAULT_CODE_APC_LOOP : lanes.killed(lane) ? FAULT_CODE_LASER_DEAD : FAULT_CODE_ACC_LOOP;
            }
            page1a[LANE_CODES.offset() + lane] = (byte) code;
            if (st == LaneStatus.ON) {
                regs.checkThresholds(lane, bias, power);
            }
        }
        page1a[LANE_SUMMARY.offset()] = (byte) ((page1a[LaneFlag.FAULT.offset()] != 0 ? SUMMARY_FAULT : 0)
                | (page1a[LaneFlag.WARNING.offset()] != 0 ? SUMMARY_WARNING : 0));
        int state = phase.reported.code() << MODULE_STATE_SHIFT;
        lower[MODULE_STATE.offset()] = (byte) (state | (regs.interruptPending() ? 0 : INTERRUPT_DEASSERTED));
    }
}
