package org.lightkeeper.firmware.alarm;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.lightkeeper.firmware.ring.RingLockState;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.chip.cmis.LaneStatus;

/**
 * Thresholds with hysteresis on every monitored quantity and the latched flags they raise
 * (DESIGN.md section 5). {@link #evaluate} runs from one loop on the firmware's thread, reading only
 * published snapshots; thresholds may be replaced from any thread ({@link #setThresholds}) and the
 * flags read from any thread ({@link #flags}), which are republished as an immutable list after each
 * evaluation. A high flag sets when the value rises above its threshold and clears when it falls
 * to threshold - hysteresis or below; a low flag is the mirror image. A flag, once set, stays listed
 * after it clears (latched) with its set time, clear time and change count, until an operator
 * acknowledges it ({@link #acknowledge}, on the same thread as {@link #evaluate}). Acknowledging a
 * standing flag keeps it listed while it stands; a set makes any flag unacknowledged again. The
 * record of an acknowledged, cleared flag is kept off the list so its change count goes on counting.
 */
public final class AlarmTable {
    /** Rates (overruns, bus errors) are counted over windows of this length, ns. */
    public static final long RATE_WINDOW_NS = 1_000_000_000L;

    private final Map<Quantity, Thresholds> thresholds = new EnumMap<>(Quantity.class);
    private final Map<Key, Flag> flags = new LinkedHashMap<>();
    private final List<Consumer<FlagEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<AlarmFlag> published = List.of();
    private final Map<Subject, Long> rateBaseline = new LinkedHashMap<>();
    private final Map<Subject, Double> rates = new LinkedHashMap<>();
    private long windowStart = Long.MIN_VALUE;
    /** Lane monitors are read in rotation: a lane is checked once it has been on this long, ns. */
    public static final long LANE_SETTLE_NS = 200_000_000L;
    /** A ring's detuning is judged once it has been locked this long. */
    public static final long RING_SETTLE_NS = 100_000_000L;
    private final Map<Subject, Long> laneOnSince = new LinkedHashMap<>();
    private final Map<Subject, Long> lockedSince = new java.util.HashMap<>();

    private record Key(Subject subject, FlagKind kind) {
    }

    private static final class Flag {
        boolean active;
        long setAt;
        long clearedAt;
        long changes;
        double value;
        double threshold;
        boolean acknowledged;
        long acknowledgedAt;
        String acknowledgedBy = "";

        /** Published: standing, or latched and not yet acknowledged. */
        boolean listed() {
            return active || !acknowledged;
        }

        AlarmFlag view(Key k) {
            return new AlarmFlag(k.subject(), k.kind(), active, setAt, clearedAt, changes, value, threshold,
                    acknowledged, acknowledgedAt, acknowledgedBy);
        }
    }

    /** A table with the default thresholds for {@code spec} (heater limits from its engines). */
    public AlarmTable(BoardSpec spec) {
        double heaterMax = spec.engines().stream().mapToDouble(e -> e.optics().heaterMaxMw()).min().orElse(100);
        put(Thresholds.of(Quantity.BOARD_TEMPERATURE, 85, 75, 5, 0, 1));
        put(Thresholds.of(Quantity.MODULE_TEMPERATURE, 75, 70, 5, 0, 1));
        put(Thresholds.of(Quantity.LANE_BIAS, 180, 160, 30, 20, 2));
        put(Thresholds.of(Quantity.LANE_POWER, 30, 25, 15, 10, 0.5));
        put(Thresholds.of(Quantity.RING_DETUNING, 20, 10, Double.NaN, Double.NaN, 1));
        put(Thresholds.of(Quantity.HEATER_POWER, heaterMax * 0.98, heaterMax * 0.9, Double.NaN, Double.NaN,
                heaterMax * 0.01));
        // A lane turns off within its ramp (5 ms on the simulated modules, ElsfpProfile; no module figure
        // known): still lit 100 ms after its disable is worth a look, 500 ms is a module not obeying
        // (ElsSlotController.LANE_OFF_DEADLINE_NS); a laser on that should be off is an alarm.
        put(Thresholds.of(Quantity.LANE_OFF_OVERDUE, 500, 100, Double.NaN, Double.NaN, 0));
        put(Thresholds.of(Quantity.LOOP_OVERRUNS, 100, 10, Double.NaN, Double.NaN, 1));
        put(Thresholds.of(Quantity.BUS_ERRORS, 20, 2, Double.NaN, Double.NaN, 1));
        // Recovered NAKs: a warning at a few per second (a healthy bus has none), an alarm when every
        // tenth transaction or so needs a second try (the ELS loop makes ~1-2 thousand a second).
        put(Thresholds.of(Quantity.BUS_RETRIES, 200, 5, Double.NaN, Double.NaN, 1));
        // Any rejected state file is an alarm (DESIGN.md section 6: never silently).
        put(Thresholds.of(Quantity.STATE_FILE_REJECTS, 0.5, Double.NaN, Double.NaN, Double.NaN, 0));
    }

