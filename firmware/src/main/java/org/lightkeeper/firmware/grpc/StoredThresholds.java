package org.lightkeeper.firmware.grpc;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import org.lightkeeper.firmware.alarm.AlarmTable;
import org.lightkeeper.firmware.alarm.Quantity;
import org.lightkeeper.firmware.alarm.Thresholds;
import org.lightkeeper.firmware.persist.Configuration;

/**
 * Alarm thresholds between the alarm table and the stored configuration (docs/persistence.md): named
 * by quantity in kebab case ({@code lane-bias}), NaN where a threshold is not checked.
 */
final class StoredThresholds {
    private static final Logger LOG = Logger.getLogger(StoredThresholds.class.getName());

    private StoredThresholds() {
    }

    static String name(Quantity q) {
        return q.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The table's thresholds as the configuration stores them. */
    static Map<String, Configuration.Thresholds> of(AlarmTable table) {
        Map<String, Configuration.Thresholds> out = new LinkedHashMap<>();
        for (Thresholds t : table.thresholds()) {
            out.put(name(t.quantity()), new Configuration.Thresholds(t.highAlarm(), t.highWarning(), t.lowWarning(),
                    t.lowAlarm(), t.hysteresis()));
        }
        return out;
    }

    /**
     * Puts stored thresholds into {@code table}. Each is validated as a management write would be; one
     * that fails (a quantity this firmware no longer has, or values it refuses) is logged and skipped,
     * leaving that quantity at its default.
     */
    static void restore(Map<String, Configuration.Thresholds> stored, AlarmTable table) {
        for (Map.Entry<String, Configuration.Thresholds> e : stored.entrySet()) {
            Quantity q = null;
            for (Quantity c : Quantity.values()) {
                if (name(c).equals(e.getKey())) {
                    q = c;
                }
            }
            if (q == null) {
                LOG.warning("stored thresholds for unknown quantity '" + e.getKey() + "' ignored");
                continue;
            }
            Configuration.Thresholds t = e.getValue();
            try {
                table.setThresholds(Thresholds.of(q, t.highAlarm(), t.highWarning(), t.lowWarning(), t.lowAlarm(),
                        t.hysteresis()));
            } catch (IllegalArgumentException ex) {
                LOG.warning("stored thresholds for " + e.getKey() + " refused, default kept: " + ex.getMessage());
            }
        }
    }
}
