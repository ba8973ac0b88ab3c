package org.lightkeeper.firmware.grpc;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.lightkeeper.api.v1.AcknowledgeAlarmsRequest;
import org.lightkeeper.api.v1.AlarmEvent;
import org.lightkeeper.api.v1.AlarmEventKind;
import org.lightkeeper.api.v1.AlarmList;
import org.lightkeeper.api.v1.AlarmServiceGrpc;
import org.lightkeeper.api.v1.AlarmSubject;
import org.lightkeeper.api.v1.ListAlarmsRequest;
import org.lightkeeper.api.v1.ListThresholdsRequest;
import org.lightkeeper.api.v1.SetThresholdRequest;
import org.lightkeeper.api.v1.StreamAlarmEventsRequest;
import org.lightkeeper.api.v1.Threshold;
import org.lightkeeper.api.v1.ThresholdList;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.alarm.AlarmFlag;
import org.lightkeeper.firmware.alarm.AlarmTable;
import org.lightkeeper.firmware.alarm.FlagEvent;
import org.lightkeeper.firmware.alarm.FlagKind;
import org.lightkeeper.firmware.alarm.FlagSelector;
import org.lightkeeper.firmware.alarm.Quantity;
import org.lightkeeper.firmware.alarm.Subject;
import org.lightkeeper.firmware.alarm.Thresholds;
import org.lightkeeper.firmware.grpc.security.Principal;
import org.lightkeeper.firmware.grpc.security.SecurityInterceptor;
import org.lightkeeper.firmware.telemetry.BoundedSender;

/**
 * {@code lightkeeper.v1.AlarmService}: flags, their events, validated thresholds, and acknowledging
 * flags (checked before anything is queued, applied on the firmware's control thread, where the
 * table is evaluated).
 */
final class AlarmGrpcService extends AlarmServiceGrpc.AlarmServiceImplBase {
    static final int QUEUE_DEPTH = 256;
    private final AlarmTable table;
    private final Firmware firmware;
    private final Executor delivery;
    private final java.util.List<BoundedSender<FlagEvent, AlarmEvent>> streams =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    AlarmGrpcService(AlarmTable table, Firmware firmware, Executor delivery) {
        this.table = table;
        this.firmware = firmware;
        this.delivery = delivery;
    }

    @Override
    public void listAlarms(ListAlarmsRequest req, StreamObserver<AlarmList> response) {
        AlarmList.Builder b = AlarmList.newBuilder();
        for (AlarmFlag f : table.flags()) {
            if (f.active() || !req.getActiveOnly()) {
                b.addFlags(ProtoMapper.flag(f));
            }
        }
        response.onNext(b.build());
        response.onCompleted();
    }

    @Override
    public void streamAlarmEvents(StreamAlarmEventsRequest req, StreamObserver<AlarmEvent> response) {
        @SuppressWarnings("unchecked")
        Consumer<FlagEvent>[] self = new Consumer[1];
        BoundedSender<FlagEvent, AlarmEvent> sender = new BoundedSender<>(response, QUEUE_DEPTH,
                (e, dropped) -> AlarmEvent.newBuilder().setFlag(ProtoMapper.flag(e.flag())).setDropped(dropped)
                        .setKind(AlarmEventKind.valueOf("ALARM_EVENT_KIND_" + e.kind().name())).build(),
                delivery, () -> table.removeListener(self[0]));
        self[0] = sender::offer;
        streams.add(sender);
        if (req.getReplayActive()) {
            for (AlarmFlag f : table.flags()) {
                if (f.active()) {
                    sender.offer(new FlagEvent(FlagEvent.Kind.SET, f));
                }
            }
        }
        table.onChange(self[0]);
    }

    /** Ends every event stream (server shutdown). */
    void close() {
        for (BoundedSender<FlagEvent, AlarmEvent> s : streams) {
            s.complete();
        }
        streams.clear();
    }

    @Override
    public void setThreshold(SetThresholdRequest req, StreamObserver<Threshold> response) {
        Thresholds t;
        try {
            t = thresholds(req);
        } catch (RuntimeException e) {
            response.onError(Statuses.toStatus(e));
            return;
        }
        table.setThresholds(t);
        // An empty command: the control thread saves the configuration as soon as a command ran and it changed.
        firmware.execute(() -> null);
        response.onNext(ProtoMapper.threshold(t));
        response.onCompleted();
    }

    @Override
    public void listThresholds(ListThresholdsRequest req, StreamObserver<ThresholdList> response) {
        ThresholdList.Builder b = ThresholdList.newBuilder();
        for (Thresholds t : table.thresholds()) {
            b.addThresholds(ProtoMapper.threshold(t));
        }
        response.onNext(b.build());
        response.onCompleted();
    }

    @Override
    public void acknowledgeAlarms(AcknowledgeAlarmsRequest req,
                                  StreamObserver<org.lightkeeper.api.v1.Acknowledgement> response) {
        FlagSelector selector;
        try {
            selector = selector(req);
        } catch (RuntimeException e) {
            response.onError(Statuses.toStatus(e));
            return;
        }
        Principal caller = SecurityInterceptor.PRINCIPAL.get();
        String by = caller == null ? "unknown" : caller.name();
        // The field a NOT_FOUND names is the target that named the missing subject or flag.
        String field = req.getTargetCase() == AcknowledgeAlarmsRequest.TargetCase.FLAG ? "flag" : "subject";
        Statuses.reply(firmware.execute(() -> table.acknowledge(selector, by, firmware.clock().nanos()))
                .thenApply(a -> {
                    if (selector.namesOne() && a.matchedNothing()) {
                        throw Statuses.notFound(field, "no listed " + selector + " (never set, or cleared and "
                                + "acknowledged already)");
                    }
                    return acknowledgement(a);
                }), response);
    }

