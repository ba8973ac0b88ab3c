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
        t.onChange(events::add);
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
