package org.lightkeeper.firmware.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lightkeeper.firmware.alarm.AlarmFlag;
import org.lightkeeper.firmware.alarm.FlagKind;
import org.lightkeeper.firmware.alarm.Quantity;
import org.lightkeeper.firmware.els.ElsState;
import org.lightkeeper.firmware.laser.LaneHealth;
import org.lightkeeper.firmware.laser.LanePowerLoop;
import org.lightkeeper.firmware.state.BoardSnapshot;

/**
 * For each injected fault, the answer the firmware owes (an alarm flag, or a state an operator sees in
 * telemetry) and when it came, judged on what the management API publishes: the snapshot and the
 * alarm table's flag changes (docs/soak.md has the table).
 */
final class FaultAnswers {
    /** One fault and its answer. */
    static final class Answer {
        final SoakEvent event;
        final String expected;
        final long windowEndNs;
        long answeredNs = -1;
        String failure;
        String note = "";

        Answer(SoakEvent event, String expected, long windowEndNs) {
            this.event = event;
            this.expected = expected;
            this.windowEndNs = windowEndNs;
        }

        boolean passed() {
            return answeredNs >= 0 && failure == null;
        }

        String verdict() {
            if (failure != null) {
                return "FAIL: " + failure;
            }
            return answeredNs < 0 ? "FAIL: not seen" : String.format(Locale.ROOT, "PASS after %.3f s",
                    (answeredNs - event.atNs()) / 1e9);
        }
    }

    /** A flag change as the alarm listener saw it. */
    record FlagChange(long atNs, AlarmFlag flag) {
    }

    private final RingWatch rings;
    private final List<Answer> answers = new ArrayList<>();
    private final List<Answer> open = new ArrayList<>();
    private final List<FlagChange> flags = new ArrayList<>();
    private final boolean[][] ageingExpected = new boolean[64][8];
    /** Driver retries of the processes before the current one, and the current one. */
    private long retriesBefore;
    private FirmwareProcess counted;
    private long retries;

    FaultAnswers(RingWatch rings) {
        this.rings = rings;
    }

    void flagChanged(long now, AlarmFlag f) {
        flags.add(new FlagChange(now, f));
    }

    List<FlagChange> flags() {
        return flags;
    }

    /**
     * {@code e} was just applied; {@code nextNs} is the next event of the plan and {@code firstOtherNs} the
     * first one that is not a NAK rate (an answer must come before them where another fault could give it).
     */
    void injected(SoakEvent e, long nextNs, long firstOtherNs, long endNs) {
        long to = Math.min(nextNs, endNs);
        switch (e.kind()) {
            // Judged until the first other fault: a later stuck bus raises the same flag.
            case NAK_RATE -> add(e, "BUS_RETRIES flag (any slot)", Math.min(firstOtherNs, endNs));
            case BUS_STUCK -> add(e, "BUS_ERRORS alarm on the slots of " + e.bus(), e.atNs() + e.durationNs() + 2_000_000_000L);
            case ELS_PULL -> add(e, "slot " + e.slot() + " ABSENT", to);
            case ELS_INSERT_SAME -> add(e, "slot " + e.slot() + " lit again, every ring relocked from calibration "
                    + "(no sweep)", to);
            case ELS_INSERT_OTHER -> add(e, "a calibration sweep for the new module", to);
            case LASER_AGEING -> {
                // The bias runs 20 % x age above beginning of life: the warning is due once past AGEING_WARN_RISE.
                double due = LanePowerLoop.AGEING_WARN_RISE / LanePowerLoop.EOL_RISE;
                if (e.value() >= due && !ageingExpected[e.slot()][e.lane()]) {
                    ageingExpected[e.slot()][e.lane()] = true;
                    add(e, String.format(Locale.ROOT, "lane health AGEING on slot %d lane %d (bias +%.0f %%)", e.slot(),
                            e.lane(), 100 * LanePowerLoop.EOL_RISE * e.value()), endNs);
                }
            }
            case LASER_DEATH -> add(e, "LANE_POWER low alarm on slot " + e.slot() + " lane " + e.lane(), to);
            case DIE_RAMP, AMBIENT_RAMP, ASIC_POWER_STEP -> {
                // Tracked: no ring leaves lock while the die moves (ramp, or five time constants of a step).
                long lasts = e.kind() == SoakEvent.Kind.ASIC_POWER_STEP ? 5 * e.durationNs() : e.durationNs();
                add(e, "rings track: no unlock", Math.min(e.atNs() + lasts, endNs));
            }
            case RESTART -> add(e, "every ring locked again, without a calibration sweep", to);
            case BUS_RELEASE -> { }
            default -> throw new IllegalStateException(e.kind().name());
        }
    }

