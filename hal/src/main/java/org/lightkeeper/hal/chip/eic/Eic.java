package org.lightkeeper.hal.chip.eic;

import static org.lightkeeper.hal.chip.eic.EicRegisters.*;

import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.SpiDevice;

/**
 * Driver of the engine driver chip (EIC), our own part: register map and frame format in
 * {@code docs/eic-regmap.md} (revision 1) and {@link EicRegisters}.
 *
 * <p>Every call is one SPI frame: command byte, 16-bit address, 16-bit words. Bursts use
 * auto-increment, so all 64 heater codes go out in one frame and all 64 monitors come back in one
 * frame (after one {@link #sampleMonitors()} frame). Every frame's first returned byte must be
 * {@link EicRegisters#SYNC}: 0x00 or 0xFF there (a floating or held MISO) throws
 * {@link DeviceNotPresentException}, any other value a {@link BusException}. The STATUS word that
 * comes back in every header is kept as {@link #lastFrameStatus()}.
 *
 * <p>Arrays passed to the burst methods are indexed by ring: {@code codes[r]} is ring r's code for
 * r in {@code [first, first + count)}. Arguments are checked before any frame. Buffers are
 * preallocated: the heater, monitor and single-register paths allocate nothing. Drivers never retry.
 */
public final class Eic {
    /** Longest burst this driver sends, in words. */
    public static final int MAX_BURST_WORDS = MAX_RINGS;

    private final SpiDevice spi;
    private final byte[] tx = new byte[HEADER_BYTES + WORD_BYTES * MAX_BURST_WORDS];
    private final byte[] rx = new byte[HEADER_BYTES + WORD_BYTES * MAX_BURST_WORDS];
    private final int[] words = new int[2 * FAULT_FLAG_WORDS];
    private int lastStatus;

    public Eic(SpiDevice spi) {
        if (spi == null) {
            throw new IllegalArgumentException("spi must not be null");
        }
        this.spi = spi;
    }

    public SpiDevice spi() {
        return spi;
    }

    /** The ID register: part 0xEC1 in bits 15-4, revision in bits 3-0. */
    public int id() {
        return readRegister(ID);
    }

    /** Rings this die implements. */
    public int rings() {
        return readRegister(RINGS);
    }

    /** Writes COMMAND = RESET: every register to its reset value, heaters to code 0. */
    public void reset() {
        writeRegister(COMMAND, COMMAND_RESET);
    }

    /** Writes {@code codes[r]} to HEATER_CODE of rings {@code first .. first+count-1} in one burst frame. */
    public void writeHeaterCodes(int[] codes, int first, int count) {
        writeRingBlock(HEATER_CODE, codes, first, count);
    }

    public void writeHeaterCode(int ring, int code) {
        writeRegister(heaterCode(ring), code);
    }

    /** Reads back the applied (clamped) heater codes into {@code out[r]}: for warm-restart adoption. */
    public void readHeaterCodes(int[] out, int first, int count) {
        readRingBlock(HEATER_CODE, out, first, count);
    }

    /** Sets ring {@code ring}'s hardware clamp; a present code above it is lowered to it at once. */
    public void setHeaterMaxCode(int ring, int maxCode) {
        writeRegister(heaterMax(ring), maxCode);
    }

    /** Writes HEATER_MAX of rings {@code first .. first+count-1} in one burst frame. */
    public void writeHeaterMaxCodes(int[] maxCodes, int first, int count) {
        writeRingBlock(HEATER_MAX, maxCodes, first, count);
    }

    /** Reads HEATER_MAX of rings {@code first .. first+count-1} into {@code out[r]}: for warm-restart adoption. */
    public void readHeaterMaxCodes(int[] out, int first, int count) {
        readRingBlock(HEATER_MAX, out, first, count);
    }

    public int heaterMaxCode(int ring) {
        return readRegister(heaterMax(ring));
    }

    /** COMMAND = SAMPLE: the chip samples every ring's monitor at one instant into MONITOR. */
    public void sampleMonitors() {
        writeRegister(COMMAND, COMMAND_SAMPLE);
    }

    /** Reads the last snapshot of rings {@code first .. first+count-1} into {@code out[r]} in one burst frame. */
    public void readMonitors(int[] out, int first, int count) {
        readRingBlock(MONITOR, out, first, count);
    }

    /** SAMPLE_COUNT: lets a caller check that the snapshot it reads is the one it asked for. */
    public int sampleCount() {
        return readRegister(SAMPLE_COUNT);
    }

    public void setModulatorSwing(int ring, int code) {
        writeRegister(modSwing(ring), code);
    }

    public void setModulatorBias(int ring, int code) {
        writeRegister(modBias(ring), code);
    }

