package org.lightkeeper.hal.chip.eic;

/**
 * Register map and frame format of the engine driver chip (EIC), revision 1. The EIC is our own
 * part: this class is its specification in code, {@code docs/eic-regmap.md} the same in prose.
 * Driver ({@link Eic}) and emulator ({@code EicSim}) share these constants; nothing is written twice.
 *
 * <p>Frame (one chip-select assertion, SPI mode 0, MSB first): a command byte (bit 7 read, bit 6
 * auto-increment, bits 5-0 must be 0), a 16-bit register address MSB first, then any number of
 * 16-bit data words MSB first. With auto-increment word k addresses {@code address + k}; without it
 * every word addresses {@code address}. While the header goes out the chip returns {@link #SYNC} then
 * the 16-bit {@link #STATUS} as it stood at chip-select fall; during the data phase of a read it
 * returns the register words, of a write zeros. Writes of a frame take effect together at
 * chip-select rise (in word order among themselves), so a burst of heater codes moves every heater in
 * the same instant; a trailing half word is discarded. No CRC in revision 1 (see the document).
 */
public final class EicRegisters {
    private EicRegisters() {
    }

    /** Rings one EIC drives at most. */
    public static final int MAX_RINGS = 64;

    // ---- frame ----
    /** Command byte bit 7: 1 = read, 0 = write. */
    public static final int CMD_READ = 0x80;
    /** Command byte bit 6: auto-increment the address after each data word (burst). */
    public static final int CMD_AUTO_INCREMENT = 0x40;
    /** Command byte bits 5-0 are reserved and must be 0; a frame with any set is refused whole. */
    public static final int CMD_RESERVED_MASK = 0x3F;
    public static final int CMD_WRITE_SINGLE = 0x00;
    public static final int CMD_WRITE_BURST = CMD_AUTO_INCREMENT;
    public static final int CMD_READ_SINGLE = CMD_READ;
    public static final int CMD_READ_BURST = CMD_READ | CMD_AUTO_INCREMENT;
    /** Command byte plus 16-bit address. */
    public static final int HEADER_BYTES = 3;
    public static final int WORD_BYTES = 2;
    /** First byte the chip shifts out of every frame: a missing or unclocked chip cannot produce it. */
    public static final int SYNC = 0xA5;

    // ---- global registers ----
    /** RO. Bits 15-4 part 0xEC1, bits 3-0 revision. */
    public static final int ID = 0x0000;
    /** RO. Rings this die implements (1..64); ring registers beyond it are unmapped. */
    public static final int RINGS = 0x0001;
    /** RO. Status bits, below; also returned in every frame header. Reading it as a register clears FRAME_ERROR. */
    public static final int STATUS = 0x0002;
    /** RO. Die temperature, s16, 1/128 degC per LSB. */
    public static final int DIE_TEMP = 0x0003;
    /** RW. THERMAL_ALARM is set while DIE_TEMP is above this (s16, 1/128 degC). */
    public static final int THERMAL_LIMIT = 0x0004;
    /** WO (reads 0). {@link #COMMAND_SAMPLE} or {@link #COMMAND_RESET}; other values are ignored. */
    public static final int COMMAND = 0x0005;
    /** RO. Number of SAMPLE commands executed since reset, wrapping at 16 bits. */
    public static final int SAMPLE_COUNT = 0x0006;
    /** RW. Scratch register, no effect. */
    public static final int SCRATCH = 0x0007;
    /** RO, clear on read. Heater open flags, 4 words: bit b of word w is ring 16 w + b. */
    public static final int HEATER_OPEN_FLAGS = 0x0010;
    /** RO, clear on read. Heater short flags, 4 words, same layout, right after the open flags. */
    public static final int HEATER_SHORT_FLAGS = 0x0014;
    public static final int FAULT_FLAG_WORDS = 4;

