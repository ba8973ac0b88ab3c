package org.lightkeeper.firmware.grpc;

import io.grpc.BindableService;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.lightkeeper.api.v1.AlarmServiceGrpc;
import org.lightkeeper.api.v1.LaserServiceGrpc;
import org.lightkeeper.api.v1.MaintenanceServiceGrpc;
import org.lightkeeper.api.v1.RingServiceGrpc;
import org.lightkeeper.api.v1.TelemetryServiceGrpc;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.alarm.AlarmTable;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.firmware.telemetry.TelemetryHub;

/**
 * The control and streaming services of the management API and what they share: the alarm table
 * (evaluated by the "alarms" loop), the telemetry hub (fed by the "telemetry-fanout" loop), and one
 * delivery thread that turns queued items into messages for every stream. Must be built before the
 * firmware's loops start running (loops are registered here).
 */
public final class ManagementServices implements AutoCloseable {
    /** Alarm evaluation period, ns. */
    public static final long ALARM_PERIOD_NS = 100_000_000L;
    /** Telemetry fan-out period, ns (the snapshot publication period). */
    public static final long FANOUT_PERIOD_NS = Firmware.TELEMETRY_PERIOD_NS;

    private final Firmware firmware;
    private final AlarmTable alarms;
    private final TelemetryHub hub = new TelemetryHub();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lightkeeper-telemetry-delivery");
        t.setDaemon(true);
        return t;
    });
    private final List<BindableService> services;
    private final AlarmGrpcService alarmService;
    private final java.util.concurrent.atomic.AtomicReference<org.lightkeeper.firmware.WarmRestart> warmRestart =
            new java.util.concurrent.atomic.AtomicReference<>();

    public ManagementServices(Firmware firmware, String version) {
        this.firmware = firmware;
        this.alarms = new AlarmTable(firmware.spec());
        StoredThresholds.restore(firmware.storedThresholds(), alarms);
        alarms.stateFilesRejected(firmware.stateFileRejects());
        firmware.thresholdSource(() -> StoredThresholds.of(alarms));
        firmware.every("alarms", ALARM_PERIOD_NS, now -> {
            alarms.evaluate(firmware.snapshot());
            // DESIGN.md section 4: a critical alarm on a light path darkens that path's lanes.
            for (var slot : firmware.slots()) {
                firmware.setCriticalAlarm(slot.slot(), alarms.criticalOnSlot(slot.slot()));
            }
        });
        firmware.every("telemetry-fanout", FANOUT_PERIOD_NS, now -> {
            runDeferred(now);
            hub.publish(snapshot());
        });
        alarmService = new AlarmGrpcService(alarms, firmware, delivery);
        services = List.of(new LaserGrpcService(firmware, this::defer), new RingGrpcService(firmware),
                new TelemetryGrpcService(hub, delivery), alarmService,
                new MaintenanceGrpcService(firmware, version, alarms, warmRestart::get));
    }

    private record Deferred(long notBeforeNs, Runnable body) {
    }

    private final java.util.concurrent.ConcurrentLinkedQueue<Deferred> deferred =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * Runs {@code body} on the control thread at the first fan-out run at or after {@code notBeforeNs}
     * (firmware time): how a write answers with state the control loops have since applied.
     */
    void defer(long notBeforeNs, Runnable body) {
        deferred.add(new Deferred(notBeforeNs, body));
    }

    private void runDeferred(long now) {
        for (int n = deferred.size(); n > 0; n--) {
            Deferred d = deferred.poll();
            if (d == null) {
                return;
            }
            if (now >= d.notBeforeNs()) {
                d.body().run();
            } else {
                deferred.add(d);
            }
        }
    }

    /** The latest published snapshot with the alarm table's latest flags; any thread. */
    public BoardSnapshot snapshot() {
        return firmware.snapshot().withAlarms(alarms.flags());
    }

    /** Lets WarmRestart requests through to {@code restart} (the process's run loop carries them out). */
    public void warmRestart(org.lightkeeper.firmware.WarmRestart restart) {
        warmRestart.set(restart);
    }

    public AlarmTable alarms() {
        return alarms;
    }

    public TelemetryHub telemetry() {
        return hub;
    }

    public List<BindableService> services() {
        return services;
    }

    /** Names for the health service. */
    public static List<String> serviceNames() {
        return List.of(LaserServiceGrpc.SERVICE_NAME, RingServiceGrpc.SERVICE_NAME, TelemetryServiceGrpc.SERVICE_NAME,
                AlarmServiceGrpc.SERVICE_NAME, MaintenanceServiceGrpc.SERVICE_NAME);
    }

    /** Ends every open stream and stops the delivery thread. */
    @Override
    public void close() {
        delivery.execute(() -> {
            hub.close();
            alarmService.close();
        });
        delivery.shutdown();
        try {
            delivery.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
