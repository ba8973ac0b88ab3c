package org.lightkeeper.hal.chip;

import org.lightkeeper.hal.bus.SpiDevice;

/**
 * TI ADS8688, 8-channel 16-bit SAR ADC with programmable input ranges and auto-sequencer
 * (datasheet SBAS582, "Command Register Description", "Program Register Map"; eval ADS8688EVM).
 *
 * <p>Command frames are 32 clocks: the 16-bit command on SDI, then 16 don't-care bits while the
 * conversion result appears on SDO in clocks 17-32. A command selects the channel sampled at the
 * start of the <em>next</em> frame, so every result arrives one frame after the command that
 * selected it ("Data Acquisition Example"; Linux ti-ads8688 reads MAN_Ch_n then NO_OP). Program
 * register frames are 24 clocks: address bits 15..9, write bit 8, data bits 7..0; the register
 * value (read) or the written value (write) comes back on SDO in clocks 17-24.
 *
 * <p>Output codes are straight binary over the range in every range: 0x0000 at the negative end,
 * 0x8000 at 0 V in bipolar ranges. The driver keeps the auto-sequence mask it last wrote (power-up
 * default 0xFF) to know how many frames a sequence takes. Drivers never retry.
 */
public final class Ads8688 {
    public static final int CHANNELS = 8;
    /** Internal reference, volts (datasheet "Electrical Characteristics", internal reference). */
    public static final double VREF = 4.096;
    public static final int MAX_CODE = 0xFFFF;
    public static final int COMMAND_FRAME_BYTES = 4;
    public static final int REGISTER_FRAME_BYTES = 3;

    // Command register, datasheet "Command Register Description" (Command Register Map table).
    public static final int CMD_NO_OP = 0x0000;
    public static final int CMD_STDBY = 0x8200;
    public static final int CMD_PWR_DN = 0x8300;
    public static final int CMD_RST = 0x8500;
    public static final int CMD_AUTO_RST = 0xA000;
    /** MAN_Ch_n = 0xC000 | n << 10, n = 0..7. */
    public static final int CMD_MAN_CH_0 = 0xC000;
    public static final int CMD_MAN_CH_SHIFT = 10;
    public static final int CMD_MAN_AUX = 0xE000;

    // Program registers, datasheet "Program Register Map": word = addr << 9 | WR << 8 | data.
    public static final int PROG_ADDR_SHIFT = 9;
    public static final int PROG_WRITE_BIT = 0x100;
    public static final int REG_AUTO_SEQ_EN = 0x01;
    public static final int REG_CH_PWR_DN = 0x02;
    public static final int REG_FEATURE_SELECT = 0x03;
    /** Channel n input range at 0x05 + n (0x05-0x0C). */
    public static final int REG_RANGE_CH_0 = 0x05;
    /** Command read back, read-only: high byte of the last command executed. */
    public static final int REG_CMD_READ_BACK = 0x3F;
    public static final int REG_MAX = 0x3F;
    /** Power-up value of AUTO_SEQ_EN: every channel in the sequence. */
    public static final int AUTO_SEQ_EN_DEFAULT = 0xFF;

    /** Input ranges, register value bits 3..0 (datasheet "Range Select Registers"). */
    public enum Range {
        BIPOLAR_2V5_VREF(0x00, -2.5, 2.5),
        BIPOLAR_1V25_VREF(0x01, -1.25, 1.25),
        BIPOLAR_0V625_VREF(0x02, -0.625, 0.625),
        UNIPOLAR_2V5_VREF(0x05, 0, 2.5),
        UNIPOLAR_1V25_VREF(0x06, 0, 1.25);

        private final int code;
        private final double minVolts;
        private final double maxVolts;

        Range(int code, double minTimesVref, double maxTimesVref) {
            this.code = code;
            this.minVolts = minTimesVref * VREF;
            this.maxVolts = maxTimesVref * VREF;
        }

        /** values() copies the array on every call; the decoders run per conversion. */
        private static final Range[] ALL = values();

        public int code() {
            return code;
        }

        public double minVolts() {
            return minVolts;
        }

        public double maxVolts() {
            return maxVolts;
        }

        public double spanVolts() {
            return maxVolts - minVolts;
        }

        /** The range with register value {@code code}, or null for a value the datasheet does not define. */
        public static Range fromCode(int code) {
            for (Range r : ALL) {
                if (r.code == code) {
                    return r;
                }
            }
            return null;
        }
    }

    private final SpiDevice spi;
    private final byte[] tx = new byte[COMMAND_FRAME_BYTES];
    private final byte[] rx = new byte[COMMAND_FRAME_BYTES];
    private int autoMask = AUTO_SEQ_EN_DEFAULT;
    private int autoCount = Integer.bitCount(AUTO_SEQ_EN_DEFAULT);

    public Ads8688(SpiDevice spi) {
        if (spi == null) {
            throw new IllegalArgumentException("spi must not be null");
        }
        this.spi = spi;
    }

