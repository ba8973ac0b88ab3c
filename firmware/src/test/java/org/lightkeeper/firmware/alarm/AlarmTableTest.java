package org.lightkeeper.firmware.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardFile;

/** The alarm table on hand-made snapshots: hysteresis, latching, both directions, rates, validation. */
class AlarmTableTest {
    private static final long MS = 1_000_000L;

    private static BoardSnapshot board(long t, double c, long overruns) {
        return new BoardSnapshot(t, c, List.of(), List.of(),
                List.of(new BoardSnapshot.LoopStats("rings", 500_000, 1000, overruns, 0, 0)));
    }

    @Test
    void highAndLowFlagsSetAndClearWithHysteresisAndStayLatched() {
        AlarmTable t = new AlarmTable(BoardFile.load("devkit"));
        t.setThresholds(Thresholds.of(Quantity.BOARD_TEMPERATURE, 80, 70, 10, 0, 2));
        List<AlarmFlag> events = new ArrayList<>();
        t.onChange(e -> events.add(e.flag()));
        double[] temps = {50, 71, 69, 68.5, 67.9, 81, 79, 9, 11.5, 12.1};
        for (int i = 0; i < temps.length; i++) {
            t.evaluate(board(i * 100 * MS, temps[i], 0));
        }
        List<String> seen = events.stream().map(e -> e.kind() + (e.active() ? " set " : " clear ") + e.value()).toList();
        // 69 and 68.5 hold the high warning (within 2 of 70); 79 holds the high alarm (within 2 of 80);
        // 11.5 holds the low warning (within 2 of 10).
        assertEquals(List.of("HIGH_WARNING set 71.0", "HIGH_WARNING clear 67.9", "HIGH_ALARM set 81.0",
                "HIGH_WARNING set 81.0", "HIGH_ALARM clear 9.0", "HIGH_WARNING clear 9.0", "LOW_WARNING set 9.0",
                "LOW_WARNING clear 12.1"), seen);
        AlarmFlag hw = t.flags().stream().filter(f -> f.kind() == FlagKind.HIGH_WARNING).findFirst().orElseThrow();
        assertFalse(hw.active());
        assertEquals(4, hw.changeCount());
        assertTrue(hw.clearedAtNs() > hw.setAtNs());
    }

    @Test
    void acknowledgingDropsAClearedFlagKeepsAStandingOneUntilItClearsAndANewSetIsUnacknowledged() {
        AlarmTable t = new AlarmTable(BoardFile.load("devkit"));
        t.setThresholds(Thresholds.of(Quantity.BOARD_TEMPERATURE, 80, 70, 10, 0, 2));
        List<FlagEvent> events = new ArrayList<>();
        t.onChange(events::add);
        t.evaluate(board(0, 75, 0));     // high warning sets
        t.evaluate(board(100 * MS, 60, 0)); // and clears: latched
        t.evaluate(board(200 * MS, 5, 0));  // low warning sets and stands
        assertEquals(2, t.flags().size());
        events.clear();

        Acknowledgement a = t.acknowledge(FlagSelector.all(), "alice", 250 * MS);
        assertEquals(List.of(FlagKind.HIGH_WARNING), a.cleared().stream().map(AlarmFlag::kind).toList());
        assertEquals(List.of(FlagKind.LOW_WARNING), a.acknowledged().stream().map(AlarmFlag::kind).toList());
        AlarmFlag low = t.flags().get(0);
        assertEquals(1, t.flags().size(), "the cleared flag left the list: " + t.flags());
        assertTrue(low.active() && low.acknowledged());
        assertEquals(250 * MS, low.acknowledgedAtNs());
        assertEquals("alice", low.acknowledgedBy());
        assertEquals(List.of(FlagEvent.Kind.ACKNOWLEDGE, FlagEvent.Kind.ACKNOWLEDGE),
                events.stream().map(FlagEvent::kind).toList());

        // Again: nothing new to acknowledge, no event; the earlier acknowledgement is kept.
        events.clear();
        Acknowledgement again = t.acknowledge(FlagSelector.all(), "bob", 260 * MS);
        assertEquals("alice", again.acknowledged().get(0).acknowledgedBy());
        assertTrue(events.isEmpty(), events.toString());

        // The acknowledged standing flag leaves the list when it clears; it was known trouble.
        t.evaluate(board(300 * MS, 20, 0));
        assertTrue(t.flags().isEmpty(), t.flags().toString());
        assertEquals(FlagEvent.Kind.CLEAR, events.get(0).kind());

        // The same condition again is new trouble: listed, unacknowledged, its change count going on.
        t.evaluate(board(400 * MS, 75, 0));
        AlarmFlag hw = t.flags().get(0);
        assertEquals(FlagKind.HIGH_WARNING, hw.kind());
        assertFalse(hw.acknowledged());
        assertEquals("", hw.acknowledgedBy());
        assertEquals(3, hw.changeCount());
    }

