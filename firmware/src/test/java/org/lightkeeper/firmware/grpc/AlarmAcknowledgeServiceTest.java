package org.lightkeeper.firmware.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lightkeeper.firmware.grpc.Rig.MS;
import static org.lightkeeper.firmware.grpc.Rig.S;
import static org.lightkeeper.firmware.grpc.Rig.refused;

import io.grpc.Status.Code;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightkeeper.api.v1.AcknowledgeAlarmsRequest;
import org.lightkeeper.api.v1.Acknowledgement;
import org.lightkeeper.api.v1.AlarmEvent;
import org.lightkeeper.api.v1.AlarmEventKind;
import org.lightkeeper.api.v1.AlarmFlag;
import org.lightkeeper.api.v1.AlarmFlagRef;
import org.lightkeeper.api.v1.AlarmList;
import org.lightkeeper.api.v1.AlarmServiceGrpc;
import org.lightkeeper.api.v1.AlarmSubject;
import org.lightkeeper.api.v1.FlagKind;
import org.lightkeeper.api.v1.ListAlarmsRequest;
import org.lightkeeper.api.v1.Quantity;
import org.lightkeeper.api.v1.SetThresholdRequest;
import org.lightkeeper.api.v1.StreamAlarmEventsRequest;
import org.lightkeeper.api.v1.Threshold;

/**
 * AcknowledgeAlarms over real loopback gRPC on the simulated devkit: a latched flag leaves the list,
 * a standing one stays (acknowledged) until it clears, the event stream carries it, and bad targets
 * are refused naming their field with nothing changed.
 */
class AlarmAcknowledgeServiceTest {
    private Rig rig;
    private double boardC;

    @BeforeEach
    void boot() throws Exception {
        rig = new Rig();
        rig.run(1 * S);
        boardC = rig.state().getBoardTemperatureC();
    }

    @AfterEach
    void shutdown() throws Exception {
        rig.close();
    }