    private void put(Thresholds t) {
        thresholds.put(t.quantity(), t);
    }

    /** Replaces one quantity's thresholds (already validated by construction); any thread. */
    public synchronized void setThresholds(Thresholds t) {
        put(t);
    }

    public synchronized Thresholds thresholds(Quantity q) {
        return thresholds.get(q);
    }

    public synchronized List<Thresholds> thresholds() {
        return List.copyOf(thresholds.values());
    }

    /**
     * Every flag standing or latched and not yet acknowledged, as of the last evaluation or
     * acknowledgement; any thread.
     */
    public List<AlarmFlag> flags() {
        return published;
    }

    /** Called on the evaluating thread for every set, clear and acknowledgement; must not block. */
    public void onChange(Consumer<FlagEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<FlagEvent> listener) {
        listeners.remove(listener);
    }

    private volatile int stateFileRejects;

    /** How many state files the firmware rejected when it loaded its state directory (checked at each evaluation). */
    public void stateFilesRejected(int files) {
        stateFileRejects = files;
    }

    /** Checks every quantity in {@code s} against the thresholds; one thread only (the alarm loop). */
    public void evaluate(BoardSnapshot s) {
        long now = s.sampledAtNs();
        Map<Quantity, Thresholds> t;
        synchronized (this) {
            t = new EnumMap<>(thresholds);
        }
        boolean changed = false;
        changed |= check(t, Subject.board(Quantity.BOARD_TEMPERATURE), s.boardTemperatureC(), now);
        changed |= check(t, Subject.board(Quantity.STATE_FILE_REJECTS), (double) stateFileRejects, now);
        Map<Subject, Long> counters = new LinkedHashMap<>();
        for (BoardSnapshot.ElsSlot e : s.elsSlots()) {
            if (e.present()) {
                changed |= check(t, Subject.slot(Quantity.MODULE_TEMPERATURE, e.slot()), e.moduleTemperatureC(), now);
            }
            for (BoardSnapshot.Lane l : e.lanes()) {
                // Lane monitors mean something only while the lane is on; a dark lane clears its flags.
                Subject bias = Subject.lane(Quantity.LANE_BIAS, e.slot(), l.lane());
                boolean on = l.enabled() && l.status() == LaneStatus.ON;
                if (!on) {
                    laneOnSince.remove(bias);
                } else {
                    on = now - laneOnSince.computeIfAbsent(bias, k -> now) >= LANE_SETTLE_NS;
                }
                changed |= check(t, bias, on ? l.biasMa() : null, now);
                changed |= check(t, Subject.lane(Quantity.LANE_POWER, e.slot(), l.lane()), on ? l.powerMw() : null, now);
                changed |= check(t, Subject.lane(Quantity.LANE_OFF_OVERDUE, e.slot(), l.lane()),
                        Double.isNaN(l.goingDarkMs()) ? null : l.goingDarkMs(), now);
            }
            counters.put(Subject.slot(Quantity.BUS_ERRORS, e.slot()), e.busErrors());
            counters.put(Subject.slot(Quantity.BUS_RETRIES, e.slot()), e.busRetries());
        }
        for (BoardSnapshot.Ring r : s.rings()) {
            // Detuning is known only while locked, and means something once the tracker has settled
            // (the first updates after a lock are the loop pulling in); otherwise the flag holds.
            Subject ringSubject = Subject.ring(Quantity.RING_DETUNING, r.ring());
            boolean settled = false;
            if (r.state() != RingLockState.LOCKED) {
                lockedSince.remove(ringSubject);
            } else {
                settled = now - lockedSince.computeIfAbsent(ringSubject, k -> now) >= RING_SETTLE_NS;
            }
            double d = settled ? Math.abs(r.detuningPm()) : Double.NaN;
            changed |= check(t, ringSubject, d, now);
            // Heater power matters as tuning headroom of a locked ring; sweeps cross the whole range by design.
            changed |= check(t, Subject.ring(Quantity.HEATER_POWER, r.ring()),
                    r.state() == RingLockState.LOCKED ? r.heaterMw() : Double.NaN, now);
        }
        for (BoardSnapshot.LoopStats l : s.loops()) {
            counters.put(Subject.loop(Quantity.LOOP_OVERRUNS, l.name()), l.overruns());
        }
        updateRates(counters, now);
        for (Map.Entry<Subject, Double> r : rates.entrySet()) {
            changed |= check(t, r.getKey(), r.getValue(), now);
        }
        if (changed) {
            publish();
        }
    }

