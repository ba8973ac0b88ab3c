package org.lightkeeper.firmware.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lightkeeper.firmware.grpc.Rig.MS;
import static org.lightkeeper.firmware.grpc.Rig.S;
import static org.lightkeeper.firmware.grpc.Rig.refused;

import io.grpc.ManagedChannel;
import io.grpc.Status.Code;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightkeeper.api.v1.AlarmEvent;
import org.lightkeeper.api.v1.AlarmFlag;
import org.lightkeeper.api.v1.AlarmServiceGrpc;
import org.lightkeeper.api.v1.LaserServiceGrpc;
import org.lightkeeper.api.v1.FlagKind;
import org.lightkeeper.api.v1.GetVersionRequest;
import org.lightkeeper.api.v1.ListAlarmsRequest;
import org.lightkeeper.api.v1.ListThresholdsRequest;
import org.lightkeeper.api.v1.MaintenanceServiceGrpc;
import org.lightkeeper.api.v1.Quantity;
import org.lightkeeper.api.v1.SetThresholdRequest;
import org.lightkeeper.api.v1.Severity;
import org.lightkeeper.api.v1.StreamAlarmEventsRequest;
import org.lightkeeper.api.v1.SubscribeRequest;
import org.lightkeeper.api.v1.TelemetryServiceGrpc;
import org.lightkeeper.api.v1.TelemetryUpdate;
import org.lightkeeper.api.v1.Threshold;
import org.lightkeeper.api.v1.ThresholdList;
import org.lightkeeper.api.v1.VersionInfo;
import org.lightkeeper.firmware.loop.PacedWaiter;

/** TelemetryService, AlarmService and MaintenanceService over real loopback gRPC. */
class TelemetryAndAlarmServiceTest {
    private Rig rig;

    @BeforeEach
    void boot() throws Exception {
        rig = new Rig();
    }

    @AfterEach
    void shutdown() throws Exception {
        rig.close();
    }

    /** Collects a stream's messages. */
    static final class Collector<T> implements StreamObserver<T> {
        final List<T> got = new CopyOnWriteArrayList<>();
        volatile Throwable error;
        volatile boolean done;

        @Override
        public void onNext(T v) {
            got.add(v);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
            done = true;
        }
    }

    /** Steps the firmware paced to the wall clock (x speed) so delivery runs alongside, as on a board. */
    private void runPaced(long forNs, double speed) {
        rig.firmware.runUntil(rig.clock.nanos() + forNs, new PacedWaiter(rig.clock, speed));
    }

    /** Steps the firmware 10 ms at a time until every collector has its first update (subscription live). */
    private void untilSubscribed(Collector<?>... cs) throws InterruptedException {
        long end = System.nanoTime() + 10 * S;
        while (java.util.Arrays.stream(cs).anyMatch(c -> c.got.isEmpty()) && System.nanoTime() < end) {
            rig.run(10 * MS);
            Thread.sleep(2);
        }
        settle(cs[0], 1);
        for (Collector<?> c : cs) {
            c.got.clear();
        }
    }