    // ---- per-ring blocks: base + ring, ring 0..RINGS-1 ----
    /** RW. Heater drive code, u16, proportional to heater voltage; never above the ring's HEATER_MAX. */
    public static final int HEATER_CODE = 0x0100;
    /** RW. Heater max code, u16; a code written above it is stored as it, lowering it lowers the code. */
    public static final int HEATER_MAX = 0x0200;
    /** RO. Monitor photodiode ADC code, u16, from the last SAMPLE (all rings sampled at one instant). */
    public static final int MONITOR = 0x0300;
    /** RW. Modulator drive swing DAC code, u16. */
    public static final int MOD_SWING = 0x0400;
    /** RW. Modulator bias DAC code, u16. */
    public static final int MOD_BIAS = 0x0500;
    /** A per-ring register is {@code block | ring}: the block is the high byte. */
    public static final int BLOCK_MASK = 0xFF00;
    public static final int RING_MASK = 0x00FF;

    // ---- values ----
    public static final int ID_PART = 0xEC10;
    public static final int ID_PART_MASK = 0xFFF0;
    public static final int ID_REVISION_MASK = 0x000F;
    public static final int REVISION = 1;
    public static final int ID_VALUE = ID_PART | REVISION;
    public static final int COMMAND_SAMPLE = 0x0001;
    public static final int COMMAND_RESET = 0x5A5A;
    public static final int HEATER_MAX_RESET = 0xFFFF;
    /** 100 degC. */
    public static final int THERMAL_LIMIT_RESET = 100 * 128;
    public static final double DIE_TEMP_LSB_C = 1.0 / 128;
    public static final int MAX_CODE = 0xFFFF;

    // ---- STATUS bits ----
    /** Heater and modulator supplies within range. */
    public static final int STATUS_POWER_GOOD = 1;
    /** Die temperature above THERMAL_LIMIT (level, not latched). */
    public static final int STATUS_THERMAL_ALARM = 1 << 1;
    /** At least one heater open or short flag is latched (clears when the flags are read clear). */
    public static final int STATUS_HEATER_FAULT = 1 << 2;
    /** MONITOR holds a snapshot (a SAMPLE ran since reset). */
    public static final int STATUS_MONITORS_VALID = 1 << 3;
    /** Latched: a frame was refused, or touched an unmapped address or wrote a read-only one. */
    public static final int STATUS_FRAME_ERROR = 1 << 4;

    // ---- full-scale assumptions of the analog side (board wiring, *assumed*, see the document) ----
    /** Heater DAC: code 0xFFFF drives this many volts; power = V^2 / R, so power goes with code squared. */
    public static final double ASSUMED_HEATER_FULL_SCALE_V = 5.0;
    /** Heater resistance the full scale is sized for: 5 V into 1 kOhm = 25 mW at code 0xFFFF. */
    public static final double ASSUMED_HEATER_OHMS = 1000.0;
    /** Monitor ADC: photocurrent at code 0xFFFF (linear, 0 A = code 0). */
    public static final double ASSUMED_MONITOR_FULL_SCALE_A = 1.0e-3;
    /** Modulator swing DAC: peak-to-peak volts at code 0xFFFF (linear). */
    public static final double ASSUMED_SWING_FULL_SCALE_VPP = 2.0;
    /** Modulator bias DAC: reverse bias volts at code 0xFFFF (linear). */
    public static final double ASSUMED_BIAS_FULL_SCALE_V = 4.0;

    public static int heaterCode(int ring) {
        return HEATER_CODE + checkRing(ring);
    }

    public static int heaterMax(int ring) {
        return HEATER_MAX + checkRing(ring);
    }

    public static int monitor(int ring) {
        return MONITOR + checkRing(ring);
    }

    public static int modSwing(int ring) {
        return MOD_SWING + checkRing(ring);
    }

    public static int modBias(int ring) {
        return MOD_BIAS + checkRing(ring);
    }

    /** True for the per-ring blocks (HEATER_CODE .. MOD_BIAS). */
    public static boolean isRingBlock(int block) {
        return block == HEATER_CODE || block == HEATER_MAX || block == MONITOR || block == MOD_SWING
                || block == MOD_BIAS;
    }

    private static int checkRing(int ring) {
        if (ring < 0 || ring >= MAX_RINGS) {
            throw new IllegalArgumentException("EIC ring must be 0-63, got " + ring);
        }
        return ring;
    }
}
