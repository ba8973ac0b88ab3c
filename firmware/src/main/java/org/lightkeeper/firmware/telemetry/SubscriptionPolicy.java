package org.lightkeeper.firmware.telemetry;

import java.util.List;
import java.util.Objects;
import org.lightkeeper.firmware.state.BoardSnapshot;

/**
 * When a subscriber gets an update (firmware time throughout): SAMPLE every interval; ON_CHANGE when
 * any discrete state changed (ELS state, lane enable or status, operator mask, ring lock state or line,
 * alarm flags) or a ring's detuning moved by more than the deadband since the last update, plus a
 * heartbeat after {@code heartbeatNs} without one. The first snapshot is always sent. Not
 * thread-safe: used from the publishing loop only.
 */
public final class SubscriptionPolicy {
    public enum Mode { SAMPLE, ON_CHANGE }

    /** What to do with a snapshot. */
    public enum Decision { SKIP, SEND, HEARTBEAT }

    private final Mode mode;
    private final long intervalNs;
    private final double deadbandPm;
    private final long heartbeatNs;
    /**
     * Snapshots are published every 10 ms with some microseconds of jitter (bus time); due times are
     * met within this tolerance, so a 10 ms interval gets every snapshot rather than every other one.
     */
    public static final long TOLERANCE_NS = 5_000_000L;
    private BoardSnapshot last;
    private long nextDue;

    public SubscriptionPolicy(Mode mode, long intervalNs, double deadbandPm, long heartbeatNs) {
        this.mode = Objects.requireNonNull(mode);
        this.intervalNs = intervalNs;
        this.deadbandPm = deadbandPm;
        this.heartbeatNs = heartbeatNs;
    }

    public Decision decide(BoardSnapshot s) {
        Decision d;
        long t = s.sampledAtNs();
        if (last == null) {
            d = Decision.SEND;
            nextDue = t + intervalNs;
        } else if (mode == Mode.SAMPLE) {
            d = Decision.SKIP;
            if (t >= nextDue - Math.min(TOLERANCE_NS, intervalNs / 2)) {
                d = Decision.SEND;
                // Fixed rate on the due grid; after a gap (no snapshots), restart the grid from now.
                nextDue = t > nextDue + intervalNs ? t + intervalNs : nextDue + intervalNs;
            }
        } else if (changed(last, s)) {
            d = Decision.SEND;
        } else if (heartbeatNs > 0 && t - last.sampledAtNs() >= heartbeatNs - Math.min(TOLERANCE_NS, heartbeatNs / 2)) {
            d = Decision.HEARTBEAT;
        } else {
            d = Decision.SKIP;
        }
        if (d != Decision.SKIP) {
            last = s;
        }
        return d;
    }

    private boolean changed(BoardSnapshot a, BoardSnapshot b) {
        if (a.elsSlots().size() != b.elsSlots().size() || a.rings().size() != b.rings().size()) {
            return true;
        }
        for (int i = 0; i < a.elsSlots().size(); i++) {
            BoardSnapshot.ElsSlot x = a.elsSlots().get(i);
            BoardSnapshot.ElsSlot y = b.elsSlots().get(i);
            if (x.state() != y.state() || x.present() != y.present() || x.operatorLanes() != y.operatorLanes()) {
                return true;
            }
            List<BoardSnapshot.Lane> xl = x.lanes();
            List<BoardSnapshot.Lane> yl = y.lanes();
            for (int l = 0; l < Math.min(xl.size(), yl.size()); l++) {
                if (xl.get(l).enabled() != yl.get(l).enabled() || xl.get(l).status() != yl.get(l).status()) {
                    return true;
                }
            }
        }
        for (int i = 0; i < a.rings().size(); i++) {
            BoardSnapshot.Ring x = a.rings().get(i);
            BoardSnapshot.Ring y = b.rings().get(i);
            if (x.state() != y.state() || x.lane() != y.lane()) {
                return true;
            }
            double dx = x.detuningPm();
            double dy = y.detuningPm();
            if (Double.isNaN(dx) != Double.isNaN(dy)) {
                return true;
            }
            if (!Double.isNaN(dx) && Math.abs(dx - dy) > deadbandPm) {
                return true;
            }
        }
        return !a.alarms().equals(b.alarms());
    }
}