    private static void settle(Collector<?> c, int atLeast) throws InterruptedException {
        long end = System.nanoTime() + 5 * S;
        while (c.got.size() < atLeast && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        Thread.sleep(50);
    }

    private static SubscribeRequest sample(int ms) {
        return SubscribeRequest.newBuilder().setMode(SubscribeRequest.Mode.SAMPLE).setIntervalMs(ms).build();
    }

    @Test
    void sampleModeDeliversOneUpdatePerIntervalToEverySubscriber() throws Exception {
        rig.run(2 * S);
        Collector<TelemetryUpdate> a = new Collector<>();
        Collector<TelemetryUpdate> b = new Collector<>();
        TelemetryServiceGrpc.newStub(rig.channel).subscribe(sample(100), a);
        TelemetryServiceGrpc.newStub(rig.channel).subscribe(sample(50), b);
        untilSubscribed(a, b);
        runPaced(1 * S, 4);
        settle(b, 20);
        assertTrue(a.got.size() >= 10 && a.got.size() <= 12, "100 ms over 1 s: " + a.got.size() + " "
                + a.got.stream().map(u -> u.getState().getSampledAtNs() / 1_000_000 + "/" + u.getDropped()).toList()
                + " now " + rig.clock.nanos() / 1_000_000);
        assertTrue(b.got.size() >= 20 && b.got.size() <= 22, "50 ms over 1 s: " + b.got.size());
        for (int i = 1; i < a.got.size(); i++) {
            long dt = a.got.get(i).getState().getSampledAtNs() - a.got.get(i - 1).getState().getSampledAtNs();
            assertEquals(100 * MS, dt, 10 * MS, "interval between updates");
        }
        TelemetryUpdate last = a.got.get(a.got.size() - 1);
        assertEquals(0, last.getDropped());
        assertEquals(16, last.getState().getRingsCount());
        assertFalse(last.getState().getLoopsList().isEmpty());
        // The engine's tracking choice and its figures (the devkit's bus carries a full dither tick).
        assertEquals(1, last.getState().getEnginesCount());
        var engine = last.getState().getEngines(0);
        assertEquals(org.lightkeeper.api.v1.TrackingMode.TRACKING_MODE_DITHER, engine.getTracking());
        assertEquals(16, engine.getRingsPerTick());
        assertEquals(500 * 1000, engine.getRingUpdatePeriodNs());
        assertEquals(61_260, engine.getFullTickWireNs());
        assertEquals(250_000, engine.getWireAllowanceNs());
        assertTrue(engine.getTrackingReason().startsWith("dither: a full dither tick"), engine.getTrackingReason());
    }

    @Test
    void onChangeSendsChangesAndHeartbeats() throws Exception {
        rig.run(3 * S);
        Collector<TelemetryUpdate> c = new Collector<>();
        TelemetryServiceGrpc.newStub(rig.channel).subscribe(SubscribeRequest.newBuilder()
                .setMode(SubscribeRequest.Mode.ON_CHANGE).setDeadbandPm(1000).setHeartbeatMs(200).build(), c);
        long end = System.nanoTime() + 10 * S;
        while (c.got.isEmpty() && System.nanoTime() < end) {
            rig.run(10 * MS);
            Thread.sleep(2);
        }
        settle(c, 1);
        assertFalse(c.got.get(0).getHeartbeat(), "the first update is the state, not a heartbeat");
        c.got.clear();
        runPaced(1 * S, 4);
        settle(c, 5);
        // Steady state, huge deadband: heartbeats every 200 ms.
        long beats = c.got.stream().filter(TelemetryUpdate::getHeartbeat).count();
        assertTrue(beats >= 4 && beats <= 5, "heartbeats in 1 s at 200 ms: " + beats + " of " + c.got.size());
        // A lane disabled is a change, sent at once (not a heartbeat).
        int before = c.got.size();
        LaserClient.disable(rig, 0, 6);
        runPaced(50 * MS, 4);
        settle(c, before + 1);
        assertTrue(c.got.subList(before, c.got.size()).stream().anyMatch(u -> !u.getHeartbeat()
                && !u.getState().getElsSlots(0).getLanes(6).getEnabled()), "change update for lane 6");
    }

    @Test
    void aSlowSubscriberLosesItsOldestUpdatesAndIsToldWithoutHoldingUpTheOthers() throws Exception {
        rig.run(2 * S);
        // The slow one: a small HTTP/2 window and no messages requested, so its stream stops being ready.
        ManagedChannel slowChannel = NettyChannelBuilder.forAddress("127.0.0.1", rig.server.port()).usePlaintext()
                .flowControlWindow(8 * 1024).build();
        try {
            List<TelemetryUpdate> slow = new CopyOnWriteArrayList<>();
            ClientCallStreamObserver<?>[] call = new ClientCallStreamObserver<?>[1];
            TelemetryServiceGrpc.newStub(slowChannel).subscribe(sample(10),
                    new ClientResponseObserver<SubscribeRequest, TelemetryUpdate>() {
                        @Override
                        public void beforeStart(ClientCallStreamObserver<SubscribeRequest> r) {
                            call[0] = r;
                            r.disableAutoRequestWithInitial(0);
                        }

                        @Override
                        public void onNext(TelemetryUpdate v) {
                            slow.add(v);
                        }

                        @Override
                        public void onError(Throwable t) {
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            Collector<TelemetryUpdate> fast = new Collector<>();
            TelemetryServiceGrpc.newStub(rig.channel).subscribe(sample(10), fast);
            untilSubscribed(fast);
            Thread.sleep(200); // the slow call is up too (its channel was connected first)
            runPaced(3 * S, 3);
            settle(fast, 300);
            assertTrue(fast.got.size() >= 299, "fast subscriber got every 10 ms sample: " + fast.got.size());
            assertEquals(0, fast.got.get(fast.got.size() - 1).getDropped());

            call[0].request(Integer.MAX_VALUE);
            long end = System.nanoTime() + 5 * S;
            while (System.nanoTime() < end && (slow.isEmpty() || slow.get(slow.size() - 1).getDropped() == 0)) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            long dropped = slow.get(slow.size() - 1).getDropped();
            assertTrue(dropped > 100, "slow subscriber told of its drops: " + dropped);
            assertTrue(slow.size() + dropped >= 299 && slow.size() + dropped <= 400,
                    "every sample either delivered or counted: " + slow.size() + " + " + dropped);
        } finally {
            slowChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void badSubscriptionsAreRefusedWithTheirField() {
        var stub = TelemetryServiceGrpc.newBlockingStub(rig.channel).withDeadlineAfter(5, TimeUnit.SECONDS);
        refused(Code.INVALID_ARGUMENT, () -> stub.subscribe(SubscribeRequest.getDefaultInstance()).hasNext(), "mode");
        refused(Code.INVALID_ARGUMENT, () -> stub.subscribe(sample(5)).hasNext(), "interval_ms", "10", "3600000");
        refused(Code.INVALID_ARGUMENT, () -> stub.subscribe(sample(4_000_000)).hasNext(), "interval_ms", "3600000");
        refused(Code.INVALID_ARGUMENT, () -> stub.subscribe(SubscribeRequest.newBuilder()
                .setMode(SubscribeRequest.Mode.ON_CHANGE).setDeadbandPm(-1).build()).hasNext(), "deadband_pm", ">= 0");
        refused(Code.INVALID_ARGUMENT, () -> stub.subscribe(SubscribeRequest.newBuilder()
                .setMode(SubscribeRequest.Mode.ON_CHANGE).setHeartbeatMs(3).build()).hasNext(), "heartbeat_ms", "10");
        assertEquals(0, rig.server.port() > 0 ? 0 : 1);
    }

    private AlarmServiceGrpc.AlarmServiceBlockingStub alarms() {
        return AlarmServiceGrpc.newBlockingStub(rig.channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private static Threshold.Builder board() {
        return Threshold.newBuilder().setQuantity(Quantity.QUANTITY_BOARD_TEMPERATURE);
    }

    @Test
    void theDevkitAtSteadyStateRaisesNoAlarm() {
        rig.run(4 * S);
        List<AlarmFlag> flags = alarms().listAlarms(ListAlarmsRequest.getDefaultInstance()).getFlagsList();
        assertTrue(flags.isEmpty(), "flags at steady state: " + flags);
        assertEquals(org.lightkeeper.firmware.alarm.Quantity.values().length,
                alarms().listThresholds(ListThresholdsRequest.getDefaultInstance()).getThresholdsCount(), "one set per quantity");
    }

    /**
     * An operator disables a lane its module keeps lit (a 3 s ramp down here: a lane stuck on): a
     * LANE_OFF_OVERDUE warning, then an alarm on that lane while the light is still there, cleared (and
     * latched) once the module reports it off.
     */
    @Test
    void aLaneItsModuleKeepsLitAfterItsDisableIsAlarmed() {
        rig.run(2 * S);
        // The same module reinserted, now slow to turn a lane off: it is taken back without a sweep
        // (whose lane gates would wait on every lane it turns off).
        var stuck = rig.sim.els(0).profile().toBuilder().laneOffMs(3_000).build();
        rig.sim.pullEls(0);
        rig.run(100 * MS);
        rig.sim.insertEls(0, stuck);
        rig.run(1_500 * MS);
        assertTrue(rig.sim.els(0).laneOutputMw(3) > 1, "lane 3 lit again");
        rig.await(LaserServiceGrpc.newFutureStub(rig.channel).setLaneEnabled(org.lightkeeper.api.v1.SetLaneEnabledRequest
                .newBuilder().setSlot(0).setLane(3).setEnabled(false).build()));
        rig.run(700 * MS);
        assertTrue(rig.sim.els(0).laneOutputMw(3) > 1, "the module still lights lane 3");
        List<AlarmFlag> active = alarms().listAlarms(ListAlarmsRequest.newBuilder().setActiveOnly(true).build()).getFlagsList()
                .stream().filter(f -> f.getSubject().getQuantity() == Quantity.QUANTITY_LANE_OFF_OVERDUE).toList();
        assertEquals(List.of(FlagKind.FLAG_KIND_HIGH_ALARM, FlagKind.FLAG_KIND_HIGH_WARNING).stream().sorted().toList(),
                active.stream().map(AlarmFlag::getKind).sorted().toList(), active.toString());
        for (AlarmFlag f : active) {
            assertEquals(0, f.getSubject().getSlot());
            assertEquals(3, f.getSubject().getLane());
        }
        rig.run(2_600 * MS);
        assertEquals(0, rig.sim.els(0).laneOutputMw(3), 1e-9);
        List<AlarmFlag> after = alarms().listAlarms(ListAlarmsRequest.getDefaultInstance()).getFlagsList().stream()
                .filter(f -> f.getSubject().getQuantity() == Quantity.QUANTITY_LANE_OFF_OVERDUE).toList();
        assertEquals(2, after.size(), "latched until acknowledged: " + after);
        assertTrue(after.stream().noneMatch(AlarmFlag::getActive), "cleared once reported off: " + after);
    }

    @Test
    void aThresholdCrossedSetsALatchedFlagWithHysteresisAndStreamsItsEvents() throws Exception {
        rig.run(1 * S);
        double boardC = rig.state().getBoardTemperatureC();
        assertTrue(boardC > 10 && boardC < 60, "board temperature " + boardC);
        Collector<AlarmEvent> events = new Collector<>();
        AlarmServiceGrpc.newStub(rig.channel).streamAlarmEvents(StreamAlarmEventsRequest.getDefaultInstance(), events);
        rig.state(); // same channel, in order: the stream is registered once a later unary call answers
        Thread.sleep(200);

        // High warning just below the board temperature: the warning sets, the alarm (above) does not.
        Threshold t = alarms().setThreshold(SetThresholdRequest.newBuilder().setThreshold(board()
                .setHighAlarm(boardC + 10).setHighWarning(boardC - 1).setHysteresis(2)).build());
        assertEquals(boardC - 1, t.getHighWarning(), 1e-9);
        assertFalse(t.hasLowAlarm());
        rig.run(300 * MS);
        List<AlarmFlag> active = alarms().listAlarms(ListAlarmsRequest.newBuilder().setActiveOnly(true).build())
                .getFlagsList();
        assertEquals(1, active.size(), active.toString());
        AlarmFlag f = active.get(0);
        assertEquals(FlagKind.FLAG_KIND_HIGH_WARNING, f.getKind());
        assertEquals(Severity.SEVERITY_WARNING, f.getSeverity());
        assertEquals(Quantity.QUANTITY_BOARD_TEMPERATURE, f.getSubject().getQuantity());
        assertEquals(1, f.getChangeCount());
        assertTrue(f.getSetAtNs() > 1 * S);
        assertTrue(rig.state().getAlarmsList().contains(f), "the flag is in the state too");

        // Within the hysteresis band it holds; below threshold - hysteresis it clears, and stays listed.
        alarms().setThreshold(SetThresholdRequest.newBuilder().setThreshold(board()
                .setHighAlarm(boardC + 10).setHighWarning(boardC + 1).setHysteresis(2)).build());
        rig.run(300 * MS);
        assertTrue(alarms().listAlarms(ListAlarmsRequest.newBuilder().setActiveOnly(true).build()).getFlags(0)
                .getActive(), "held inside the hysteresis band");
        alarms().setThreshold(SetThresholdRequest.newBuilder().setThreshold(board()
                .setHighAlarm(boardC + 10).setHighWarning(boardC + 3).setHysteresis(2)).build());
        rig.run(300 * MS);
        assertEquals(0, alarms().listAlarms(ListAlarmsRequest.newBuilder().setActiveOnly(true).build()).getFlagsCount());
        AlarmFlag latched = alarms().listAlarms(ListAlarmsRequest.getDefaultInstance()).getFlags(0);
        assertFalse(latched.getActive());
        assertEquals(2, latched.getChangeCount());
        assertTrue(latched.getClearedAtNs() > latched.getSetAtNs());

        settle(events, 2);
        assertEquals(2, events.got.size(), events.got.toString());
        assertTrue(events.got.get(0).getFlag().getActive());
        assertFalse(events.got.get(1).getFlag().getActive());
    }

    @Test
    void badThresholdsAreRefusedWithTheirFieldAndChangeNothing() {
        ThresholdList before = alarms().listThresholds(ListThresholdsRequest.getDefaultInstance());
        refused(Code.INVALID_ARGUMENT, () -> alarms().setThreshold(SetThresholdRequest.getDefaultInstance()), "threshold");
        refused(Code.INVALID_ARGUMENT, () -> alarms().setThreshold(SetThresholdRequest.newBuilder()
                .setThreshold(Threshold.newBuilder().setHighAlarm(1)).build()), "threshold.quantity");
        refused(Code.INVALID_ARGUMENT, () -> alarms().setThreshold(SetThresholdRequest.newBuilder()
                .setThreshold(board().setHighAlarm(70).setHighWarning(80)).build()), "threshold.high_warning", "high_alarm");
        refused(Code.INVALID_ARGUMENT, () -> alarms().setThreshold(SetThresholdRequest.newBuilder()
                .setThreshold(board().setLowAlarm(10).setLowWarning(5)).build()), "threshold.low_warning", "low_alarm");
        refused(Code.INVALID_ARGUMENT, () -> alarms().setThreshold(SetThresholdRequest.newBuilder()
                .setThreshold(board().setLowWarning(50).setHighWarning(40)).build()), "threshold.low_warning", "40");
        refused(Code.INVALID_ARGUMENT, () -> alarms().setThreshold(SetThresholdRequest.newBuilder()
                .setThreshold(board().setHighAlarm(80).setHysteresis(-1)).build()), "threshold.hysteresis", ">= 0");
        refused(Code.INVALID_ARGUMENT, () -> alarms().setThreshold(SetThresholdRequest.newBuilder()
                .setThreshold(board().setHighAlarm(Double.NaN)).build()), "threshold.high_alarm", "finite");
        assertEquals(before, alarms().listThresholds(ListThresholdsRequest.getDefaultInstance()));
    }

    @Test
    void versionNamesTheBuildTheBoardAndTheApi() {
        rig.run(100 * MS);
        VersionInfo v = MaintenanceServiceGrpc.newBlockingStub(rig.channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getVersion(GetVersionRequest.getDefaultInstance());
        assertEquals("test", v.getFirmwareVersion());
        assertEquals(1, v.getApiVersion());
        assertEquals("devkit", v.getBoardName());
        assertTrue(v.getUptimeNs() >= 90 * MS);
        assertNotNull(v.getBackend());
    }

    /** A lane disable issued while the firmware runs paced on this thread. */
    static final class LaserClient {
        static void disable(Rig rig, int slot, int lane) {
            rig.await(org.lightkeeper.api.v1.LaserServiceGrpc.newFutureStub(rig.channel).setLaneEnabled(
                    org.lightkeeper.api.v1.SetLaneEnabledRequest.newBuilder().setSlot(slot).setLane(lane)
                            .setEnabled(false).build()));
        }
    }
}
