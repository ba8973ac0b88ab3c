package org.lightkeeper.firmware.els;

/** Bring-up states of one ELS slot (DESIGN.md section 3). */
public enum ElsState {
    ABSENT, PRESENT, RESET_RELEASED, IDENTIFIED, LOW_POWER, READY, LANES_ENABLED, FAILED
}
