package org.lightkeeper.firmware.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lightkeeper.hal.board.BoardSpec;

/**
 * Lanes lit outside the interlock, on ground truth (docs/soak.md): at every sample, a lane the
 * simulator shows emitting is a violation when a condition that forbids it has stood longer than the
 * reaction deadline. Forbidding conditions: the module is not in ModuleReady (simulator state), a
 * critical alarm stands on the slot (the running firmware's alarm table), or the operator disabled the
 * lane (from when the firmware took the setting, for the rest of the run, restarts included).
 */
final class LightWatch {
    /** One stretch of a lane lit while forbidden. */
    record Episode(int slot, int lane, long fromNs, long toNs, String why) {
        String describe() {
            return String.format(Locale.ROOT, "slot %d lane %d lit %.3f s .. %.3f s while %s", slot, lane, fromNs / 1e9,
                    toNs / 1e9, why);
        }
    }

    private final SoakInjector truth;
    private final OperatorSettings settings;
    private final int[] slots;
    private final long deadlineNs;
    private final long sampleNs;
    /** Per slot and lane: since when a forbidding condition stands (-1 none), and the open episode. */
    private final long[][] since;
    private final Episode[][] open;
    private final List<Episode> episodes = new ArrayList<>();
    private long operatorSinceNs = -1;
    private long litForbiddenNs;

    LightWatch(BoardSpec spec, SoakInjector truth, OperatorSettings settings, long deadlineNs, long sampleNs) {
        this.truth = truth;
        this.settings = settings;
        this.slots = spec.elsSlots().stream().mapToInt(BoardSpec.ElsSlotSpec::slot).toArray();
        this.deadlineNs = deadlineNs;
        this.sampleNs = sampleNs;
        this.since = new long[slots.length][8];
        this.open = new Episode[slots.length][8];
        for (long[] s : since) {
            java.util.Arrays.fill(s, -1);
        }
    }

    /** The firmware took the operator's settings at {@code t}: the disabled lane is forbidden from then on. */
    void operatorSettingsTaken(long t) {
        operatorSinceNs = t;
    }

    long deadlineNs() {
        return deadlineNs;
    }

    void sample(long now, FirmwareProcess p) {
        for (int k = 0; k < slots.length; k++) {
            int slot = slots[k];
            boolean notReady = !truth.moduleReady(slot);
            boolean critical = p.alarms().criticalOnSlot(slot);
            for (int lane = 0; lane < 8; lane++) {
                boolean operator = operatorSinceNs >= 0 && slot == settings.slot() && lane == settings.disabledLane();
                String why = notReady ? "module not ready" : critical ? "critical alarm on the slot"
                        : operator ? "disabled by the operator" : null;
                if (why == null) {
                    since[k][lane] = -1;
                } else if (since[k][lane] < 0) {
                    since[k][lane] = operator && !notReady && !critical ? Math.min(now, operatorSinceNs) : now;
                }
                boolean violating = why != null && now - since[k][lane] > deadlineNs && truth.lit(slot, lane);
                if (violating) {
                    litForbiddenNs += sampleNs;
                    Episode e = open[k][lane];
                    open[k][lane] = new Episode(slot, lane, e == null ? now : e.fromNs(), now, why);
                } else if (open[k][lane] != null) {
                    episodes.add(open[k][lane]);
                    open[k][lane] = null;
                }
            }
        }
    }

    /** Every episode, the ones still open at the end included. */
    List<Episode> episodes() {
        List<Episode> all = new ArrayList<>(episodes);
        for (Episode[] row : open) {
            for (Episode e : row) {
                if (e != null) {
                    all.add(e);
                }
            }
        }
        all.sort(java.util.Comparator.comparingLong(Episode::fromNs));
        return all;
    }

    /** Total lane-time lit while forbidden past the deadline, ns (sample resolution). */
    long litForbiddenNs() {
        return litForbiddenNs;
    }
}
