package org.lightkeeper.hal.chip;

import org.lightkeeper.hal.bus.SpiDevice;

/**
 * Analog Devices LTC2668-16, 16-channel 16-bit SoftSpan voltage DAC (datasheet LTC2668 rev. C,
 * "Serial Interface", Table 1 "Command Codes", Table 2 "Span Codes"; eval board DC2025A).
 *
 * <p>Frames are the 32-bit variant, MSB first: 8 don't-care bits, then command C3..C0, address
 * A3..A0 and data D15..D0 ("Serial Interface", Figure 3b). The part's 32-bit shift register is
 * echoed on SDO, delayed by 32 clocks ("Daisy-Chain Operation"), so each frame reads back the
 * previous frame's input word: {@link #lastEcho()}.
 *
 * <p>Code and span are double-buffered: a write lands in the input registers and the output moves
 * only on an update. Every update command also powers its channel(s) up ("Power-Down Mode"). Code
 * format is straight binary for unipolar spans and offset binary for bipolar spans (0x8000 = 0 V).
 * Drivers never retry; bus errors propagate as {@code BusException}.
 */
public final class Ltc2668 {
    /** DAC channels (datasheet page 1). */
    public static final int CHANNELS = 16;
    /** Highest code of the 16-bit part. */
    public static final int MAX_CODE = 0xFFFF;
    /** Bytes of one frame, 32-bit variant ("Serial Interface", Figure 3b). */
    public static final int FRAME_BYTES = 4;

    // Command codes C3..C0, datasheet Table 1 "Command Codes".
    public static final int CMD_WRITE_N = 0b0000;
    public static final int CMD_UPDATE_N = 0b0001;
    public static final int CMD_WRITE_N_UPDATE_ALL = 0b0010;
    public static final int CMD_WRITE_N_UPDATE_N = 0b0011;
    public static final int CMD_POWER_DOWN_N = 0b0100;
    public static final int CMD_POWER_DOWN_CHIP = 0b0101;
    public static final int CMD_WRITE_SPAN_N = 0b0110;
    public static final int CMD_CONFIG = 0b0111;
    public static final int CMD_WRITE_ALL = 0b1000;
    public static final int CMD_UPDATE_ALL = 0b1001;
    public static final int CMD_WRITE_ALL_UPDATE_ALL = 0b1010;
    public static final int CMD_MUX = 0b1011;
    public static final int CMD_TOGGLE_SELECT = 0b1100;
    public static final int CMD_GLOBAL_TOGGLE = 0b1101;
    public static final int CMD_WRITE_SPAN_ALL = 0b1110;
    public static final int CMD_NO_OP = 0b1111;
    /** Span code S2..S0 sits in data bits D2..D0 of a write-span word (Table 2). */
    public static final int SPAN_CODE_MASK = 0b111;

    /** Output spans, span code S2..S0 (datasheet Table 2 "Span Codes"). */
    public enum Span {
        UNIPOLAR_5V(0b000, 0, 5),
        UNIPOLAR_10V(0b001, 0, 10),
        BIPOLAR_5V(0b010, -5, 5),
        BIPOLAR_10V(0b011, -10, 10),
        BIPOLAR_2V5(0b100, -2.5, 2.5);

        private final int code;
        private final double minVolts;
        private final double maxVolts;

        Span(int code, double minVolts, double maxVolts) {
            this.code = code;
            this.minVolts = minVolts;
            this.maxVolts = maxVolts;
        }

        /** values() copies the array on every call; the decoders run per conversion. */
        private static final Span[] ALL = values();

        public int code() {
            return code;
        }

        public double minVolts() {
            return minVolts;
        }

        public double maxVolts() {
            return maxVolts;
        }

        public boolean bipolar() {
            return minVolts < 0;
        }

        /** The span with span code {@code code}, or null for the reserved codes 101-111. */
        public static Span fromCode(int code) {
            for (Span s : ALL) {
                if (s.code == code) {
                    return s;
                }
            }
            return null;
        }
    }

    private final SpiDevice spi;
    private final byte[] tx = new byte[FRAME_BYTES];
    private final byte[] rx = new byte[FRAME_BYTES];
    private int lastEcho;

    public Ltc2668(SpiDevice spi) {
        if (spi == null) {
            throw new IllegalArgumentException("spi must not be null");
        }
        this.spi = spi;
    }

    public SpiDevice spi() {
        return spi;
    }

