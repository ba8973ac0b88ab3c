package org.lightkeeper.firmware.loop;

import java.util.ArrayList;
import java.util.List;
import org.lightkeeper.hal.time.Clock;

/**
 * Fixed-rate loops on an injected clock, run one at a time on the calling thread (no global
 * scheduler, no hidden threads). Each loop has a period; a run that ends after its next due time is
 * an overrun: counted, the missed periods skipped, never silent. Bus time spent inside a loop shows
 * up here because the simulated buses advance virtual time as the wire would.
 */
public final class LoopScheduler {
    /** One periodic loop body. {@code now} is the clock at the start of the run. */
    public interface Body {
        void run(long now);
    }

    /** A registered loop and its counters (read by telemetry; written only by the scheduler thread). */
    public static final class Loop {
        public final String name;
        public final long periodNs;
        private final Body body;
        private long next;
        private volatile long runs;
        private volatile long overruns;
        private volatile long lastRunNs;
        private volatile long maxRunNs;

        Loop(String name, long periodNs, Body body, long first) {
            this.name = name;
            this.periodNs = periodNs;
            this.body = body;
            this.next = first;
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

    public List<Loop> loops() {
        return List.copyOf(loops);
    }

    /** Runs due loops in time order until the clock reaches {@code endNs} or {@link #stop()} is called. */
    public void runUntil(long endNs, Waiter waiter) {
        while (!stopped) {
            Loop due = null;
            for (int i = 0; i < loops.size(); i++) {
                Loop l = loops.get(i);
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
