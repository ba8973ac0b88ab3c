package org.lightkeeper.firmware;

import org.lightkeeper.firmware.state.BoardSnapshot;

/** The one-line status a person watches: ELS state, lanes lit, rings locked, worst detuning. */
public final class StatusLine {
    private StatusLine() {
    }

    /** The status line with the ring loop's bus share (the share of its period the SPI buses were busy). */
    public static String format(Firmware fw) {
        return format(fw.snapshot()) + String.format(" | ring loop bus %.0f%% (max %.0f%%)", 100 * fw.ringBusShare(),
                100 * fw.ringBusShareMax());
    }

    public static String format(BoardSnapshot s) {
        StringBuilder b = new StringBuilder(String.format("t=%8.3f s", s.sampledAtNs() / 1e9));
        for (BoardSnapshot.ElsSlot e : s.elsSlots()) {
            b.append(" | ELS").append(e.slot()).append(' ').append(e.state());
        }
        b.append(" | lanes lit ").append(s.lanesLit());
        b.append(" | rings locked ").append(s.ringsLocked()).append('/').append(s.rings().size());
        double worst = s.worstDetuningPm();
        b.append(" | worst detuning ").append(Double.isNaN(worst) ? "-" : String.format("%.2f pm", worst));
        if (!Double.isNaN(s.boardTemperatureC())) {
            b.append(String.format(" | board %.2f C", s.boardTemperatureC()));
        }
        return b.toString();
    }
}
