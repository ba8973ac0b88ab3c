package org.lightkeeper.firmware.loop;

import java.util.ArrayList;
import java.util.List;
import org.lightkeeper.hal.time.Clock;

/**
 * Fixed-rate loops on an injected clock, run one at a time on the calling thread (no global
 * scheduler, no hidden threads). Each loop has a period; a run that ends after its next due time is
 * an overrun: counted, the missed periods skipped, never silent. Bus time spent inside a loop shows
 * up here because the simulated buses advance virtual time as the wire would.
 *
 * <p>A <b>paced</b> loop ({@link #paced}) has no deadline, only two least intervals: from the start of
 * one run to the next ({@code minPeriodNs}, a bus share) and from the end of one run to the start of the
 * next ({@code minGapNs}, a settling time). Other loops running in between only make it later, which such
 * a loop never minds, so it has no overruns. It may be parked (not run at all) and woken.
 */
public final class LoopScheduler {
    /** One periodic loop body. {@code now} is the clock at the start of the run. */
    public interface Body {
        void run(long now);
    }

    /** A registered loop and its counters (read by telemetry; written only by the scheduler thread). */
    public static final class Loop {
        public final String name;
        /** Fixed-rate: the period. Paced: the least time from one run's start to the next's. */
        public final long periodNs;
        /** Paced only: the least time from one run's end to the next's start (0 for a fixed-rate loop). */
        public final long minGapNs;
        private final boolean paced;
        private final Body body;
        private long next;
        private boolean parked;
        private volatile long runs;
        private volatile long overruns;
        private volatile long lastRunNs;
        private volatile long maxRunNs;

        Loop(String name, long periodNs, Body body, long first) {
            this(name, periodNs, 0, false, body, first);
        }

        private Loop(String name, long periodNs, long minGapNs, boolean paced, Body body, long first) {
            this.name = name;
            this.periodNs = periodNs;
            this.minGapNs = minGapNs;
            this.paced = paced;
            this.body = body;
            this.next = first;
        }

        /** Whether this loop is paced ({@link LoopScheduler#paced}) rather than fixed-rate. */
        public boolean paced() {
            return paced;
        }

        /** Paced loops: no further runs until {@link #wake}. From the scheduler's thread only. */
        public void park() {
            if (!paced) {
                throw new IllegalStateException("only a paced loop parks: " + name);
            }
            parked = true;
        }

        /** Paced loops: runs again, no sooner than {@code at} nor than its intervals allow. From the scheduler's thread only. */
        public void wake(long at) {
            if (parked) {
                parked = false;
                next = Math.max(next, at);
            }
        }

        public boolean parked() {
            return parked;
        }

        public long runs() {
            return runs;
        }

        public long overruns() {
            return overruns;
        }

        public long lastRunNs() {
            return lastRunNs;
        }

        public long maxRunNs() {
            return maxRunNs;
        }
    }

    private final Clock clock;
    private final List<Loop> loops = new ArrayList<>();
    private volatile boolean stopped;

    public LoopScheduler(Clock clock) {
        this.clock = clock;
    }

    public Loop every(String name, long periodNs, Body body) {
        if (periodNs <= 0) {
            throw new IllegalArgumentException("loop period must be positive: " + name);
        }
        Loop l = new Loop(name, periodNs, body, clock.nanos());
        loops.add(l);
        return l;
    }

    /**
     * A paced loop, parked until {@link Loop#wake}: each run starts at least {@code minPeriodNs} after the
     * previous one started and at least {@code minGapNs} after it ended, as soon as both allow and no
     * earlier-due loop is running. Never an overrun.
     */
    public Loop paced(String name, long minPeriodNs, long minGapNs, Body body) {
        if (minPeriodNs <= 0 || minGapNs < 0) {
            throw new IllegalArgumentException("paced loop needs a positive period and a gap >= 0: " + name);
        }
        Loop l = new Loop(name, minPeriodNs, minGapNs, true, body, clock.nanos());
        l.parked = true;
        loops.add(l);
        return l;
    }

    public List<Loop> loops() {
        return List.copyOf(loops);
    }

    /** Runs due loops in time order until the clock reaches {@code endNs} or {@link #stop()} is called. */
    public void runUntil(long endNs, Waiter waiter) {
        while (!stopped) {
            Loop due = null;
            for (int i = 0; i < loops.size(); i++) {
                Loop l = loops.get(i);
                if (l.parked) {
                    continue;
                }
                if (due == null || l.next < due.next) {
                    due = l;
                }
            }
            if (due == null || due.next > endNs) {
                waiter.waitUntil(endNs);
                return;
            }
            waiter.waitUntil(due.next);
            long start = clock.nanos();
            due.body.run(start);
            long end = clock.nanos();
            long took = end - start;
            due.lastRunNs = took;
            if (took > due.maxRunNs) {
                due.maxRunNs = took;
            }
            due.runs++;
            if (due.paced) {
                due.next = Math.max(start + due.periodNs, end + due.minGapNs);
                continue;
            }
            due.next += due.periodNs;
            if (end > due.next) {
                due.overruns++;
                long behind = (end - due.next) / due.periodNs + 1;
                due.next += behind * due.periodNs;
            }
        }
    }

    public void stop() {
        stopped = true;
    }
}