    public void writeModulatorSwings(int[] codes, int first, int count) {
        writeRingBlock(MOD_SWING, codes, first, count);
    }

    public void writeModulatorBiases(int[] codes, int first, int count) {
        writeRingBlock(MOD_BIAS, codes, first, count);
    }

    public int modulatorSwing(int ring) {
        return readRegister(modSwing(ring));
    }

    public int modulatorBias(int ring) {
        return readRegister(modBias(ring));
    }

    public double readDieTemperatureC() {
        return dieTempCFor(readRegister(DIE_TEMP));
    }

    /** Sets THERMAL_LIMIT (nearest 1/128 degC). */
    public void setThermalLimitC(double celsius) {
        writeRegister(THERMAL_LIMIT, dieTempRawFor(celsius));
    }

    /** Reads STATUS as a register (which clears its FRAME_ERROR bit). */
    public EicStatus status() {
        return new EicStatus(readRegister(STATUS));
    }

    /** Raw STATUS from the header of the last frame (as it stood when that frame began), 0 before any. */
    public int lastFrameStatus() {
        return lastStatus;
    }

    /** Reads (and so clears) the latched open and short flags of every ring, in one 8-word burst. */
    public HeaterFaults latchedHeaterFaults() {
        readRegisters(HEATER_OPEN_FLAGS, words, 0, 2 * FAULT_FLAG_WORDS);
        return new HeaterFaults(pack(words, 0), pack(words, FAULT_FLAG_WORDS));
    }

    public void writeScratch(int value) {
        writeRegister(SCRATCH, value);
    }

    public int readScratch() {
        return readRegister(SCRATCH);
    }

    /** One single-word read frame: 5 bytes. */
    public int readRegister(int address) {
        checkAddress(address);
        header(CMD_READ_SINGLE, address);
        clearData(1);
        frame(HEADER_BYTES + WORD_BYTES, address);
        return word(0);
    }

    /** One single-word write frame: 5 bytes. */
    public void writeRegister(int address, int value) {
        checkAddress(address);
        checkCode(value);
        header(CMD_WRITE_SINGLE, address);
        putWord(0, value);
        frame(HEADER_BYTES + WORD_BYTES, address);
    }

    /** Burst read of {@code count} consecutive registers from {@code address} into {@code out[offset..]}. */
    public void readRegisters(int address, int[] out, int offset, int count) {
        checkBurst(address, out, offset, count);
        if (count == 0) {
            return;
        }
        header(CMD_READ_BURST, address);
        clearData(count);
        frame(HEADER_BYTES + WORD_BYTES * count, address);
        for (int k = 0; k < count; k++) {
            out[offset + k] = word(k);
        }
    }

    /** Burst write of {@code values[offset..offset+count)} to consecutive registers from {@code address}. */
    public void writeRegisters(int address, int[] values, int offset, int count) {
        checkBurst(address, values, offset, count);
        for (int k = 0; k < count; k++) {
            checkCode(values[offset + k]);
        }
        if (count == 0) {
            return;
        }
        header(CMD_WRITE_BURST, address);
        for (int k = 0; k < count; k++) {
            putWord(k, values[offset + k]);
        }
        frame(HEADER_BYTES + WORD_BYTES * count, address);
    }

    // ---- pure conversions ----

    /** DIE_TEMP / THERMAL_LIMIT raw (16-bit two's complement, or sign-extended) to degC. */
    public static double dieTempCFor(int raw) {
        if (raw < Short.MIN_VALUE || raw > 0xFFFF) {
            throw new IllegalArgumentException("raw EIC temperature must fit 16 bits, got " + raw);
        }
        return (short) raw * DIE_TEMP_LSB_C;
    }

    /** degC to the 16-bit pattern of DIE_TEMP / THERMAL_LIMIT, nearest LSB; outside s16 is refused. */
    public static int dieTempRawFor(double celsius) {
        double lsb = Math.rint(celsius / DIE_TEMP_LSB_C);
        if (!(lsb >= Short.MIN_VALUE && lsb <= Short.MAX_VALUE)) {
            throw new IllegalArgumentException(celsius + " degC is outside the EIC temperature range");
        }
        return (int) lsb & 0xFFFF;
    }

