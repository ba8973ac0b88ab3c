package org.lightkeeper.firmware.persist;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The "config" document (DESIGN.md section 6): what the operator set. Immutable; every value range-checked
 * on construction, so a loaded document is as valid as one built in code.
 *
 * @param lanes lane enables and laser power setpoints, one entry per configured lane
 * @param ringTargets lock target per ring (rings absent use the firmware's default)
 * @param thresholds alarm thresholds by monitored quantity, e.g. {@code "laser-bias-ma"}
 */
public record Configuration(List<Lane> lanes, List<RingTarget> ringTargets, Map<String, Thresholds> thresholds) {
    /** Largest laser power setpoint accepted, mW: far above any ELS lane, it only catches garbage. */
    public static final double MAX_POWER_SETPOINT_MW = 1000;
    private static final Pattern THRESHOLD_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    public Configuration {
        lanes = Checks.unique("lane", lanes, Lane::lane);
        ringTargets = Checks.unique("ring target for", ringTargets, RingTarget::ring);
        TreeMap<String, Thresholds> t = new TreeMap<>();
        for (Map.Entry<String, Thresholds> e : thresholds.entrySet()) {
            if (!THRESHOLD_NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("threshold name '" + e.getKey() + "' must match " + THRESHOLD_NAME);
            }
            t.put(e.getKey(), Objects.requireNonNull(e.getValue(), "thresholds " + e.getKey()));
        }
        thresholds = Collections.unmodifiableMap(t);
    }

    /** A lane's enable and laser power setpoint. */
    public record Lane(LaneKey lane, boolean enabled, double powerSetpointMw) {
        public Lane {
            Objects.requireNonNull(lane, "lane");
            Checks.range("powerSetpointMw", powerSetpointMw, 0, MAX_POWER_SETPOINT_MW, "mW");
        }
    }

    /**
     * A ring's lock target: the fraction of the resonance peak to lock at, 1 for the peak itself (filters),
     * below 1 for a point on the red slope (modulators).
     */
    public record RingTarget(RingKey ring, double lockFraction) {
        public RingTarget {
            Objects.requireNonNull(ring, "ring");
            Checks.above("lockFraction", lockFraction, 0, 1, "of peak");
        }
    }

    /**
     * Alarm thresholds as {alarm, warning} x {high, low}, in the quantity's unit (NaN: that threshold is
     * not checked), and the hysteresis a reading must move back past a threshold before its flag clears.
     */
    public record Thresholds(double highAlarm, double highWarning, double lowWarning, double lowAlarm,
                             double hysteresis) {
        public Thresholds {
            double[] ordered = {lowAlarm, lowWarning, highWarning, highAlarm};
            String[] names = {"lowAlarm", "lowWarning", "highWarning", "highAlarm"};
            double below = Double.NEGATIVE_INFINITY;
            String belowName = null;
            for (int i = 0; i < ordered.length; i++) {
                if (Double.isInfinite(ordered[i])) {
                    throw new IllegalArgumentException(names[i] + " must be finite or absent, got " + ordered[i]);
                }
                if (Double.isNaN(ordered[i])) {
                    continue;
                }
                if (ordered[i] < below) {
                    throw new IllegalArgumentException("thresholds must satisfy lowAlarm <= lowWarning <= highWarning <= "
                            + "highAlarm, got " + belowName + " " + below + " above " + names[i] + " " + ordered[i]);
                }
                below = ordered[i];
                belowName = names[i];
            }
            Checks.finite("hysteresis", hysteresis);
            if (hysteresis < 0) {
                throw new IllegalArgumentException("hysteresis must be >= 0, got " + hysteresis);
            }
        }
    }
}
