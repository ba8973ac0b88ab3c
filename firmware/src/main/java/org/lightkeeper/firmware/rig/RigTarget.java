package org.lightkeeper.firmware.rig;

import org.lightkeeper.hal.board.ChipType;

/** A chip to read or write: its name, segment, 7-bit address, and part ({@code null} when the board file has none there). */
public record RigTarget(String name, RigSession.Segment segment, int address, ChipType part) {
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s (%s at 0x%02X on %s)", name,
                part == null ? "unknown part" : part.name(), address, segment.name());
    }
}
