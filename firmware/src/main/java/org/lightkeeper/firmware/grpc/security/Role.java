package org.lightkeeper.firmware.grpc.security;

import java.util.Locale;

/** What a management client may do; each role includes the ones before it. */
public enum Role {
    /** Reads: inventory, state, telemetry and alarm streams, health, reflection. */
    VIEWER,
    /** Plus laser and ring control, thresholds, warm restart. */
    OPERATOR,
    /** Plus register writes and configuration restore. */
    ADMIN;

    /** True when this role may call a method that needs {@code needed}. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** Lower-case name as written in roles files and messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "viewer", "operator" or "admin" (any case). */
    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.label().equalsIgnoreCase(s.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + s.trim() + "' (viewer, operator or admin)");
    }
}
