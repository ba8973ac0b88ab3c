package org.lightkeeper.sim.chip;

import static org.lightkeeper.hal.chip.Ads8688.*;

import java.util.Arrays;

import org.lightkeeper.hal.chip.Ads8688.Range;
import org.lightkeeper.sim.bus.SpiTarget;

/**
 * Emulator of the TI ADS8688 ADC, sharing the driver's command and register table (datasheet SBAS582,
 * "Command Register Description", "Program Register Map").
 *
 * <p>Command frame (bit 15 set, or NO_OP 0x0000): the channel selected by the previous command is
 * sampled as the frame starts and its 16-bit result goes out on SDO in clocks 17-32 (one frame of
 * latency); then the command picks what the next frame samples. NO_OP continues: the same channel
 * in manual mode, the next enabled channel (ascending, wrapping) in auto mode. After power-up, RST,
 * STDBY or PWR_DN nothing is selected and SDO carries zeros until MAN_Ch_n or AUTO_RST. Program
 * register frame (bit 15 clear, at least 24 clocks): the value read, or the value written, goes out
 * in clocks 17-24; the channel selection is untouched.
 *
 * <p>The input is sampled when the frame reaches the emulator, after the bus has charged its wire
 * time. Not modelled: the AUX channel (MAN_AUX selects nothing), CH_PWR_DN (stored only), alarm
 * registers (stored only, power-up 0), SDO formats other than 000 in FEATURE_SELECT, conversion noise.
 * Words that are neither a listed command nor a register access act as NO_OP (assumed).
 */
public final class Ads8688Sim implements SpiTarget {
    /** The analog voltage on each channel pin at the moment of sampling. */
    public interface AnalogInput {
        double volts(int channel);
    }

    private static final int NONE = -1;

    private final AnalogInput input;
    private final int[] regs = new int[REG_MAX + 1];
    private boolean auto;
    private int next = NONE;
    private int lastCommand;
    private long conversions;

    public Ads8688Sim(AnalogInput input) {
        if (input == null) {
            throw new IllegalArgumentException("input must not be null");
        }
        this.input = input;
        resetRegisters();
    }

    @Override
    public void transfer(byte[] tx, byte[] rx, int length) {
        for (int i = 0; i < length; i++) {
            rx[i] = 0;
        }
        if (length < 2) {
            return; // fewer than 16 clocks: no command
        }
        int word = (tx[0] & 0xFF) << 8 | (tx[1] & 0xFF);
        if (word == CMD_NO_OP || (word & 0x8000) != 0) {
            commandFrame(word, rx, length);
        } else if (length >= REGISTER_FRAME_BYTES) {
            rx[2] = (byte) registerAccess(word);
        }
    }

    private void commandFrame(int word, byte[] rx, int length) {
        int sampled = next;
        if (sampled != NONE) {
            int code = quantise(rangeOf(sampled), input.volts(sampled));
            conversions++;
            if (length > 2) {
                rx[2] = (byte) (code >>> 8);
            }
            if (length > 3) {
                rx[3] = (byte) code;
            }
        }
        lastCommand = word;
        if (word == CMD_RST) {
            resetRegisters();
            auto = false;
            next = NONE;
        } else if (word == CMD_STDBY || word == CMD_PWR_DN) {
            auto = false;
            next = NONE;
        } else if (word == CMD_AUTO_RST) {
            auto = true;
            next = nextEnabled(-1);
        } else if ((word & 0xE3FF) == CMD_MAN_CH_0) {
            auto = false;
            next = (word >>> CMD_MAN_CH_SHIFT) & 0x7;
        } else if (word == CMD_MAN_AUX) {
            auto = false;
            next = NONE;
        } else if (auto && sampled != NONE) { // NO_OP (and unknown words) continue the sequence
            next = nextEnabled(sampled);
        }
    }

    private int registerAccess(int word) {
        int addr = word >>> PROG_ADDR_SHIFT;
        int data = word & 0xFF;
        if ((word & PROG_WRITE_BIT) != 0) {
            if (addr != 0 && addr != REG_CMD_READ_BACK) {
                regs[addr] = data;
            }
            return data;
        }
        return addr == REG_CMD_READ_BACK ? lastCommand >>> 8 : regs[addr];
    }

    private int nextEnabled(int after) {
        int mask = regs[REG_AUTO_SEQ_EN];
        for (int i = 1; i <= CHANNELS; i++) {
            int ch = (after + i + CHANNELS) % CHANNELS;
            if ((mask & (1 << ch)) != 0) {
                return ch;
            }
        }
        return NONE;
    }

    private Range rangeOf(int ch) {
        Range r = Range.fromCode(regs[REG_RANGE_CH_0 + ch] & 0xF);
        return r != null ? r : Range.BIPOLAR_2V5_VREF; // undefined codes: assumed default range
    }

    /** Ideal 16-bit conversion, rounded to the nearest code and clamped to 0x0000-0xFFFF. */
    public static int quantise(Range range, double volts) {
        double x = Math.floor((volts - range.minVolts()) / range.spanVolts() * 65536.0 + 0.5);
        if (!(x >= 0)) {
            return 0;
        }
        return x > MAX_CODE ? MAX_CODE : (int) x;
    }

    private void resetRegisters() {
        Arrays.fill(regs, 0);
        regs[REG_AUTO_SEQ_EN] = AUTO_SEQ_EN_DEFAULT; // CH_PWR_DN, FEATURE_SELECT, ranges: 0x00
    }

    /** Program register {@code addr} as the part holds it. */
    public int register(int addr) {
        if (addr < 0 || addr > REG_MAX) {
            throw new IllegalArgumentException("register must be 0x00-0x3F, got " + addr);
        }
        return addr == REG_CMD_READ_BACK ? lastCommand >>> 8 : regs[addr];
    }

    /** Channel the next command frame samples, or -1 when none is selected. */
    public int selectedChannel() {
        return next;
    }

    public boolean autoMode() {
        return auto;
    }

    /** Conversions made so far (one per command frame with a channel selected). */
    public long conversions() {
        return conversions;
    }
}
