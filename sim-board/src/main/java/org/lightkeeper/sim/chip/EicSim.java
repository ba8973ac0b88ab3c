package org.lightkeeper.sim.chip;

import static org.lightkeeper.hal.chip.eic.EicRegisters.*;

import java.util.function.DoubleSupplier;

import org.lightkeeper.sim.bus.SpiTarget;

/**
 * Emulator of the engine driver chip (EIC) revision 1, sharing the driver's table
 * ({@link org.lightkeeper.hal.chip.eic.EicRegisters}; prose in {@code docs/eic-regmap.md}).
 *
 * <p>Per frame: at chip-select fall the chip checks its heaters (latching fault flags) and captures
 * STATUS; it shifts out {@code SYNC, STATUS} during the header, then register words (read) or zeros
 * (write). The frame's writes are applied in word order and the heater hook hears every ring whose
 * applied code changed once the frame ends, so a burst moves all heaters together. The HEATER_MAX
 * clamp is enforced here, as in hardware: a code written above the ring's max is stored as the max,
 * and lowering the max lowers a code above it. Fault flags clear as the word carrying them is
 * shifted out; a fault still present latches again at the next frame. Unmapped addresses (including
 * ring registers at or past {@code rings}) read 0 and, like writes to read-only registers, set
 * FRAME_ERROR, which clears when STATUS is read as a register.
 *
 * <p>Hooks: {@link HeaterOutput} hears applied heater codes (code proportional to drive voltage;
 * the board wiring turns it into power, P = P_fs (code/65535)^2); {@link MonitorInput} is asked for
 * each ring's ADC code at SAMPLE (the wiring turns photocurrent into a code, linear up to full scale;
 * values outside 0..0xFFFF are clamped as the ADC would). {@code dieC} is read at every frame for
 * DIE_TEMP and the thermal alarm. Not modelled: conversion time of SAMPLE (instant), the supplies
 * (POWER_GOOD follows {@link #setPowerGood}), any effect of swing and bias (stored only).
 *
 * <p>Fault injection for tests: {@link #injectHeaterFault}. An open or shorted heater is detected only
 * while its code is non-zero (no drive, no current to judge by); the chip keeps driving it and
 * reports only: parking the ring is the firmware's job (DESIGN.md section 4).
 */
public final class EicSim implements SpiTarget {
    /** Told each applied heater code change. */
    public interface HeaterOutput {
        void onHeaterCode(int ring, int code);
    }

    /** Asked, at each SAMPLE, for each ring's monitor ADC code. */
    public interface MonitorInput {
        int sample(int ring);
    }

    /** A heater fault a test can inject. */
    public enum HeaterFault { NONE, OPEN, SHORT }

    private final int rings;
    private final HeaterOutput heater;
    private final MonitorInput monitor;
    private final DoubleSupplier dieC;

    private final int[] code = new int[MAX_RINGS];
    private final int[] max = new int[MAX_RINGS];
    private final int[] monitorCode = new int[MAX_RINGS];
    private final int[] swing = new int[MAX_RINGS];
    private final int[] bias = new int[MAX_RINGS];
    private final int[] before = new int[MAX_RINGS];
    private final HeaterFault[] fault = new HeaterFault[MAX_RINGS];
    private long openFlags;
    private long shortFlags;
    private int thermalLimit;
    private int sampleCount;
    private int scratch;
    private boolean monitorsValid;
    private boolean frameError;
    private boolean powerGood = true;
    private long frames;

    public EicSim(int rings, HeaterOutput heater, MonitorInput monitor, DoubleSupplier dieC) {
        if (rings < 1 || rings > MAX_RINGS) {
            throw new IllegalArgumentException("EIC rings must be 1-64, got " + rings);
        }
        if (heater == null || monitor == null || dieC == null) {
            throw new IllegalArgumentException("heater, monitor and die temperature hooks must not be null");
        }
        this.rings = rings;
        this.heater = heater;
        this.monitor = monitor;
        this.dieC = dieC;
        java.util.Arrays.fill(fault, HeaterFault.NONE);
        resetRegisters();
    }

