package org.lightkeeper.firmware.alarm;

import java.util.List;

/**
 * What one acknowledgement did.
 *
 * @param cleared      matched flags whose condition had gone, now off the list (as they were, acknowledged)
 * @param acknowledged matched flags still standing, acknowledged (now or earlier), still listed
 * @param atNs         firmware clock when it was applied, ns
 * @param by           who acknowledged (principal name)
 */
public record Acknowledgement(List<AlarmFlag> cleared, List<AlarmFlag> acknowledged, long atNs, String by) {
    public Acknowledgement {
        cleared = List.copyOf(cleared);
        acknowledged = List.copyOf(acknowledged);
    }

    public boolean matchedNothing() {
        return cleared.isEmpty() && acknowledged.isEmpty();
    }
}