    private static org.lightkeeper.api.v1.Acknowledgement acknowledgement(
            org.lightkeeper.firmware.alarm.Acknowledgement a) {
        org.lightkeeper.api.v1.Acknowledgement.Builder b = org.lightkeeper.api.v1.Acknowledgement.newBuilder()
                .setAcknowledgedAtNs(a.atNs()).setAcknowledgedBy(a.by());
        a.cleared().forEach(f -> b.addCleared(ProtoMapper.flag(f)));
        a.acknowledged().forEach(f -> b.addAcknowledged(ProtoMapper.flag(f)));
        return b.build();
    }

    /** The request's target as a selector; INVALID_ARGUMENT naming the field when malformed. */
    static FlagSelector selector(AcknowledgeAlarmsRequest req) {
        switch (req.getTargetCase()) {
            case ALL -> {
                if (!req.getAll()) {
                    throw Statuses.invalid("all", "must be true to acknowledge every flag");
                }
                return FlagSelector.all();
            }
            case QUANTITY -> {
                Quantity q = ProtoMapper.quantity(req.getQuantity());
                if (q == null) {
                    throw Statuses.invalid("quantity", "must name a quantity, got " + req.getQuantity());
                }
                return FlagSelector.quantity(q);
            }
            case SUBJECT -> {
                return FlagSelector.subject(subject("subject", req.getSubject()));
            }
            case FLAG -> {
                if (!req.getFlag().hasSubject()) {
                    throw Statuses.invalid("flag.subject", "must be set");
                }
                Subject s = subject("flag.subject", req.getFlag().getSubject());
                org.lightkeeper.api.v1.FlagKind k = req.getFlag().getKind();
                if (k == org.lightkeeper.api.v1.FlagKind.FLAG_KIND_UNSPECIFIED
                        || k == org.lightkeeper.api.v1.FlagKind.UNRECOGNIZED) {
                    throw Statuses.invalid("flag.kind", "must name a flag kind (high/low alarm/warning), got " + k);
                }
                return FlagSelector.flag(s, FlagKind.valueOf(k.name().substring("FLAG_KIND_".length())));
            }
            default -> throw Statuses.invalid("target", "must be one of all, quantity, subject or flag");
        }
    }

    /**
     * A wire subject as the table's: only the fields its quantity uses may be set (slot for module
     * temperature and bus errors, slot and lane for lanes, ring for rings, loop for loop overruns).
     */
    static Subject subject(String field, AlarmSubject s) {
        Quantity q = ProtoMapper.quantity(s.getQuantity());
        if (q == null) {
            throw Statuses.invalid(field + ".quantity", "must name a quantity, got " + s.getQuantity());
        }
        Quantity.Scope scope = q.scope();
        boolean slot = scope == Quantity.Scope.SLOT || scope == Quantity.Scope.LANE;
        boolean lane = scope == Quantity.Scope.LANE;
        boolean ring = scope == Quantity.Scope.RING;
        boolean loop = scope == Quantity.Scope.LOOP;
        unused(field + ".slot", !slot && s.getSlot() != 0, q);
        unused(field + ".lane", !lane && s.getLane() != 0, q);
        unused(field + ".ring", !ring && s.getRing() != 0, q);
        unused(field + ".loop", !loop && !s.getLoop().isEmpty(), q);
        if (loop && s.getLoop().isEmpty()) {
            throw Statuses.invalid(field + ".loop", "must name the loop (for example \"rings\") for "
                    + q.name().toLowerCase());
        }
        return new Subject(q, slot ? s.getSlot() : -1, lane ? s.getLane() : -1, ring ? s.getRing() : -1,
                loop ? s.getLoop() : null);
    }

    private static void unused(String field, boolean set, Quantity q) {
        if (set) {
            throw Statuses.invalid(field, "does not apply to " + q.name().toLowerCase() + " (its subjects are "
                    + q.scope().name().toLowerCase() + "s)");
        }
    }

    private static void checkNumber(String field, boolean present, double v) {
        if (present && !Double.isFinite(v)) {
            throw Statuses.invalid(field, "must be a finite number (leave it unset to not check it), got " + v);
        }
    }

    static Thresholds thresholds(SetThresholdRequest req) {
        if (!req.hasThreshold()) {
            throw Statuses.invalid("threshold", "must be set");
        }
        Threshold p = req.getThreshold();
        Quantity q = ProtoMapper.quantity(p.getQuantity());
        if (q == null) {
            throw Statuses.invalid("threshold.quantity", "must name a quantity, got " + p.getQuantity());
        }
        checkNumber("threshold.high_alarm", p.hasHighAlarm(), p.getHighAlarm());
        checkNumber("threshold.high_warning", p.hasHighWarning(), p.getHighWarning());
        checkNumber("threshold.low_warning", p.hasLowWarning(), p.getLowWarning());
        checkNumber("threshold.low_alarm", p.hasLowAlarm(), p.getLowAlarm());
        try {
            return Thresholds.of(q,
                    p.hasHighAlarm() ? p.getHighAlarm() : Double.NaN,
                    p.hasHighWarning() ? p.getHighWarning() : Double.NaN,
                    p.hasLowWarning() ? p.getLowWarning() : Double.NaN,
                    p.hasLowAlarm() ? p.getLowAlarm() : Double.NaN,
                    p.getHysteresis());
        } catch (Thresholds.InvalidThresholdException e) {
            throw Statuses.invalid("threshold." + e.field(), e.getMessage().substring(e.field().length() + 2)
                    + " (" + q.unit() + ")");
        }
    }
}
