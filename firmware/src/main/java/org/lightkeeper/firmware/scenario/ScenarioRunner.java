package org.lightkeeper.firmware.scenario;

import java.util.List;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.ring.RingLockState;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * Runs a scenario against the full firmware on the simulated board, on virtual time, applying its
 * events when due and sampling every millisecond: lock times, losses, and the worst distance of any
 * locked ring from its target, measured on the simulator's ground truth. Besides the whole run, the
 * errors are kept from steady state on (every ring with a line locked, those without one arbitrated so, and the start-up coupling
 * measurement done, which holds each aggressor linewidth/16 off its line on purpose), and apart for
 * a line hop's own sample (the ring in transit between its old line and its new one). Each loss is
 * judged on ground truth: whether the ring's line then needed a heater power outside the heater's
 * range (no controller holds a ring there on that line), at the loss or within {@link #JUDGE_WINDOW_NS}.
 */
public final class ScenarioRunner {
    /** Ground truth is sampled this often. */
    static final long SAMPLE_NS = 1_000_000L;
    /** A ring counts towards the worst error once locked this long (acquisition transients excluded). */
    static final long SETTLED_NS = 50_000_000L;
    /**
     * Steady state starts this long after every ring with a line is locked and every engine's coupling
     * measurement is done: the trackers the measurement stirred shift down to the fine dither gear after
     * RingTracker.QUIET_PAIRS quiet pairs (64 ms on the devkit, 128 ms on ref-51t2), and settle there.
     */
    static final long STEADY_AFTER_NS = 200_000_000L;

    private ScenarioRunner() {
    }

    /**
     * A loss counts as out of range when the ring's line needs a heater power outside the heater's
     * range at the loss or within this long after it: the tracker gives up a little before its line
     * leaves (its loss test takes 20 ticks, its dither reaches past the operating point), and at the
     * 10 K/s of issue 5 the line moves a quarter of a mW of heater in 100 ms.
     */
    static final long JUDGE_WINDOW_NS = 100_000_000L;

    /**
     * Rings that lost their line in the last {@link #JUDGE_WINDOW_NS}, not yet judged: is the line out
     * of the heater's range now (ground truth: the power each ring of the engine needs for its line,
     * neighbours solved)? {@code pendingSince[g]}: when ring g's unjudged losses happened, -1 none.
     */
    private static void judgeLosses(BoardSpec spec, SimBoard sim, Firmware fw, BoardSnapshot s, long t,
                                    ScenarioReport.RingStats[] stats, long[] pendingSince, long[] pendingLosses,
                                    int[] firstRing, double[][] offsetNm) {
        for (int en = 0; en < firstRing.length; en++) {
            int count = offsetNm[en].length;
            boolean any = false;
            for (int i = 0; i < count; i++) {
                int g = firstRing[en] + i;
                long lost = s.rings().get(g).losses() - stats[g].losses;
                if (lost > 0) {
                    pendingLosses[g] += lost;
                    pendingSince[g] = pendingSince[g] < 0 ? t : pendingSince[g];
                }
                if (pendingSince[g] >= 0 && t - pendingSince[g] > JUDGE_WINDOW_NS) {
                    pendingSince[g] = -1; // judged in range: the controller's
                    pendingLosses[g] = 0;
                }
                any |= pendingSince[g] >= 0;
            }
            if (!any) {
                continue;
            }
            var lock = fw.engines().get(en);
            int[] lanes = new int[count];
            for (int i = 0; i < count; i++) {
                lanes[i] = lock.lane(i);
            }
            double maxMw = spec.engines().get(en).optics().heaterMaxMw();
            double[] need = sim.engine(en).powersToMeetMw(lanes, offsetNm[en], maxMw);
            for (int i = 0; i < count; i++) {
                int g = firstRing[en] + i;
                if (pendingSince[g] >= 0 && lanes[i] >= 0 && (need[i] < 0 || need[i] > maxMw)) {
                    stats[g].lossesOutOfRange += pendingLosses[g];
                    pendingSince[g] = -1;
                    pendingLosses[g] = 0;
                }
            }
        }
    }

    public static ScenarioReport run(Scenario sc, BoardSpec spec) {
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock, sc.seed());
        Firmware fw = new Firmware(spec, sim, clock);
        int n = spec.ringCount();
        ScenarioReport.RingStats[] stats = new ScenarioReport.RingStats[n];
        double[] targetPm = new double[n];
        double fwhmPm = sim.truth().get(0).fwhmPm();
        int k = 0;
        for (EngineSpec e : spec.engines()) {
            for (BoardSpec.RingSpec r : e.rings()) {
                double f = e.optics().modulatorLockFraction();
                targetPm[k] = r.kind() == RingKind.FILTER ? 0 : fwhmPm / 2 * Math.sqrt(1 / f - 1);
                stats[k] = new ScenarioReport.RingStats(r.id(), r.kind());
                k++;
            }
        }
        long[] lockedSince = new long[n];
        java.util.Arrays.fill(lockedSince, -1);
        long[] hopsSeen = new long[n];
        long[] pendingSince = new long[n];
        java.util.Arrays.fill(pendingSince, -1);
        long[] pendingLosses = new long[n];
        // Per engine: its first ring's global index, and each ring's lock point red of its line, nm.
        int[] firstRing = new int[spec.engines().size()];
        double[][] offsetNm = new double[spec.engines().size()][];
        for (int en = 0, g = 0; en < spec.engines().size(); en++) {
            firstRing[en] = g;
            offsetNm[en] = new double[spec.engines().get(en).rings().size()];
            for (int i = 0; i < offsetNm[en].length; i++, g++) {
                offsetNm[en][i] = targetPm[g] / 1000;
            }
        }
        long settledAt = -1;
        long wallStart = System.nanoTime();
        List<ScenarioEvent> events = sc.events();
        int next = 0;
        for (long t = SAMPLE_NS; t <= sc.durationNs(); t += SAMPLE_NS) {
            while (next < events.size() && events.get(next).atNs() < t) {
                fw.runUntil(events.get(next).atNs(), clock::advanceTo);
                ScenarioFaults.apply(sim, events.get(next));
                next++;
            }
            fw.runUntil(t, clock::advanceTo);
            BoardSnapshot s = fw.publishNow();
            List<RingTruth> truth = sim.truth();
            // Every ring locked, or arbitrated as having no line (not merely not yet calibrated: IDLE or SWEEP).
            if (settledAt < 0 && s.rings().stream().allMatch(r -> r.state() == RingLockState.LOCKED
                    || r.lane() < 0 && r.state() == RingLockState.FAILED)
                    && fw.engines().stream().noneMatch(e -> e.couplingPending())) {
                settledAt = t;
            }
            boolean steady = settledAt >= 0 && t - settledAt >= STEADY_AFTER_NS;
            judgeLosses(spec, sim, fw, s, t, stats, pendingSince, pendingLosses, firstRing, offsetNm);
            for (int i = 0; i < n; i++) {
                BoardSnapshot.Ring r = s.rings().get(i);
                ScenarioReport.RingStats st = stats[i];
                st.finalState = r.state();
                st.finalReason = r.reason();
                st.losses = r.losses();
                if (r.state() == RingLockState.LOCKED) {
                    if (lockedSince[i] < 0) {
                        lockedSince[i] = t;
                    }
                    if (st.firstLockNs < 0) {
                        st.firstLockNs = t;
                    }
                    boolean inHop = r.lineHops() != hopsSeen[i];
                    hopsSeen[i] = r.lineHops();
                    if (t - lockedSince[i] >= SETTLED_NS) {
                        double err = Math.abs(truth.get(i).detuningPm() - targetPm[i]);
                        st.worstErrorPm = Math.max(st.worstErrorPm, err);
                        st.sumSquaresPm2 += err * err;
                        st.samples++;
                        if (!inHop) {
                            st.worstOutsideHopsPm = Math.max(st.worstOutsideHopsPm, err);
                        }
                        if (steady) {
                            st.steadyWorstPm = Math.max(st.steadyWorstPm, err);
                            st.steadySumSquaresPm2 += err * err;
                            st.steadySamples++;
                        }
                    }
                } else {
                    lockedSince[i] = -1;
                }
            }
        }
        long wall = System.nanoTime() - wallStart;
        return new ScenarioReport(sc, spec, sim.params().seed(), fwhmPm, wall,
                settledAt < 0 ? -1 : settledAt + STEADY_AFTER_NS, List.of(stats), fw.snapshot(),
                fw.slots().stream().flatMap(c -> c.transitions().stream()).toList());
    }
}