    public SpiDevice spi() {
        return spi;
    }

    /** RST: program registers back to power-up values, device idle. */
    public void reset() {
        command(CMD_RST);
        autoMask = AUTO_SEQ_EN_DEFAULT;
        autoCount = Integer.bitCount(AUTO_SEQ_EN_DEFAULT);
    }

    public void setRange(int ch, Range range) {
        checkChannel(ch);
        if (range == null) {
            throw new IllegalArgumentException("range must not be null");
        }
        writeRegister(REG_RANGE_CH_0 + ch, range.code);
    }

    /** Reads program register {@code addr}; the value comes back in clocks 17-24 of the same frame. */
    public int readRegister(int addr) {
        if (addr < 0 || addr > REG_MAX) {
            throw new IllegalArgumentException(String.format("ADS8688 register must be 0x00-0x3F, got 0x%02X", addr));
        }
        return registerFrame(addr << PROG_ADDR_SHIFT);
    }

    /** Writes program register {@code addr}; returns nothing, the part echoes the value on SDO. */
    public void writeRegister(int addr, int value) {
        if (addr < REG_AUTO_SEQ_EN || addr >= REG_CMD_READ_BACK) {
            throw new IllegalArgumentException(String.format("ADS8688 writable register must be 0x01-0x3E, got 0x%02X", addr));
        }
        if ((value & ~0xFF) != 0) {
            throw new IllegalArgumentException("ADS8688 register value must fit 8 bits, got 0x" + Integer.toHexString(value));
        }
        registerFrame(addr << PROG_ADDR_SHIFT | PROG_WRITE_BIT | value);
        if (addr == REG_AUTO_SEQ_EN) {
            autoMask = value;
            autoCount = Integer.bitCount(value);
        }
    }

    /** Writes AUTO_SEQ_EN: bit n puts channel n in the auto sequence (at least one channel). */
    public void configureAutoSequence(int channelMask) {
        if (channelMask <= 0 || channelMask > 0xFF) {
            throw new IllegalArgumentException("auto-sequence mask must be 0x01-0xFF, got 0x" + Integer.toHexString(channelMask));
        }
        writeRegister(REG_AUTO_SEQ_EN, channelMask);
    }

    /** Channels in the auto sequence as the driver last set them. */
    public int autoSequenceMask() {
        return autoMask;
    }

    /**
     * AUTO_RST, then one NO_OP frame per enabled channel: {@code codesOut[k]} gets the k-th enabled
     * channel in channel order. The AUTO_RST frame's own result (the previously selected channel) is
     * discarded: that is the one-frame latency. Allocation-free.
     */
    public void readAutoSequence(int[] codesOut) {
        if (codesOut == null || codesOut.length < autoCount) {
            throw new IllegalArgumentException("codesOut must hold " + autoCount + " codes");
        }
        if (autoCount == 0) {
            throw new IllegalStateException("auto sequence has no channel enabled");
        }
        command(CMD_AUTO_RST);
        for (int k = 0; k < autoCount; k++) {
            codesOut[k] = command(CMD_NO_OP);
        }
    }

    /** MAN_Ch_n, then NO_OP: returns the conversion of {@code channel} from the second frame. */
    public int readManual(int channel) {
        checkChannel(channel);
        command(CMD_MAN_CH_0 | channel << CMD_MAN_CH_SHIFT);
        return command(CMD_NO_OP);
    }

    /** Sends one 32-clock command frame and returns the 16-bit result shifted out in clocks 17-32. */
    public int command(int word) {
        if ((word & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("ADS8688 command must fit 16 bits, got 0x" + Integer.toHexString(word));
        }
        tx[0] = (byte) (word >>> 8);
        tx[1] = (byte) word;
        tx[2] = 0;
        tx[3] = 0;
        spi.transfer(tx, rx, COMMAND_FRAME_BYTES);
        return (rx[2] & 0xFF) << 8 | (rx[3] & 0xFF);
    }

    /** Ideal input voltage at the low edge of {@code code}: min + code x span / 2^16. */
    public static double voltsFor(Range range, int code) {
        if (range == null) {
            throw new IllegalArgumentException("range must not be null");
        }
        if (code < 0 || code > MAX_CODE) {
            throw new IllegalArgumentException("ADS8688 code must be 0-65535, got " + code);
        }
        return range.minVolts + code * range.spanVolts() / 65536.0;
    }

    private int registerFrame(int word) {
        tx[0] = (byte) (word >>> 8);
        tx[1] = (byte) word;
        tx[2] = 0;
        spi.transfer(tx, rx, REGISTER_FRAME_BYTES);
        return rx[2] & 0xFF;
    }

    private static void checkChannel(int ch) {
        if (ch < 0 || ch >= CHANNELS) {
            throw new IllegalArgumentException("ADS8688 channel must be 0-7, got " + ch);
        }
    }
}