    private void resetRegisters() {
        for (int r = 0; r < MAX_RINGS; r++) {
            code[r] = 0;
            max[r] = HEATER_MAX_RESET;
            monitorCode[r] = 0;
            swing[r] = 0;
            bias[r] = 0;
        }
        openFlags = 0;
        shortFlags = 0;
        thermalLimit = THERMAL_LIMIT_RESET;
        sampleCount = 0;
        scratch = 0;
        monitorsValid = false;
        frameError = false;
    }

    /** degC to the DIE_TEMP pattern: nearest 1/128 degC, clamped to s16. */
    public static int quantiseDieTemp(double celsius) {
        if (Double.isNaN(celsius)) {
            throw new IllegalArgumentException("die temperature is NaN");
        }
        long lsb = Math.round(celsius / DIE_TEMP_LSB_C);
        return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, lsb)) & 0xFFFF;
    }

    @Override
    public synchronized void transfer(byte[] tx, byte[] rx, int length) {
        frames++;
        for (int i = 0; i < length; i++) {
            rx[i] = 0;
        }
        detectFaults();
        int status = status();
        if (length > 0) {
            rx[0] = (byte) SYNC;
        }
        if (length > 1) {
            rx[1] = (byte) (status >>> 8);
        }
        if (length > 2) {
            rx[2] = (byte) status;
        }
        if (length < HEADER_BYTES) {
            return;
        }
        int cmd = tx[0] & 0xFF;
        if ((cmd & CMD_RESERVED_MASK) != 0) {
            frameError = true;
            return;
        }
        int address = (tx[1] & 0xFF) << 8 | (tx[2] & 0xFF);
        boolean read = (cmd & CMD_READ) != 0;
        boolean increment = (cmd & CMD_AUTO_INCREMENT) != 0;
        int nWords = (length - HEADER_BYTES) / WORD_BYTES;
        System.arraycopy(code, 0, before, 0, MAX_RINGS);
        for (int k = 0; k < nWords; k++) {
            int a = increment ? address + k : address;
            int at = HEADER_BYTES + WORD_BYTES * k;
            if (read) {
                int v = readWord(a);
                rx[at] = (byte) (v >>> 8);
                rx[at + 1] = (byte) v;
            } else {
                writeWord(a, (tx[at] & 0xFF) << 8 | (tx[at + 1] & 0xFF));
            }
        }
        for (int r = 0; r < rings; r++) {
            if (code[r] != before[r]) {
                heater.onHeaterCode(r, code[r]);
            }
        }
    }

    private void detectFaults() {
        for (int r = 0; r < rings; r++) {
            if (code[r] > 0) {
                if (fault[r] == HeaterFault.OPEN) {
                    openFlags |= 1L << r;
                } else if (fault[r] == HeaterFault.SHORT) {
                    shortFlags |= 1L << r;
                }
            }
        }
    }

    private int dieRaw() {
        return quantiseDieTemp(dieC.getAsDouble());
    }

    private int status() {
        int s = 0;
        if (powerGood) {
            s |= STATUS_POWER_GOOD;
        }
        if ((short) dieRaw() > (short) thermalLimit) {
            s |= STATUS_THERMAL_ALARM;
        }
        if ((openFlags | shortFlags) != 0) {
            s |= STATUS_HEATER_FAULT;
        }
        if (monitorsValid) {
            s |= STATUS_MONITORS_VALID;
        }
        if (frameError) {
            s |= STATUS_FRAME_ERROR;
        }
        return s;
    }

    private int readWord(int a) {
        switch (a) {
            case ID:
                return ID_VALUE;
            case RINGS:
                return rings;
            case STATUS: {
                int s = status();
                frameError = false;
                return s;
            }
            case DIE_TEMP:
                return dieRaw();
            case THERMAL_LIMIT:
                return thermalLimit;
            case COMMAND:
                return 0;
            case SAMPLE_COUNT:
                return sampleCount;
            case SCRATCH:
                return scratch;
            default:
                break;
        }
        if (a >= HEATER_OPEN_FLAGS && a < HEATER_OPEN_FLAGS + FAULT_FLAG_WORDS) {
            int shift = 16 * (a - HEATER_OPEN_FLAGS);
            int w = (int) (openFlags >>> shift) & 0xFFFF;
            openFlags &= ~(0xFFFFL << shift);
            return w;
        }
        if (a >= HEATER_SHORT_FLAGS && a < HEATER_SHORT_FLAGS + FAULT_FLAG_WORDS) {
            int shift = 16 * (a - HEATER_SHORT_FLAGS);
            int w = (int) (shortFlags >>> shift) & 0xFFFF;
            shortFlags &= ~(0xFFFFL << shift);
            return w;
        }
        int r = ring(a);
        if (r < 0) {
            frameError = true;
            return 0;
        }
        return switch (a & BLOCK_MASK) {
            case HEATER_CODE -> code[r];
            case HEATER_MAX -> max[r];
            case MONITOR -> monitorCode[r];
            case MOD_SWING -> swing[r];
            default -> bias[r];
        };
    }

    private void writeWord(int a, int v) {
        switch (a) {
            case THERMAL_LIMIT -> thermalLimit = v;
            case COMMAND -> {
                if (v == COMMAND_SAMPLE) {
                    sample();
                } else if (v == COMMAND_RESET) {
                    resetRegisters();
                }
            }
            case SCRATCH -> scratch = v;
            default -> {
                int r = ring(a);
                int block = a & BLOCK_MASK;
                if (r < 0 || block == MONITOR) {
                    frameError = true; // unmapped or read-only
                    return;
                }
                switch (block) {
                    case HEATER_CODE -> code[r] = Math.min(v, max[r]);
                    case HEATER_MAX -> {
                        max[r] = v;
                        code[r] = Math.min(code[r], v);
                    }
                    case MOD_SWING -> swing[r] = v;
                    default -> bias[r] = v;
                }
            }
        }
    }

    /** Ring of a per-ring address, or -1 for anything else (including rings this die lacks). */
    private int ring(int a) {
        if (a > 0xFFFF || !isRingBlock(a & BLOCK_MASK)) {
            return -1;
        }
        int r = a & RING_MASK;
        return r < rings ? r : -1;
    }

    private void sample() {
        for (int r = 0; r < rings; r++) {
            monitorCode[r] = Math.max(0, Math.min(MAX_CODE, monitor.sample(r)));
        }
        sampleCount = (sampleCount + 1) & 0xFFFF;
        monitorsValid = true;
    }

    // ---- back door for tests and the board wiring ----

    /** Makes ring {@code ring}'s heater open or shorted (or healthy again with NONE). */
    public synchronized void injectHeaterFault(int ring, HeaterFault kind) {
        check(ring);
        if (kind == null) {
            throw new IllegalArgumentException("fault kind must not be null");
        }
        fault[ring] = kind;
    }

    public synchronized HeaterFault heaterFault(int ring) {
        check(ring);
        return fault[ring];
    }

    public synchronized void setPowerGood(boolean good) {
        powerGood = good;
    }

    public int rings() {
        return rings;
    }

    /** The applied (clamped) heater code. */
    public synchronized int heaterCode(int ring) {
        check(ring);
        return code[ring];
    }

    public synchronized int heaterMaxCode(int ring) {
        check(ring);
        return max[ring];
    }

    public synchronized int monitorCode(int ring) {
        check(ring);
        return monitorCode[ring];
    }

    public synchronized int modulatorSwing(int ring) {
        check(ring);
        return swing[ring];
    }

    public synchronized int modulatorBias(int ring) {
        check(ring);
        return bias[ring];
    }

    public synchronized int scratch() {
        return scratch;
    }

    /** Frames seen (every chip-select assertion, whatever its length). */
    public synchronized long frames() {
        return frames;
    }

    private void check(int ring) {
        if (ring < 0 || ring >= rings) {
            throw new IllegalArgumentException("ring must be 0-" + (rings - 1) + ", got " + ring);
        }
    }
}