    private void publish() {
        List<AlarmFlag> out = new ArrayList<>(flags.size());
        flags.forEach((k, f) -> {
            if (f.listed()) {
                out.add(f.view(k));
            }
        });
        published = List.copyOf(out);
    }

    /**
     * Acknowledges the listed flags {@code selector} matches, as {@code by} at firmware time
     * {@code nowNs}: an inactive one leaves the list, an active one is marked acknowledged (an
     * earlier acknowledgement is kept). Tells the listeners of each change. Same thread as
     * {@link #evaluate} (the control thread), so no evaluation interleaves.
     */
    public Acknowledgement acknowledge(FlagSelector selector, String by, long nowNs) {
        List<AlarmFlag> cleared = new ArrayList<>();
        List<AlarmFlag> standing = new ArrayList<>();
        List<FlagEvent> events = new ArrayList<>();
        for (Map.Entry<Key, Flag> e : flags.entrySet()) {
            Key k = e.getKey();
            Flag f = e.getValue();
            if (!f.listed() || !selector.matches(k.subject(), k.kind())) {
                continue;
            }
            boolean fresh = !f.acknowledged;
            if (fresh) {
                f.acknowledged = true;
                f.acknowledgedAt = nowNs;
                f.acknowledgedBy = by;
            }
            AlarmFlag view = f.view(k);
            (f.active ? standing : cleared).add(view);
            if (fresh) {
                events.add(new FlagEvent(FlagEvent.Kind.ACKNOWLEDGE, view));
            }
        }
        if (!events.isEmpty()) {
            publish();
            for (FlagEvent ev : events) {
                tell(ev);
            }
        }
        return new Acknowledgement(cleared, standing, nowNs, by);
    }

    private void tell(FlagEvent event) {
        for (Consumer<FlagEvent> l : listeners) {
            l.accept(event);
        }
    }

    private void updateRates(Map<Subject, Long> counters, long now) {
        if (windowStart == Long.MIN_VALUE) {
            windowStart = now;
            rateBaseline.putAll(counters);
            return;
        }
        if (now - windowStart < RATE_WINDOW_NS) {
            return;
        }
        double seconds = (now - windowStart) / 1e9;
        for (Map.Entry<Subject, Long> c : counters.entrySet()) {
            Long base = rateBaseline.get(c.getKey());
            rates.put(c.getKey(), base == null ? 0.0 : (c.getValue() - base) / seconds);
        }
        rateBaseline.clear();
        rateBaseline.putAll(counters);
        windowStart = now;
    }

    /**
     * One subject against its quantity's four thresholds. {@code value} null: not applicable (flags
     * clear); NaN: unknown (flags hold). Returns true when any flag changed.
     */
    private boolean check(Map<Quantity, Thresholds> all, Subject subject, Double value, long now) {
        Thresholds t = all.get(subject.quantity());
        if (t == null || (value != null && value.isNaN())) {
            return false;
        }
        boolean changed = false;
        for (FlagKind kind : FlagKind.values()) {
            double th = t.of(kind);
            Key key = new Key(subject, kind);
            Flag f = flags.get(key);
            boolean was = f != null && f.active;
            boolean now_;
            if (value == null || Double.isNaN(th)) {
                now_ = false;
            } else if (kind.high()) {
                now_ = was ? value > th - t.hysteresis() : value > th;
            } else {
                now_ = was ? value < th + t.hysteresis() : value < th;
            }
            if (now_ == was) {
                continue;
            }
            if (f == null) {
                f = new Flag();
                flags.put(key, f);
            }
            f.active = now_;
            f.changes++;
            f.value = value == null ? Double.NaN : value;
            f.threshold = th;
            if (now_) {
                f.setAt = now;
                // New trouble: an old acknowledgement does not cover it.
                f.acknowledged = false;
                f.acknowledgedAt = 0;
                f.acknowledgedBy = "";
            } else {
                f.clearedAt = now;
            }
            changed = true;
            tell(new FlagEvent(now_ ? FlagEvent.Kind.SET : FlagEvent.Kind.CLEAR, f.view(key)));
        }
        return changed;
    }

    /**
     * True while an alarm-severity flag stands on ELS slot {@code slot}'s module (its temperature):
     * the laser interlock keeps that slot's lanes dark until it clears (with hysteresis).
     */
    public synchronized boolean criticalOnSlot(int slot) {
        for (AlarmFlag f : flags()) {
            if (f.active() && f.kind().severity() == FlagKind.Severity.ALARM && f.subject().slot() == slot
                    && f.subject().quantity() == Quantity.MODULE_TEMPERATURE) {
                return true;
            }
        }
        return false;
    }
}
