package org.lightkeeper.firmware.persist;

/** A laser lane: ELS slot and lane within the module, both from 0. */
public record LaneKey(int slot, int lane) implements Comparable<LaneKey> {
    public LaneKey {
        Checks.index("slot", slot);
        Checks.index("lane", lane);
    }

    @Override
    public int compareTo(LaneKey o) {
        return slot != o.slot ? Integer.compare(slot, o.slot) : Integer.compare(lane, o.lane);
    }

    @Override
    public String toString() {
        return "slot " + slot + " lane " + lane;
    }
}
