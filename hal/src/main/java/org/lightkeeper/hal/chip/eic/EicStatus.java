package org.lightkeeper.hal.chip.eic;

import static org.lightkeeper.hal.chip.eic.EicRegisters.*;

/** The EIC STATUS word, decoded ({@code docs/eic-regmap.md}, register 0x0002). */
public record EicStatus(int raw) {
    public EicStatus {
        if ((raw & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("EIC status must fit 16 bits, got 0x" + Integer.toHexString(raw));
        }
    }

    public boolean powerGood() {
        return (raw & STATUS_POWER_GOOD) != 0;
    }

    public boolean thermalAlarm() {
        return (raw & STATUS_THERMAL_ALARM) != 0;
    }

    public boolean heaterFault() {
        return (raw & STATUS_HEATER_FAULT) != 0;
    }

    public boolean monitorsValid() {
        return (raw & STATUS_MONITORS_VALID) != 0;
    }

    public boolean frameError() {
        return (raw & STATUS_FRAME_ERROR) != 0;
    }

    @Override
    public String toString() {
        return String.format("EicStatus[0x%04X%s%s%s%s%s]", raw, powerGood() ? " PGOOD" : "",
                thermalAlarm() ? " THERMAL" : "", heaterFault() ? " HEATER_FAULT" : "",
                monitorsValid() ? " MON_VALID" : "", frameError() ? " FRAME_ERROR" : "");
    }
}