    @Test
    void aSelectorAcknowledgesOnlyWhatItNames() {
        AlarmTable t = new AlarmTable(BoardFile.load("devkit"));
        t.setThresholds(Thresholds.of(Quantity.BOARD_TEMPERATURE, 80, 70, 10, 0, 2));
        t.setThresholds(Thresholds.of(Quantity.LOOP_OVERRUNS, 50, 5, Double.NaN, Double.NaN, 1));
        t.evaluate(board(0, 85, 0));
        t.evaluate(board(1000 * MS, 85, 10)); // 10 overruns/s: loop warning; board high alarm and warning stand
        assertEquals(3, t.flags().size(), t.flags().toString());
        Subject boardTemp = Subject.board(Quantity.BOARD_TEMPERATURE);

        assertTrue(t.acknowledge(FlagSelector.flag(boardTemp, FlagKind.LOW_ALARM), "a", 1).matchedNothing());
        assertTrue(t.acknowledge(FlagSelector.subject(Subject.loop(Quantity.LOOP_OVERRUNS, "els")), "a", 1)
                .matchedNothing());
        assertTrue(t.acknowledge(FlagSelector.quantity(Quantity.MODULE_TEMPERATURE), "a", 1).matchedNothing());
        assertTrue(t.flags().stream().noneMatch(AlarmFlag::acknowledged));

        Acknowledgement one = t.acknowledge(FlagSelector.flag(boardTemp, FlagKind.HIGH_ALARM), "a", 2);
        assertEquals(1, one.acknowledged().size());
        assertEquals(List.of(FlagKind.HIGH_ALARM), t.flags().stream().filter(AlarmFlag::acknowledged)
                .map(AlarmFlag::kind).toList());
        Acknowledgement loops = t.acknowledge(FlagSelector.quantity(Quantity.LOOP_OVERRUNS), "a", 3);
        assertEquals("rings", loops.acknowledged().get(0).subject().loop());
        assertEquals(2, t.acknowledge(FlagSelector.subject(boardTemp), "a", 4).acknowledged().size());
        assertTrue(t.flags().stream().allMatch(AlarmFlag::acknowledged));
        // Acknowledging never touches a flag's condition.
        assertEquals(3, t.flags().stream().filter(AlarmFlag::active).count());
    }

    private static BoardSnapshot laneGoingDark(long t, double goingDarkMs) {
        var lane = new BoardSnapshot.Lane(1, false, Double.isNaN(goingDarkMs) ? org.lightkeeper.hal.chip.cmis.LaneStatus.OFF
                : org.lightkeeper.hal.chip.cmis.LaneStatus.ON, 80, 20, false, 20, org.lightkeeper.firmware.laser.LaneHealth.UNKNOWN,
                goingDarkMs);
        var slot = new BoardSnapshot.ElsSlot(0, true, org.lightkeeper.firmware.els.ElsState.LANES_ENABLED, "", null, 40,
                List.of(lane));
        return new BoardSnapshot(t, 40, List.of(slot), List.of(), List.of());
    }

    /**
     * A disabled lane its module still reports lit: a warning from 100 ms, an alarm from 500 ms, both
     * cleared when the module reports it off (and, unacknowledged, still listed).
     */
    @Test
    void aLaneStillLitAfterItsDisableIsWarnedThenAlarmed() {
        AlarmTable t = new AlarmTable(BoardFile.load("devkit"));
        t.evaluate(laneGoingDark(0, 5));
        assertTrue(t.flags().isEmpty(), "within a lane's ramp down");
        t.evaluate(laneGoingDark(100 * MS, 105));
        assertEquals(List.of(FlagKind.HIGH_WARNING), t.flags().stream().map(AlarmFlag::kind).toList());
        t.evaluate(laneGoingDark(500 * MS, 505));
        AlarmFlag alarm = t.flags().stream().filter(f -> f.kind() == FlagKind.HIGH_ALARM).findFirst().orElseThrow();
        assertTrue(alarm.active());
        assertEquals(Quantity.LANE_OFF_OVERDUE, alarm.subject().quantity());
        assertEquals(0, alarm.subject().slot());
        assertEquals(1, alarm.subject().lane());
        t.evaluate(laneGoingDark(600 * MS, Double.NaN));
        assertTrue(t.flags().stream().noneMatch(AlarmFlag::active), "reported off: cleared");
        assertEquals(2, t.flags().size(), "latched until acknowledged");
    }

    @Test
    void overrunsAreARatePerSecond() {
        AlarmTable t = new AlarmTable(BoardFile.load("devkit"));
        t.setThresholds(Thresholds.of(Quantity.LOOP_OVERRUNS, 50, 5, Double.NaN, Double.NaN, 1));
        t.evaluate(board(0, 40, 0));
        t.evaluate(board(1000 * MS, 40, 3));
        assertTrue(t.flags().isEmpty(), "3 per second is below 5");
        t.evaluate(board(2000 * MS, 40, 13));
        assertEquals(1, t.flags().size());
        assertEquals(FlagKind.HIGH_WARNING, t.flags().get(0).kind());
        assertEquals("rings", t.flags().get(0).subject().loop());
    }

    @Test
    void thresholdsOutOfOrderAreRefusedNamingTheField() {
        assertEquals("high_warning", assertThrows(Thresholds.InvalidThresholdException.class,
                () -> Thresholds.of(Quantity.BOARD_TEMPERATURE, 70, 80, Double.NaN, Double.NaN, 0)).field());
        assertEquals("low_warning", assertThrows(Thresholds.InvalidThresholdException.class,
                () -> Thresholds.of(Quantity.BOARD_TEMPERATURE, Double.NaN, Double.NaN, 5, 10, 0)).field());
        assertEquals("low_warning", assertThrows(Thresholds.InvalidThresholdException.class,
                () -> Thresholds.of(Quantity.BOARD_TEMPERATURE, Double.NaN, 40, 50, Double.NaN, 0)).field());
        assertEquals("hysteresis", assertThrows(Thresholds.InvalidThresholdException.class,
                () -> Thresholds.of(Quantity.BOARD_TEMPERATURE, 80, 70, 10, 0, -0.1)).field());
    }
}