    private void add(SoakEvent e, String expected, long windowEnd) {
        Answer a = new Answer(e, expected, windowEnd);
        answers.add(a);
        open.add(a);
    }

    /** Checks the open answers against what the firmware publishes now. */
    void check(long now, FirmwareProcess p) {
        BoardSnapshot s = p.fw.snapshot();
        if (p != counted) {
            retriesBefore = retries;
            counted = p;
        }
        retries = retriesBefore + p.fw.drivers().retries();
        for (int i = open.size() - 1; i >= 0; i--) {
            Answer a = open.get(i);
            SoakEvent e = a.event;
            boolean done = switch (e.kind()) {
                case NAK_RATE -> flagSince(e.atNs(), Quantity.BUS_RETRIES, -1, -1, null);
                case BUS_STUCK -> flagSince(e.atNs(), Quantity.BUS_ERRORS, -1, -1, FlagKind.Severity.ALARM);
                case ELS_PULL -> slot(s, e.slot()).state() == ElsState.ABSENT;
                case ELS_INSERT_SAME, RESTART -> {
                    if (sweptSince(e.atNs())) {
                        a.failure = "the rings were swept (calibration not used)";
                        yield true;
                    }
                    yield rings.allExpectedLocked(p) && (e.kind() == SoakEvent.Kind.RESTART
                            || slot(s, e.slot()).state() == ElsState.LANES_ENABLED);
                }
                case ELS_INSERT_OTHER -> sweptSince(e.atNs());
                case LASER_AGEING -> lane(s, e.slot(), e.lane()).health() == LaneHealth.AGEING;
                case LASER_DEATH -> flagSince(e.atNs(), Quantity.LANE_POWER, e.slot(), e.lane(), FlagKind.Severity.ALARM);
                case DIE_RAMP, AMBIENT_RAMP, ASIC_POWER_STEP -> {
                    for (RingWatch.Unlock u : rings.unlocks()) {
                        if (u.atNs() > e.atNs() && u.atNs() <= now) {
                            a.failure = "ring " + u.ring() + " left lock (" + u.to() + ") at "
                                    + String.format(Locale.ROOT, "%.3f s", u.atNs() / 1e9);
                        }
                    }
                    yield a.failure != null || now >= a.windowEndNs;
                }
                default -> throw new IllegalStateException(e.kind().name());
            };
            if (done) {
                a.answeredNs = now;
                open.remove(i);
            } else if (now >= a.windowEndNs) {
                if (e.kind() == SoakEvent.Kind.NAK_RATE) {
                    a.note = "the drivers retried " + retries + " transactions by then";
                }
                a.failure = "not seen by " + String.format(Locale.ROOT, "%.3f s", a.windowEndNs / 1e9);
                if (e.kind() == SoakEvent.Kind.ELS_INSERT_SAME || e.kind() == SoakEvent.Kind.RESTART) {
                    a.failure += "; " + rings.notLocked(p);
                }
                open.remove(i);
            }
        }
    }

    /** Closes what is still open at the end of the run. */
    void finish(long now) {
        for (Answer a : open) {
            a.failure = a.failure != null ? a.failure : "not seen by the end of the run";
        }
        open.clear();
    }

    private boolean sweptSince(long t) {
        List<Long> sweeps = rings.sweepStarts();
        return !sweeps.isEmpty() && sweeps.get(sweeps.size() - 1) > t;
    }

    private boolean flagSince(long t, Quantity q, int slot, int lane, FlagKind.Severity severity) {
        for (FlagChange c : flags) {
            AlarmFlag f = c.flag();
            if (c.atNs() >= t && f.active() && f.subject().quantity() == q && (slot < 0 || f.subject().slot() == slot)
                    && (lane < 0 || f.subject().lane() == lane) && (severity == null || f.kind().severity() == severity)) {
                return true;
            }
        }
        return false;
    }

    private static BoardSnapshot.ElsSlot slot(BoardSnapshot s, int slot) {
        return s.elsSlots().stream().filter(x -> x.slot() == slot).findFirst().orElseThrow();
    }

    private static BoardSnapshot.Lane lane(BoardSnapshot s, int slot, int lane) {
        return slot(s, slot).lanes().get(lane);
    }

    List<Answer> answers() {
        return answers;
    }

    long retries() {
        return retries;
    }
}
