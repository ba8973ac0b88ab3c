package org.lightkeeper.firmware.ring;

/**
 * Which rings one engine tick reads and updates, from its {@link TrackingPlan}. Dither: every ring every
 * tick. Gradient, in steady tracking: one group of rings a tick, round robin, plus any ring that is
 * not locked or parked (a fine sweep needs its reading every tick); anything else (calibration
 * sweep, acquisition after arbitration, the start-up coupling measurement) reads every ring, as the
 * dither engine does, for as long as it lasts. Allocation-free after construction.
 */
final class TrackingSchedule {
    private final TrackingPlan plan;
    private final int[] group;
    private final boolean[] wanted;
    private int current = -1;
    private boolean full = true;

    TrackingSchedule(TrackingPlan plan, int rings) {
        this.plan = plan;
        this.group = new int[rings];
        for (int i = 0; i < rings; i++) {
            group[i] = i / Math.max(1, plan.groupSize());
        }
        this.wanted = new boolean[rings];
    }

    TrackingPlan plan() {
        return plan;
    }

    /**
     * Reads this tick's monitors into {@code pd}: every ring, unless the engine tracks by gradient and
     * is {@code steady} (running, no measurement under way), when the next group and the rings in
     * transit are read.
     */
    void read(MonitorBank monitors, double[] pd, boolean steady, RingLockState[] state) {
        if (plan.mode() == TrackingPlan.Mode.DITHER || !steady) {
            full = true;
            monitors.read(pd);
            return;
        }
        full = false;
        current = current + 1 >= plan.groups() ? 0 : current + 1;
        for (int i = 0; i < wanted.length; i++) {
            RingLockState s = state[i];
            wanted[i] = group[i] == current || (s != RingLockState.LOCKED && s != RingLockState.FAILED);
        }
        monitors.read(pd, wanted);
    }

    /** Whether locked ring {@code i} was read this tick and is to be updated (and its heater written) now. */
    boolean due(int i) {
        return full || group[i] == current;
    }
}
