package org.lightkeeper.firmware.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.alarm.AlarmTable;
import org.lightkeeper.firmware.alarm.Quantity;
import org.lightkeeper.firmware.alarm.Thresholds;
import org.lightkeeper.firmware.els.ElsSlotController;
import org.lightkeeper.firmware.persist.Configuration;
import org.lightkeeper.firmware.ring.EngineLock;

/**
 * The operator configuration a soak sets once, early, through the same calls the management services
 * make (a lane power setpoint, a lane the operator disables, a modulator lock target, an alarm
 * threshold), and checks at the end is still in force after every restart and module swap. The soak
 * never sets it again: keeping it is the firmware's job.
 */
public record OperatorSettings(int slot, int setpointLane, double setpointMw, int disabledLane, int lockEngine,
                               int lockRing, double lockFraction, Thresholds threshold) {

    /** Default: the board sensor's thresholds moved 5 K down (every value finite, so any store can hold them). */
    static Thresholds boardTemperatureThreshold() {
        return Thresholds.of(Quantity.BOARD_TEMPERATURE, 80, 70, 5, 0, 1);
    }

    /** Queues the settings on the firmware's control thread, as the gRPC services do; the future completes there. */
    CompletableFuture<Long> apply(Firmware fw, AlarmTable alarms) {
        ElsSlotController c = slot(fw);
        EngineLock engine = fw.engines().get(lockEngine);
        int index = index(engine);
        // AlarmService.SetThreshold writes the table from the gRPC thread; the rest goes through execute().
        alarms.setThresholds(threshold);
        return fw.execute(() -> {
            c.setPowerSetpointMw(setpointLane, setpointMw);
            c.setOperatorLanes(c.operatorLanes() & ~(1 << disabledLane));
            engine.setLockFraction(index, lockFraction);
            return fw.clock().nanos();
        });
    }

    private ElsSlotController slot(Firmware fw) {
        return fw.slots().stream().filter(s -> s.slot() == slot).findFirst().orElseThrow();
    }

    private int index(EngineLock e) {
        for (int i = 0; i < e.ringCount(); i++) {
            if (e.ringId(i) == lockRing) {
                return i;
            }
        }
        throw new IllegalStateException("no ring " + lockRing + " on engine " + lockEngine);
    }

    /** What of the settings the running firmware no longer holds (empty: all in force). Control thread. */
    List<String> lostIn(Firmware fw, AlarmTable alarms) {
        List<String> lost = new ArrayList<>();
        ElsSlotController c = slot(fw);
        if ((c.operatorLanes() & 1 << disabledLane) != 0) {
            lost.add("slot " + slot + " lane " + disabledLane + " is operator-enabled again (was disabled)");
        }
        if (c.powerSetpointMw(setpointLane) != setpointMw) {
            lost.add(String.format(Locale.ROOT, "slot %d lane %d power setpoint %.2f mW (set %.2f mW)", slot,
                    setpointLane, c.powerSetpointMw(setpointLane), setpointMw));
        }
        EngineLock e = fw.engines().get(lockEngine);
        double f = e.lockFraction(index(e));
        if (f != lockFraction) {
            lost.add(String.format(Locale.ROOT, "ring %d lock fraction %.3f (set %.3f)", lockRing, f, lockFraction));
        }
        Thresholds t = alarms.thresholds(threshold.quantity());
        if (!threshold.equals(t)) {
            lost.add("thresholds " + t + " (set " + threshold + ")");
        }
        return lost;
    }

    /** What of the settings the stored configuration document lacks (empty: all there). */
    List<String> missingFrom(Configuration doc) {
        List<String> missing = new ArrayList<>();
        boolean disabled = false;
        boolean setpoint = false;
        for (Configuration.Lane l : doc.lanes()) {
            if (l.lane().slot() == slot && l.lane().lane() == disabledLane && !l.enabled()) {
                disabled = true;
            }
            if (l.lane().slot() == slot && l.lane().lane() == setpointLane && l.powerSetpointMw() == setpointMw) {
                setpoint = true;
            }
        }
        if (!disabled) {
            missing.add("lane " + disabledLane + " disabled");
        }
        if (!setpoint) {
            missing.add("lane " + setpointLane + " setpoint " + setpointMw + " mW");
        }
        if (doc.ringTargets().stream().noneMatch(r -> r.ring().engine() == lockEngine && r.ring().ring() == lockRing
                && r.lockFraction() == lockFraction)) {
            missing.add("ring " + lockRing + " lock fraction " + lockFraction);
        }
        // Stored thresholds are named by the store; the values identify them.
        Configuration.Thresholds want = new Configuration.Thresholds(threshold.highAlarm(), threshold.highWarning(),
                threshold.lowWarning(), threshold.lowAlarm(), threshold.hysteresis());
        if (!doc.thresholds().containsValue(want)) {
            missing.add(threshold.quantity().name().toLowerCase(Locale.ROOT) + " thresholds");
        }
        return missing;
    }

    public String describe() {
        return String.format(Locale.ROOT, "slot %d lane %d power setpoint %.1f mW; slot %d lane %d disabled by the "
                        + "operator; ring %d lock fraction %.2f; %s thresholds %.0f/%.0f/%.0f/%.0f", slot, setpointLane,
                setpointMw, slot, disabledLane, lockRing, lockFraction,
                threshold.quantity().name().toLowerCase(Locale.ROOT), threshold.highAlarm(), threshold.highWarning(),
                threshold.lowWarning(), threshold.lowAlarm());
    }
}
