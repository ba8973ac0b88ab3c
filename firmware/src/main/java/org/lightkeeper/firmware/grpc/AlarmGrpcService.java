package org.lightkeeper.firmware.grpc;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.lightkeeper.api.v1.AlarmEvent;
import org.lightkeeper.api.v1.AlarmList;
import org.lightkeeper.api.v1.AlarmServiceGrpc;
import org.lightkeeper.api.v1.ListAlarmsRequest;
import org.lightkeeper.api.v1.ListThresholdsRequest;
import org.lightkeeper.api.v1.SetThresholdRequest;
import org.lightkeeper.api.v1.StreamAlarmEventsRequest;
import org.lightkeeper.api.v1.Threshold;
import org.lightkeeper.api.v1.ThresholdList;
import org.lightkeeper.firmware.alarm.AlarmFlag;
import org.lightkeeper.firmware.alarm.AlarmTable;
import org.lightkeeper.firmware.alarm.Quantity;
import org.lightkeeper.firmware.alarm.Thresholds;
import org.lightkeeper.firmware.telemetry.BoundedSender;

/** {@code lightkeeper.v1.AlarmService}: flags, their events, and validated thresholds. */
final class AlarmGrpcService extends AlarmServiceGrpc.AlarmServiceImplBase {
    static final int QUEUE_DEPTH = 256;
    private final AlarmTable table;
    private final Executor delivery;
    private final java.util.List<BoundedSender<AlarmFlag, AlarmEvent>> streams =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    AlarmGrpcService(AlarmTable table, Executor delivery) {
        this.table = table;
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
        Consumer<AlarmFlag>[] self = new Consumer[1];
        BoundedSender<AlarmFlag, AlarmEvent> sender = new BoundedSender<>(response, QUEUE_DEPTH,
                (f, dropped) -> AlarmEvent.newBuilder().setFlag(ProtoMapper.flag(f)).setDropped(dropped).build(),
                delivery, () -> table.removeListener(self[0]));
        self[0] = sender::offer;
        streams.add(sender);
        if (req.getReplayActive()) {
            for (AlarmFlag f : table.flags()) {
                if (f.active()) {
                    sender.offer(f);
                }
            }
        }
        table.onChange(self[0]);
    }

    /** Ends every event stream (server shutdown). */
    void close() {
        for (BoundedSender<AlarmFlag, AlarmEvent> s : streams) {
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