    private AlarmServiceGrpc.AlarmServiceBlockingStub alarms() {
        return AlarmServiceGrpc.newBlockingStub(rig.channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private Acknowledgement acknowledge(AcknowledgeAlarmsRequest req) {
        return rig.await(AlarmServiceGrpc.newFutureStub(rig.channel).acknowledgeAlarms(req));
    }

    private static AcknowledgeAlarmsRequest all() {
        return AcknowledgeAlarmsRequest.newBuilder().setAll(true).build();
    }

    private List<AlarmFlag> listed() {
        return alarms().listAlarms(ListAlarmsRequest.getDefaultInstance()).getFlagsList();
    }

    /** Board temperature thresholds relative to the board's temperature now (hysteresis 0.5 C). */
    private void boardThresholds(Double highWarningOffset, Double lowWarningOffset) {
        Threshold.Builder t = Threshold.newBuilder().setQuantity(Quantity.QUANTITY_BOARD_TEMPERATURE)
                .setHighAlarm(boardC + 10).setHysteresis(0.5);
        if (highWarningOffset != null) {
            t.setHighWarning(boardC + highWarningOffset);
        }
        if (lowWarningOffset != null) {
            t.setLowWarning(boardC + lowWarningOffset);
        }
        alarms().setThreshold(SetThresholdRequest.newBuilder().setThreshold(t).build());
        rig.run(300 * MS);
    }

    /** A high warning that set and cleared (latched) and a low warning that stands. */
    private void oneLatchedOneStanding() {
        boardThresholds(-1.0, null);
        boardThresholds(3.0, 1.0);
        List<AlarmFlag> flags = listed();
        assertEquals(2, flags.size(), flags.toString());
        assertFalse(flag(flags, FlagKind.FLAG_KIND_HIGH_WARNING).getActive());
        assertTrue(flag(flags, FlagKind.FLAG_KIND_LOW_WARNING).getActive());
    }

    private static AlarmFlag flag(List<AlarmFlag> flags, FlagKind kind) {
        return flags.stream().filter(f -> f.getKind() == kind).findFirst().orElseThrow(() -> new AssertionError(
                "no " + kind + " in " + flags));
    }

    @Test
    void acknowledgingClearsTheLatchedFlagAndKeepsTheStandingOneUntilItClears() throws Exception {
        oneLatchedOneStanding();
        TelemetryAndAlarmServiceTest.Collector<AlarmEvent> events = new TelemetryAndAlarmServiceTest.Collector<>();
        AlarmServiceGrpc.newStub(rig.channel).streamAlarmEvents(StreamAlarmEventsRequest.getDefaultInstance(), events);
        rig.state(); // same channel, in order: the stream is registered once a later unary call answers
        Thread.sleep(200);

        Acknowledgement a = acknowledge(all());
        assertEquals("local", a.getAcknowledgedBy());
        assertTrue(a.getAcknowledgedAtNs() >= 1 * S);
        assertEquals(1, a.getClearedCount(), a.toString());
        AlarmFlag cleared = a.getCleared(0);
        assertEquals(FlagKind.FLAG_KIND_HIGH_WARNING, cleared.getKind());
        assertTrue(cleared.getAcknowledged());
        assertEquals(2, cleared.getChangeCount(), "shown as it was: set and cleared");
        assertEquals(1, a.getAcknowledgedCount(), a.toString());
        assertEquals(FlagKind.FLAG_KIND_LOW_WARNING, a.getAcknowledged(0).getKind());

        List<AlarmFlag> after = listed();
        assertEquals(1, after.size(), "the latched flag left the list: " + after);
        AlarmFlag standing = after.get(0);
        assertTrue(standing.getActive() && standing.getAcknowledged());
        assertEquals("local", standing.getAcknowledgedBy());
        assertEquals(a.getAcknowledgedAtNs(), standing.getAcknowledgedAtNs());
        assertTrue(rig.state().getAlarmsList().contains(standing), "the state carries the acknowledgement too");

        // The standing flag's condition goes: known trouble, so it leaves the list as it clears.
        boardThresholds(3.0, -3.0);
        assertEquals(List.of(), listed());

        long end = System.nanoTime() + 5 * S;
        while (events.got.size() < 3 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertEquals(List.of(AlarmEventKind.ALARM_EVENT_KIND_ACKNOWLEDGE, AlarmEventKind.ALARM_EVENT_KIND_ACKNOWLEDGE,
                AlarmEventKind.ALARM_EVENT_KIND_CLEAR), events.got.stream().map(AlarmEvent::getKind).toList(),
                events.got.toString());
        AlarmFlag ackCleared = events.got.get(0).getFlag();
        assertEquals(FlagKind.FLAG_KIND_HIGH_WARNING, ackCleared.getKind());
        assertFalse(ackCleared.getActive(), "acknowledge event of a flag that left the list");
        assertTrue(events.got.get(1).getFlag().getActive(), "acknowledge event of a standing flag");
        assertTrue(events.got.get(2).getFlag().getAcknowledged());
    }

    @Test
    void aNewSetAfterAnAcknowledgementIsNewTrouble() {
        oneLatchedOneStanding();
        acknowledge(all());
        boardThresholds(-1.0, null); // the high warning sets again, the low warning clears
        List<AlarmFlag> flags = listed();
        assertEquals(1, flags.size(), flags.toString());
        AlarmFlag hw = flags.get(0);
        assertEquals(FlagKind.FLAG_KIND_HIGH_WARNING, hw.getKind());
        assertTrue(hw.getActive());
        assertFalse(hw.getAcknowledged());
        assertEquals("", hw.getAcknowledgedBy());
        assertEquals(3, hw.getChangeCount(), "counted since start, acknowledgements notwithstanding");
    }

    @Test
    void oneFlagOrOneSubjectAcknowledgesOnlyThat() {
        oneLatchedOneStanding();
        AlarmSubject board = AlarmSubject.newBuilder().setQuantity(Quantity.QUANTITY_BOARD_TEMPERATURE).build();
        Acknowledgement one = acknowledge(AcknowledgeAlarmsRequest.newBuilder().setFlag(AlarmFlagRef.newBuilder()
                .setSubject(board).setKind(FlagKind.FLAG_KIND_LOW_WARNING)).build());
        assertEquals(0, one.getClearedCount());
        assertEquals(1, one.getAcknowledgedCount());
        assertEquals(2, listed().size(), "the latched high warning is untouched");
        assertFalse(flag(listed(), FlagKind.FLAG_KIND_HIGH_WARNING).getAcknowledged());

        Acknowledgement rest = acknowledge(AcknowledgeAlarmsRequest.newBuilder().setSubject(board).build());
        assertEquals(1, rest.getClearedCount());
        assertEquals(one.getAcknowledgedAtNs(), rest.getAcknowledged(0).getAcknowledgedAtNs(),
                "an earlier acknowledgement keeps its time");
        assertEquals(1, listed().size());

        // A sweep that matches nothing is no error.
        Acknowledgement none = acknowledge(AcknowledgeAlarmsRequest.newBuilder()
                .setQuantity(Quantity.QUANTITY_LANE_POWER).build());
        assertEquals(0, none.getClearedCount() + none.getAcknowledgedCount());
    }

    @Test
    void badTargetsAreRefusedNamingTheFieldAndChangeNothing() {
        oneLatchedOneStanding();
        AlarmList before = alarms().listAlarms(ListAlarmsRequest.getDefaultInstance());
        AlarmSubject lane = AlarmSubject.newBuilder().setQuantity(Quantity.QUANTITY_LANE_BIAS).setSlot(0).setLane(3)
                .build();
        refused(Code.NOT_FOUND, () -> acknowledge(AcknowledgeAlarmsRequest.newBuilder().setSubject(lane).build()),
                "subject", "lane_bias slot 0 lane 3");
        AlarmSubject board = AlarmSubject.newBuilder().setQuantity(Quantity.QUANTITY_BOARD_TEMPERATURE).build();
        refused(Code.NOT_FOUND, () -> acknowledge(AcknowledgeAlarmsRequest.newBuilder().setFlag(AlarmFlagRef
                .newBuilder().setSubject(board).setKind(FlagKind.FLAG_KIND_HIGH_ALARM)).build()),
                "flag", "high_alarm flag on board_temperature");

        refused(Code.INVALID_ARGUMENT, () -> acknowledge(AcknowledgeAlarmsRequest.getDefaultInstance()), "target");
        refused(Code.INVALID_ARGUMENT, () -> acknowledge(AcknowledgeAlarmsRequest.newBuilder().setAll(false).build()),
                "all", "true");
        refused(Code.INVALID_ARGUMENT, () -> acknowledge(AcknowledgeAlarmsRequest.newBuilder()
                .setQuantity(Quantity.QUANTITY_UNSPECIFIED).build()), "quantity");
        refused(Code.INVALID_ARGUMENT, () -> acknowledge(AcknowledgeAlarmsRequest.newBuilder()
                .setSubject(board.toBuilder().setRing(4)).build()), "subject.ring", "board_temperature");
        refused(Code.INVALID_ARGUMENT, () -> acknowledge(AcknowledgeAlarmsRequest.newBuilder()
                .setSubject(AlarmSubject.newBuilder().setQuantity(Quantity.QUANTITY_LOOP_OVERRUNS)).build()),
                "subject.loop");
        refused(Code.INVALID_ARGUMENT, () -> acknowledge(AcknowledgeAlarmsRequest.newBuilder()
                .setSubject(AlarmSubject.newBuilder().setSlot(1)).build()), "subject.quantity");
        refused(Code.INVALID_ARGUMENT, () -> acknowledge(AcknowledgeAlarmsRequest.newBuilder()
                .setFlag(AlarmFlagRef.newBuilder().setSubject(board)).build()), "flag.kind");
        refused(Code.INVALID_ARGUMENT, () -> acknowledge(AcknowledgeAlarmsRequest.newBuilder()
                .setFlag(AlarmFlagRef.newBuilder().setKind(FlagKind.FLAG_KIND_LOW_ALARM)).build()), "flag.subject");
        assertEquals(before, alarms().listAlarms(ListAlarmsRequest.getDefaultInstance()));
    }
}
