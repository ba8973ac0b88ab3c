package org.lightkeeper.sim.chip;

import static org.lightkeeper.hal.chip.Ltc2668.*;

import java.util.Arrays;

import org.lightkeeper.hal.chip.Ltc2668;
import org.lightkeeper.hal.chip.Ltc2668.Span;
import org.lightkeeper.sim.bus.SpiTarget;

/**
 * Emulator of the LTC2668-16 DAC, sharing the driver's command table (datasheet "Serial Interface",
 * Table 1). Models a 32-bit shift register that is echoed on SDO 32 clocks later ("Daisy-Chain
 * Operation"); on chip-select rise after 24 or 32 clocks the last 24 bits are executed; a frame of any
 * other length is not executed (its bits still pass through the shift register, as on the part). Per channel: input and DAC code registers, input and DAC span registers
 * (double-buffered, moved on update), power-down. Power-up: every channel at the SoftSpan-pin span,
 * code zero-scale for unipolar and mid-scale for bipolar spans, so outputs start at 0 V.
 *
 * <p>A powered-down output is reported as 0 V (the datasheet's high-impedance output drives no heater
 * current). Not modelled: toggle (A/B registers), the monitor mux output, config bits beyond storage,
 * output slew.
 */
public final class Ltc2668Sim implements SpiTarget {
    /** Told about every change of an output voltage. */
    public interface OutputListener {
        void onOutput(int channel, double volts);
    }

    private final OutputListener listener;
    private final int[] inputCode = new int[CHANNELS];
    private final int[] dacCode = new int[CHANNELS];
    private final Span[] inputSpan = new Span[CHANNELS];
    private final Span[] dacSpan = new Span[CHANNELS];
    private final boolean[] poweredDown = new boolean[CHANNELS];
    private final double[] before = new double[CHANNELS];
    private int shift;
    private int config;
    private int mux;
    private int toggleSelect;
    private long frames;

    public Ltc2668Sim(Span powerUpSpan, OutputListener listener) {
        if (powerUpSpan == null) {
            throw new IllegalArgumentException("powerUpSpan must not be null");
        }
        this.listener = listener;
        int code = powerUpSpan.bipolar() ? 0x8000 : 0;
        for (int ch = 0; ch < CHANNELS; ch++) {
            inputSpan[ch] = powerUpSpan;
            dacSpan[ch] = powerUpSpan;
            inputCode[ch] = code;
            dacCode[ch] = code;
        }
    }

    @Override
    public void transfer(byte[] tx, byte[] rx, int length) {
        for (int i = 0; i < length; i++) {
            rx[i] = (byte) (shift >>> 24);
            shift = shift << 8 | (tx[i] & 0xFF);
        }
        if (length == 3 || length == 4) {
            frames++;
            execute(shift & 0xFFFFFF);
        }
    }

    private void execute(int word) {
        int command = (word >>> 20) & 0xF;
        int ch = (word >>> 16) & 0xF;
        int data = word & 0xFFFF;
        snapshot();
        switch (command) {
            case CMD_WRITE_N -> inputCode[ch] = data;
            case CMD_UPDATE_N -> update(ch);
            case CMD_WRITE_N_UPDATE_ALL -> {
                inputCode[ch] = data;
                updateAll();
            }
            case CMD_WRITE_N_UPDATE_N -> {
                inputCode[ch] = data;
                update(ch);
            }
            case CMD_POWER_DOWN_N -> poweredDown[ch] = true;
            case CMD_POWER_DOWN_CHIP -> Arrays.fill(poweredDown, true);
            case CMD_WRITE_SPAN_N -> writeSpan(ch, data);
            case CMD_CONFIG -> config = data & 0xF;
            case CMD_WRITE_ALL -> Arrays.fill(inputCode, data);
            case CMD_UPDATE_ALL -> updateAll();
            case CMD_WRITE_ALL_UPDATE_ALL -> {
                Arrays.fill(inputCode, data);
                updateAll();
            }
            case CMD_MUX -> mux = data & 0x1F;
            case CMD_TOGGLE_SELECT -> toggleSelect = data;
            case CMD_WRITE_SPAN_ALL -> {
                for (int c = 0; c < CHANNELS; c++) {
                    writeSpan(c, data);
                }
            }
            default -> {
                // CMD_GLOBAL_TOGGLE (toggle not modelled), CMD_NO_OP
            }
        }
        notifyChanges();
    }

    private void writeSpan(int ch, int data) {
        Span s = Span.fromCode(data & SPAN_CODE_MASK);
        if (s != null) { // reserved span codes 101-111 leave the span as it was
            inputSpan[ch] = s;
        }
    }

    private void update(int ch) {
        dacCode[ch] = inputCode[ch];
        dacSpan[ch] = inputSpan[ch];
        poweredDown[ch] = false;
    }

    private void updateAll() {
        for (int ch = 0; ch < CHANNELS; ch++) {
            update(ch);
        }
    }

    private void snapshot() {
        for (int ch = 0; ch < CHANNELS; ch++) {
            before[ch] = outputVolts(ch);
        }
    }

    private void notifyChanges() {
        if (listener == null) {
            return;
        }
        for (int ch = 0; ch < CHANNELS; ch++) {
            double v = outputVolts(ch);
            if (v != before[ch]) {
                listener.onOutput(ch, v);
            }
        }
    }

    /** The voltage on output {@code channel}: 0 V while powered down. */
    public double outputVolts(int channel) {
        check(channel);
        return poweredDown[channel] ? 0.0 : Ltc2668.voltsFor(dacSpan[channel], dacCode[channel]);
    }

    /** The DAC register (the code driving the output), for readback and warm-restart adoption. */
    public int dacCode(int channel) {
        check(channel);
        return dacCode[channel];
    }

    /** The input register (written, not yet updated). */
    public int inputCode(int channel) {
        check(channel);
        return inputCode[channel];
    }

    /** The span the output currently uses. */
    public Span span(int channel) {
        check(channel);
        return dacSpan[channel];
    }

    public boolean poweredDown(int channel) {
        check(channel);
        return poweredDown[channel];
    }

    /** Monitor mux word (enable bit 4, channel bits 3..0) as last written. */
    public int mux() {
        return mux;
    }

    public int config() {
        return config;
    }

    public int toggleSelect() {
        return toggleSelect;
    }

    /** Frames executed (24 or 32 clocks); frames of other lengths are not counted. */
    public long frames() {
        return frames;
    }

    private static void check(int channel) {
        if (channel < 0 || channel >= CHANNELS) {
            throw new IllegalArgumentException("LTC2668 channel must be 0-15, got " + channel);
        }
    }
}