    /** Writes the span of every channel (command 1110); outputs take it on their next update. */
    public void setSpanAll(Span span) {
        checkSpan(span);
        frame(CMD_WRITE_SPAN_ALL, 0, span.code);
    }

    /** Writes the span of channel {@code ch} (command 0110); the output takes it on its next update. */
    public void setSpan(int ch, Span span) {
        checkChannel(ch);
        checkSpan(span);
        frame(CMD_WRITE_SPAN_N, ch, span.code);
    }

    /** Writes {@code code} to channel {@code channel} and updates (powers up) that channel (0011). */
    public void writeAndUpdate(int channel, int code) {
        checkChannel(channel);
        checkCode(code);
        frame(CMD_WRITE_N_UPDATE_N, channel, code);
    }

    /**
     * Writes {@code codes[ch]} to the input register of every channel set in {@code channelMask}
     * (command 0000 each), then sends one update-all frame (1001), so all outputs move together.
     * Everything is checked before the first frame. Note that update-all powers up every channel,
     * including ones powered down with {@link #powerDown}. A zero mask sends nothing.
     */
    public void writeCodes(int[] codes, int channelMask) {
        if ((channelMask & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("channel mask must fit 16 bits, got 0x" + Integer.toHexString(channelMask));
        }
        if (channelMask == 0) {
            return;
        }
        int highest = 31 - Integer.numberOfLeadingZeros(channelMask);
        if (codes == null || codes.length <= highest) {
            throw new IllegalArgumentException("codes must hold an entry for channel " + highest);
        }
        for (int ch = 0; ch <= highest; ch++) {
            if ((channelMask & (1 << ch)) != 0) {
                checkCode(codes[ch]);
            }
        }
        for (int ch = 0; ch <= highest; ch++) {
            if ((channelMask & (1 << ch)) != 0) {
                frame(CMD_WRITE_N, ch, codes[ch]);
            }
        }
        frame(CMD_UPDATE_ALL, 0, 0);
    }

    /** Powers down channel {@code ch} (0100); codes are kept, an update powers it up again. */
    public void powerDown(int ch) {
        checkChannel(ch);
        frame(CMD_POWER_DOWN_N, ch, 0);
    }

    /** Sends a no-op frame (1111): useful to read back the previous word with {@link #lastEcho()}. */
    public void noOp() {
        frame(CMD_NO_OP, 0, 0);
    }

    /**
     * The 32-bit word the part shifted out on SDO during the last frame, which is the input word of
     * the frame before it ("Daisy-Chain Operation"). 0 before any frame.
     */
    public int lastEcho() {
        return lastEcho;
    }

    /** The code nearest to {@code volts} in {@code span}; the top of the span maps to 0xFFFF. */
    public static int codeFor(Span span, double volts) {
        checkSpan(span);
        if (!(volts >= span.minVolts && volts <= span.maxVolts)) {
            throw new IllegalArgumentException(volts + " V is outside span " + span);
        }
        long code = Math.round((volts - span.minVolts) / (span.maxVolts - span.minVolts) * 65536.0);
        return (int) Math.min(code, MAX_CODE);
    }

    /** Ideal output for {@code code}: min + code x (max - min) / 2^16 (datasheet "Operation", transfer function). */
    public static double voltsFor(Span span, int code) {
        checkSpan(span);
        checkCode(code);
        return span.minVolts + code * (span.maxVolts - span.minVolts) / 65536.0;
    }

    private void frame(int command, int address, int data) {
        tx[0] = 0;
        tx[1] = (byte) ((command << 4) | address);
        tx[2] = (byte) (data >>> 8);
        tx[3] = (byte) data;
        spi.transfer(tx, rx, FRAME_BYTES);
        lastEcho = (rx[0] & 0xFF) << 24 | (rx[1] & 0xFF) << 16 | (rx[2] & 0xFF) << 8 | (rx[3] & 0xFF);
    }

    private static void checkChannel(int ch) {
        if (ch < 0 || ch >= CHANNELS) {
            throw new IllegalArgumentException("LTC2668 channel must be 0-15, got " + ch);
        }
    }

    private static void checkCode(int code) {
        if (code < 0 || code > MAX_CODE) {
            throw new IllegalArgumentException("LTC2668 code must be 0-65535, got " + code);
        }
    }

    private static void checkSpan(Span span) {
        if (span == null) {
            throw new IllegalArgumentException("span must not be null");
        }
    }
}
