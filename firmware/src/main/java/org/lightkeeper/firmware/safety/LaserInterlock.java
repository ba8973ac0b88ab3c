package org.lightkeeper.firmware.safety;

/**
 * Which lanes of an ELS may carry light (DESIGN.md section 4): all of them only when the module is
 * READY, every engine it feeds is present and powered, its fibre check passed where the module
 * reports one, and no critical alarm stands on the path; otherwise none. Evaluated every ELS loop
 * tick, so a lost condition disables the lanes within one period. A pure function of its inputs.
 */
public final class LaserInterlock {
    /** Conditions on one ELS slot's light path. */
    public record PathStatus(boolean moduleReady, boolean enginesPowered, boolean fibreCheckPassed,
                             boolean criticalAlarm) {
    }

    private LaserInterlock() {
    }

    /** Lane mask the interlock allows for a path: every lane, or none. */
    public static int allowedLanes(PathStatus p) {
        return p.moduleReady() && p.enginesPowered() && p.fibreCheckPassed() && !p.criticalAlarm() ? 0xFF : 0;
    }

    /** Why the interlock holds the lanes dark, or null when it allows them. */
    public static String blockedBecause(PathStatus p) {
        if (!p.moduleReady()) {
            return "ELS module not ready";
        }
        if (!p.enginesPowered()) {
            return "an engine fed by this ELS is absent or unpowered";
        }
        if (!p.fibreCheckPassed()) {
            return "fibre check failed";
        }
        if (p.criticalAlarm()) {
            return "critical alarm on this light path";
        }
        return null;
    }
}
