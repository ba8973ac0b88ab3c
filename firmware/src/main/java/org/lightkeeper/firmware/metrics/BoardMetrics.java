package org.lightkeeper.firmware.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;
import org.lightkeeper.firmware.alarm.AlarmFlag;
import org.lightkeeper.firmware.alarm.FlagKind;
import org.lightkeeper.firmware.els.ElsState;
import org.lightkeeper.firmware.ring.RingLockState;
import org.lightkeeper.firmware.state.BoardSnapshot;

/**
 * The fleet operator's view of the board as Prometheus series, read from the latest published
 * {@link BoardSnapshot} at scrape time (a scrape never waits on, or touches, the control loops).
 * Values are in base units as Prometheus names them (watts, amperes, celsius, seconds, meters);
 * enum states are one series per state, 1 for the current one. NaN readings (no sensor, not locked)
 * are left out rather than exported as NaN.
 */
public final class BoardMetrics {
    /** The {@code state} label of lightkeeper_alarm_flags, by index. */
    private static final String[] FLAG_STATES = {"new", "acknowledged", "latched"};

    private BoardMetrics() {
    }

    /** Registers every board series on {@code registry}, each reading {@code snapshot} when scraped. */
    public static void register(PrometheusRegistry registry, Supplier<BoardSnapshot> snapshot) {
        GaugeWithCallback.builder().name("lightkeeper_snapshot_sampled_at_seconds")
                .help("Firmware clock when the exported snapshot was sampled (seconds since firmware start)")
                .callback(cb -> cb.call(snapshot.get().sampledAtNs() / 1e9)).register(registry);
        GaugeWithCallback.builder().name("lightkeeper_board_temperature_celsius")
                .help("Board temperature from the board sensor")
                .callback(cb -> put(cb, snapshot.get().boardTemperatureC())).register(registry);

        GaugeWithCallback.builder().name("lightkeeper_ring_locked")
                .help("1 when the ring is locked on its assigned comb line")
                .labelNames("engine", "ring")
                .callback(cb -> {
                    for (BoardSnapshot.Ring r : snapshot.get().rings()) {
                        cb.call(r.state() == RingLockState.LOCKED ? 1 : 0, ring(r));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("lightkeeper_ring_lock_state")
                .help("Ring lock state machine: 1 for the current state, 0 for the others")
                .labelNames("engine", "ring", "state")
                .callback(cb -> {
                    for (BoardSnapshot.Ring r : snapshot.get().rings()) {
                        for (RingLockState s : RingLockState.values()) {
                            cb.call(r.state() == s ? 1 : 0, String.valueOf(r.engine()), String.valueOf(r.ring()),
                                    s.name().toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("lightkeeper_ring_detuning_meters")
                .help("Firmware estimate of the ring's distance from its lock target (positive: red of target)")
                .labelNames("engine", "ring")
                .callback(cb -> {
                    for (BoardSnapshot.Ring r : snapshot.get().rings()) {
                        put(cb, r.detuningPm() * 1e-12, ring(r));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("lightkeeper_ring_heater_power_watts")
                .help("Heater power commanded")
                .labelNames("engine", "ring")
                .callback(cb -> {
                    for (BoardSnapshot.Ring r : snapshot.get().rings()) {
                        put(cb, r.heaterMw() * 1e-3, ring(r));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("lightkeeper_ring_monitor_current_amperes")
                .help("Ring monitor photodiode current")
                .labelNames("engine", "ring")
                .callback(cb -> {
                    for (BoardSnapshot.Ring r : snapshot.get().rings()) {
                        put(cb, r.monitorUa() * 1e-6, ring(r));
                    }
                }).register(registry);
        CounterWithCallback.builder().name("lightkeeper_ring_lock_losses")
                .help("Times the ring lost lock")
                .labelNames("engine", "ring")
                .callback(cb -> {
                    for (BoardSnapshot.Ring r : snapshot.get().rings()) {
                        cb.call(r.losses(), ring(r));
                    }
                }).register(registry);

        GaugeWithCallback.builder().name("lightkeeper_els_state")
                .help("ELS slot bring-up state: 1 for the current state, 0 for the others")
                .labelNames("slot", "state")
                .callback(cb -> {
                    for (BoardSnapshot.ElsSlot s : snapshot.get().elsSlots()) {
                        for (ElsState st : ElsState.values()) {
                            cb.call(s.state() == st ? 1 : 0, String.valueOf(s.slot()),
                                    st.name().toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("lightkeeper_els_module_temperature_celsius")
                .help("ELS module temperature (CMIS lower page bytes 14-15)")
                .labelNames("slot")
                .callback(cb -> {
                    for (BoardSnapshot.ElsSlot s : snapshot.get().elsSlots()) {
                        put(cb, s.moduleTemperatureC(), String.valueOf(s.slot()));
                    }
                }).register(registry);
        CounterWithCallback.builder().name("lightkeeper_els_bus_errors")
                .help("Failed bus transactions with the ELS module (after retries)")
                .labelNames("slot")
                .callback(cb -> {
                    for (BoardSnapshot.ElsSlot s : snapshot.get().elsSlots()) {
                        cb.call(s.busErrors(), String.valueOf(s.slot()));
                    }
                }).register(registry);
        CounterWithCallback.builder().name("lightkeeper_els_bus_retries")
                .help("NAKs and timeouts with the ELS module recovered by a retry")
                .labelNames("slot")
                .callback(cb -> {
                    for (BoardSnapshot.ElsSlot s : snapshot.get().elsSlots()) {
                        cb.call(s.busRetries(), String.valueOf(s.slot()));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("lightkeeper_laser_lane_enabled")
                .help("1 when the firmware commands the laser lane on")
                .labelNames("slot", "lane")
                .callback(cb -> lanes(snapshot, (s, l) -> cb.call(l.enabled() ? 1 : 0, lane(s, l)))).register(registry);
        GaugeWithCallback.builder().name("lightkeeper_laser_bias_amperes")
                .help("Laser bias current monitor")
                .labelNames("slot", "lane")
                .callback(cb -> lanes(snapshot, (s, l) -> put(cb, l.biasMa() * 1e-3, lane(s, l)))).register(registry);
        GaugeWithCallback.builder().name("lightkeeper_laser_power_watts")
                .help("Laser optical power monitor")
                .labelNames("slot", "lane")
                .callback(cb -> lanes(snapshot, (s, l) -> put(cb, l.powerMw() * 1e-3, lane(s, l)))).register(registry);

        GaugeWithCallback.builder().name("lightkeeper_alarm_flags")
                .help("Listed alarm flags: new (standing, unacknowledged), acknowledged (standing, acknowledged), "
                        + "latched (condition gone, not yet acknowledged)")
                .labelNames("severity", "state")
                .callback(cb -> {
                    int[][] counts = new int[FlagKind.Severity.values().length][FLAG_STATES.length];
                    for (AlarmFlag f : snapshot.get().alarms()) {
                        counts[f.kind().severity().ordinal()][!f.active() ? 2 : f.acknowledged() ? 1 : 0]++;
                    }
                    for (FlagKind.Severity sev : FlagKind.Severity.values()) {
                        for (int st = 0; st < FLAG_STATES.length; st++) {
                            cb.call(counts[sev.ordinal()][st], sev.name().toLowerCase(java.util.Locale.ROOT),
                                    FLAG_STATES[st]);
                        }
                    }
                }).register(registry);

        CounterWithCallback.builder().name("lightkeeper_loop_runs")
                .help("Runs of each firmware control loop")
                .labelNames("loop")
                .callback(cb -> {
                    for (BoardSnapshot.LoopStats l : snapshot.get().loops()) {
                        cb.call(l.runs(), l.name());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("lightkeeper_loop_overruns")
                .help("Runs of each loop that ended after the next one was due")
                .labelNames("loop")
                .callback(cb -> {
                    for (BoardSnapshot.LoopStats l : snapshot.get().loops()) {
                        cb.call(l.overruns(), l.name());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("lightkeeper_loop_max_run_seconds")
                .help("Longest run of each loop so far")
                .labelNames("loop")
                .callback(cb -> {
                    for (BoardSnapshot.LoopStats l : snapshot.get().loops()) {
                        cb.call(l.maxRunNs() / 1e9, l.name());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("lightkeeper_loop_last_run_seconds")
                .help("Duration of each loop's last run")
                .labelNames("loop")
                .callback(cb -> {
                    for (BoardSnapshot.LoopStats l : snapshot.get().loops()) {
                        cb.call(l.lastRunNs() / 1e9, l.name());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("lightkeeper_loop_period_seconds")
                .help("Configured period of each loop")
                .labelNames("loop")
                .callback(cb -> {
                    for (BoardSnapshot.LoopStats l : snapshot.get().loops()) {
                        cb.call(l.periodNs() / 1e9, l.name());
                    }
                }).register(registry);
    }

    private interface LaneVisitor {
        void visit(BoardSnapshot.ElsSlot slot, BoardSnapshot.Lane lane);
    }

    private static void lanes(Supplier<BoardSnapshot> snapshot, LaneVisitor v) {
        for (BoardSnapshot.ElsSlot s : snapshot.get().elsSlots()) {
            for (BoardSnapshot.Lane l : s.lanes()) {
                v.visit(s, l);
            }
        }
    }

    private static String[] ring(BoardSnapshot.Ring r) {
        return new String[] {String.valueOf(r.engine()), String.valueOf(r.ring())};
    }

    private static String[] lane(BoardSnapshot.ElsSlot s, BoardSnapshot.Lane l) {
        return new String[] {String.valueOf(s.slot()), String.valueOf(l.lane())};
    }

    private static void put(GaugeWithCallback.Callback cb, double v, String... labels) {
        if (!Double.isNaN(v)) {
            cb.call(v, labels);
        }
    }
}