    /**
     * Heater code for a heater power: the code is proportional to drive voltage, so
     * code = 65535 x sqrt(P / P_fullScale), rounded. {@code fullScaleW} is the heater's power at code
     * 0xFFFF (V_fs^2 / R, a board property). Powers above full scale are refused.
     */
    public static int heaterCodeForPower(double watts, double fullScaleW) {
        if (!(fullScaleW > 0) || Double.isInfinite(fullScaleW)) {
            throw new IllegalArgumentException("full-scale power must be positive, got " + fullScaleW);
        }
        if (!(watts >= 0 && watts <= fullScaleW)) {
            throw new IllegalArgumentException(watts + " W is outside 0.." + fullScaleW + " W");
        }
        return (int) Math.round(MAX_CODE * Math.sqrt(watts / fullScaleW));
    }

    /** Heater power at {@code code}: P_fullScale x (code / 65535)^2. */
    public static double heaterPowerFor(int code, double fullScaleW) {
        checkCode(code);
        double v = code / (double) MAX_CODE;
        return fullScaleW * v * v;
    }

    // ---- internals ----

    private void writeRingBlock(int block, int[] codes, int first, int count) {
        checkRings(codes, first, count);
        for (int r = first; r < first + count; r++) {
            checkCode(codes[r]);
        }
        if (count == 0) {
            return;
        }
        header(CMD_WRITE_BURST, block + first);
        for (int k = 0; k < count; k++) {
            putWord(k, codes[first + k]);
        }
        frame(HEADER_BYTES + WORD_BYTES * count, block + first);
    }

    private void readRingBlock(int block, int[] out, int first, int count) {
        checkRings(out, first, count);
        if (count == 0) {
            return;
        }
        header(CMD_READ_BURST, block + first);
        clearData(count);
        frame(HEADER_BYTES + WORD_BYTES * count, block + first);
        for (int k = 0; k < count; k++) {
            out[first + k] = word(k);
        }
    }

    private void header(int command, int address) {
        tx[0] = (byte) command;
        tx[1] = (byte) (address >>> 8);
        tx[2] = (byte) address;
    }

    /** A read frame shifts out zeros in its data phase, not leftovers of an earlier frame. */
    private void clearData(int count) {
        java.util.Arrays.fill(tx, HEADER_BYTES, HEADER_BYTES + WORD_BYTES * count, (byte) 0);
    }

    private void putWord(int k, int value) {
        tx[HEADER_BYTES + 2 * k] = (byte) (value >>> 8);
        tx[HEADER_BYTES + 2 * k + 1] = (byte) value;
    }

    private int word(int k) {
        return (rx[HEADER_BYTES + 2 * k] & 0xFF) << 8 | (rx[HEADER_BYTES + 2 * k + 1] & 0xFF);
    }

    private void frame(int length, int address) {
        spi.transfer(tx, rx, length);
        int sync = rx[0] & 0xFF;
        if (sync != SYNC) {
            if (sync == 0x00 || sync == 0xFF) {
                throw new DeviceNotPresentException(spi.name(), 0);
            }
            throw new BusException(spi.name(), 0, address,
                    String.format("EIC frame began with 0x%02X instead of sync byte 0x%02X", sync, SYNC));
        }
        lastStatus = (rx[1] & 0xFF) << 8 | (rx[2] & 0xFF);
    }

    private static long pack(int[] w, int offset) {
        long bits = 0;
        for (int k = 0; k < FAULT_FLAG_WORDS; k++) {
            bits |= (long) (w[offset + k] & 0xFFFF) << (16 * k);
        }
        return bits;
    }

    private static void checkRings(int[] codes, int first, int count) {
        if (codes == null) {
            throw new IllegalArgumentException("code array must not be null");
        }
        if (first < 0 || count < 0 || first + count > MAX_RINGS) {
            throw new IllegalArgumentException("EIC rings " + first + ".." + (first + count - 1) + " outside 0-63");
        }
        if (codes.length < first + count) {
            throw new IllegalArgumentException("code array of " + codes.length + " has no entry for ring " + (first + count - 1));
        }
    }

    private static void checkBurst(int address, int[] values, int offset, int count) {
        checkAddress(address);
        if (values == null) {
            throw new IllegalArgumentException("array must not be null");
        }
        if (offset < 0 || count < 0 || count > MAX_BURST_WORDS || offset + count > values.length) {
            throw new IllegalArgumentException("burst of " + count + " words at offset " + offset
                    + " does not fit the array (" + values.length + ") or the " + MAX_BURST_WORDS + "-word limit");
        }
        if (address + count - 1 > 0xFFFF) {
            throw new IllegalArgumentException("burst runs past address 0xFFFF");
        }
    }

    private static void checkAddress(int address) {
        if ((address & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("EIC register address must fit 16 bits, got 0x" + Integer.toHexString(address));
        }
    }

    private static void checkCode(int code) {
        if (code < 0 || code > MAX_CODE) {
            throw new IllegalArgumentException("EIC register value must be 0-65535, got " + code);
        }
    }
}
