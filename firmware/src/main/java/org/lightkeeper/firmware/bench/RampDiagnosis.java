package org.lightkeeper.firmware.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.ring.EngineLock;
import org.lightkeeper.firmware.ring.RingLockState;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.physics.EnginePhysics;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * Why rings lose lock or leave linewidth/10 in a die ramp, from the simulator's ground truth: one
 * board settles, takes the ramp, and every millisecond each ring's state, its distance from its lock
 * target and the heater power it would physically need to sit on its assigned line
 * ({@link EnginePhysics#powersToMeetMw}: its own efficiency, FSR and fabrication offset, the die now,
 * every ring of the waveguide on its line at once) are read. A loss, or an excursion past linewidth/10,
 * is put in one class (a ring's sample in which its lane changed, a line hop's own, is left out):
 * <ul>
 *   <li>OUT_OF_RANGE: the ring's line needs a heater power outside [0, heater limit] at some point of
 *       the ramp: no controller can hold that ring on that line through it;</li>
 *   <li>MISASSIGNED: the ring sits nearer another line than its assigned one;</li>
 *   <li>NEIGHBOUR: a ring beside it on its waveguide, or on its line upstream, was not locked within
 *       {@link #BUSY_NS} before (acquiring, swept, parked: crosstalk or shadowing);</li>
 *   <li>RELOCK: the ring itself relocked within {@link #BUSY_NS} before (its own acquisition);</li>
 *   <li>TRACKER: none of those: the line was in reach and nothing near moved (a control problem).</li>
 * </ul>
 */
public final class RampDiagnosis {
    private static final long MS = 1_000_000L;
    /** Context window: a neighbour's fine sweep takes ~21 ms on ref-51t2 (docs/control.md, Acquisition). */
    static final long BUSY_NS = 30 * MS;

    public enum Cause { OUT_OF_RANGE, MISASSIGNED, NEIGHBOUR, RELOCK, TRACKER }

    /** One loss: ring (board id), when, the lane it held, the need (mW) then, the worst need over the ramp, its class. */
    public record Loss(int ring, long tNs, int lane, double needMw, double worstNeedMw, String why, Cause cause) {
    }

    /** A ring's worst locked sample past linewidth/10. */
    public record Excursion(int ring, long tNs, double errorPm, int lane, int truthLane, double needMw, Cause cause) {
    }

    /** {@code outOfRangeRings}: rings whose line at ramp start leaves their heater's range during it. */
    public record Result(List<Loss> losses, List<Excursion> excursions, int outOfRangeRings, int rings, double fwhmPm,
                         long hops, long misassignedRings) {
        public long losses(Cause c) {
            return losses.stream().filter(l -> l.cause == c).count();
        }

        public long excursions(Cause c) {
            return excursions.stream().filter(x -> x.cause == c).count();
        }

        public String summary() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%d rings; %d losses, %d rings beyond linewidth/10 (%.1f pm); %d rings whose "
                    + "line leaves the heater range in the ramp; %d hops; %d rings locked on another ring's line at some time%n",
                    rings, losses.size(), excursions.size(), fwhmPm / 10, outOfRangeRings, hops, misassignedRings));
            for (Cause c : Cause.values()) {
                b.append(String.format(Locale.ROOT, "  %-12s losses %3d  excursions %3d%n", c, losses(c), excursions(c)));
            }
            return b.toString();
        }
    }

    private RampDiagnosis() {
    }

    /** Runs {@code spec} to {@code settledNs}, then a die ramp of {@code spanK} over {@code rampNs}, watched to 100 ms after. */
    public static Result run(BoardSpec spec, long settledNs, long rampNs, double spanK) {
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        Firmware fw = new Firmware(spec, sim, clock);
        fw.runUntil(settledNs, clock::advanceTo);
        List<EngineLock> engines = fw.engines();
        int n = spec.ringCount();
        int[] engineOf = new int[n];
        int[] indexOf = new int[n];
        int[] k0 = new int[engines.size()];
        int k = 0;
        for (int e = 0; e < engines.size(); e++) {
            k0[e] = k;
            EngineSpec es = spec.engines().get(e);
            for (int i = 0; i < es.rings().size(); i++, k++) {
                engineOf[k] = e;
                indexOf[k] = i;
            }
        }
        // Ring neighbours along the waveguide and the ring on the same position upstream (loopback source).
        int[][] related = new int[n][];
        for (int e = 0; e < engines.size(); e++) {
            EngineSpec es = spec.engines().get(e);
            List<RingSpec> rs = es.rings();
            for (int i = 0; i < rs.size(); i++) {
                List<Integer> rel = new ArrayList<>();
                RingSpec r = rs.get(i);
                String src = null;
                for (var wg : es.waveguides()) {
                    if (wg.name().equals(r.waveguide())) {
                        src = wg.loopbackFrom();
                    }
                }
                for (int j = 0; j < rs.size(); j++) {
                    RingSpec o = rs.get(j);
                    if (o.waveguide().equals(r.waveguide()) && Math.abs(o.position() - r.position()) == 1) {
                        rel.add(k0[e] + j);
                    }
                    if (src != null && o.waveguide().equals(src)) {
                        rel.add(-(k0[e] + j) - 1); // upstream: related only when on the same lane
                    }
                }
                related[k0[e] + i] = rel.stream().mapToInt(Integer::intValue).toArray();
            }
        }
        long[] lastNotLocked = new long[n];
        long[] lastRelock = new long[n];
        java.util.Arrays.fill(lastNotLocked, Long.MIN_VALUE / 2);
        java.util.Arrays.fill(lastRelock, Long.MIN_VALUE / 2);
        long[] lossesSeen = new long[n];
        long[] lossesStart = new long[n];
        RingLockState[] prev = new RingLockState[n];
        for (int g = 0; g < n; g++) {
            lossesSeen[g] = engines.get(engineOf[g]).losses(indexOf[g]);
            lossesStart[g] = lossesSeen[g];
            prev[g] = engines.get(engineOf[g]).state(indexOf[g]);
        }
        int[] startLane = new int[n];
        for (int g = 0; g < n; g++) {
            startLane[g] = engines.get(engineOf[g]).lane(indexOf[g]);
        }
        // Worst need over the ramp for the lane held at its start, and for the lane held at each loss.
        double[] minNeed = new double[n];
        double[] maxNeed = new double[n];
        java.util.Arrays.fill(minNeed, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(maxNeed, Double.NEGATIVE_INFINITY);
        double maxMw = spec.engines().get(0).optics().heaterMaxMw();
        List<long[]> pendingLoss = new ArrayList<>(); // {ring, t, lane}
        List<Double> pendingNeed = new ArrayList<>();
        List<String> pendingWhy = new ArrayList<>();
        List<Cause> pendingCause = new ArrayList<>();
        double[] worstErr = new double[n];
        int[] sampleLane = startLane.clone();
        boolean[] hopped = new boolean[n]; // the ring's lane changed since the last sample: a hop's own sample
        double[] sampleMw = new double[n];
        boolean landings = Boolean.getBoolean("landings");
        long[] worstAt = new long[n];
        int[] worstLane = new int[n];
        int[] worstTruthLane = new int[n];
        double[] worstNeed = new double[n];
        Cause[] worstCause = new Cause[n];
        int[] onLane = new int[n];      // a ring locked on another line than its own: that line, else -1
        long[] misMs = new long[n];     // samples each ring spent locked on another line than its own
        double fwhm = sim.truth().get(0).fwhmPm();
        double[][] offsets = lockOffsetsNm(engines, fwhm);
        double[][][] needStart = shiftNeeds(spec, sim, maxMw, offsets);
        sim.die().addRamp(settledNs, rampNs, spanK);
        long end = settledNs + rampNs + 100 * MS;
        for (long t = settledNs + MS; t <= end; t += MS) {
            fw.runUntil(t, clock::advanceTo);
            List<RingTruth> truth = sim.truth();
            double[][] need = new double[engines.size()][];
            for (int e = 0; e < engines.size(); e++) {
                EngineLock el = engines.get(e);
                int[] lanes = new int[el.ringCount()];
                for (int i = 0; i < lanes.length; i++) {
                    lanes[i] = startLane[k0[e] + i];
                }
                double[] ns = sim.engine(e).powersToMeetMw(lanes, offsets[e], maxMw);
                for (int i = 0; i < lanes.length; i++) {
                    int g = k0[e] + i;
                    if (lanes[i] >= 0) {
                        minNeed[g] = Math.min(minNeed[g], ns[i]);
                        maxNeed[g] = Math.max(maxNeed[g], ns[i]);
                    }
                }
                for (int i = 0; i < lanes.length; i++) {
                    lanes[i] = el.lane(i);
                }
                need[e] = sim.engine(e).powersToMeetMw(lanes, offsets[e], maxMw);
            }
            for (int g = 0; g < n; g++) {
                EngineLock el = engines.get(engineOf[g]);
                int i = indexOf[g];
                hopped[g] = el.lane(i) != sampleLane[g];
                if (landings && hopped[g]) {
                    // A hop in the last ms: where the heater landed against what ground truth needs there.
                    double moved = el.heaterMw(i) - sampleMw[g];
                    double err = el.heaterMw(i) - need[engineOf[g]][i];
                    System.out.printf(Locale.ROOT, "landing ring %d t=%.3f lane %d->%d %s moved %.3f mW error %.3f mW (%.1f %%)%n",
                            el.ringId(i), t / 1e9, sampleLane[g], el.lane(i), el.kind(i), moved, err, 100 * err / moved);
                }
                sampleLane[g] = el.lane(i);
                sampleMw[g] = el.heaterMw(i);
            }
            for (int g = 0; g < n; g++) {
                EngineLock el = engines.get(engineOf[g]);
                int i = indexOf[g];
                // Not in a hop's own sample: in transit its resonance is still nearest the old line.
                boolean mis = !hopped[g] && el.state(i) == RingLockState.LOCKED && el.lane(i) >= 0 && truth.get(g).nearestLane() != el.lane(i);
                onLane[g] = mis ? truth.get(g).nearestLane() : -1;
                if (mis) {
                    misMs[g]++;
                }
            }
            for (int g = 0; g < n; g++) {
                EngineLock el = engines.get(engineOf[g]);
                int i = indexOf[g];
                RingLockState s = el.state(i);
                if (s != RingLockState.LOCKED) {
                    lastNotLocked[g] = t;
                } else if (prev[g] != RingLockState.LOCKED) {
                    lastRelock[g] = t;
                }
                prev[g] = s;
                long l = el.losses(i);
                if (l > lossesSeen[g]) {
                    for (long x = lossesSeen[g]; x < l; x++) {
                        pendingLoss.add(new long[] {g, t, el.lane(i)});
                        pendingNeed.add(need[engineOf[g]][i]);
                        pendingWhy.add(el.why(i) + hopTruth(spec, sim, el, engineOf[g], i, offsets[engineOf[g]], maxMw));
                        pendingCause.add(context(g, t, el.lane(i), el.lane(i), need[engineOf[g]][i], maxMw, related, engines,
                                engineOf, indexOf, lastNotLocked, lastRelock, onLane));
                    }
                    lossesSeen[g] = l;
                }
                if (s != RingLockState.LOCKED || el.lane(i) < 0) {
                    continue;
                }
                if (hopped[g]) {
                    continue; // in transit between its old line and the next (LineHopTest counts it apart too)
                }
                RingTruth tr = truth.get(g);
                double f = el.lockFraction(i);
                double target = el.kind(i) == RingKind.FILTER ? 0 : tr.fwhmPm() / 2 * Math.sqrt(1 / f - 1);
                double err = Math.abs(tr.detuningPm() - target);
                if (err > worstErr[g]) {
                    worstErr[g] = err;
                    worstAt[g] = t;
                    worstLane[g] = el.lane(i);
                    worstTruthLane[g] = tr.nearestLane();
                    worstNeed[g] = need[engineOf[g]][i];
                    worstCause[g] = context(g, t, el.lane(i), tr.nearestLane(), need[engineOf[g]][i], maxMw, related, engines,
                            engineOf, indexOf, lastNotLocked, lastRelock, onLane);
                }
            }
        }
        // A loss is out of range when the line it held leaves the range at some point of the ramp (the
        // line held at the start; a ring that hopped is judged at its loss only).
        List<Loss> losses = new ArrayList<>();
        for (int q = 0; q < pendingLoss.size(); q++) {
            long[] pl = pendingLoss.get(q);
            int g = (int) pl[0];
            int lane = (int) pl[2];
            double needNow = pendingNeed.get(q);
            double worst = lane == startLane[g] ? (maxNeed[g] > maxMw ? maxNeed[g] : minNeed[g]) : needNow;
            boolean out = worst < 0 || worst > maxMw || needNow < 0 || needNow > maxMw;
            Cause c = out ? Cause.OUT_OF_RANGE : pendingCause.get(q);
            losses.add(new Loss(spec.engines().get(engineOf[g]).rings().get(indexOf[g]).id(), pl[1], lane, needNow, worst,
                    pendingWhy.get(q), c));
        }
        List<Excursion> ex = new ArrayList<>();
        int outRings = 0;
        for (int g = 0; g < n; g++) {
            boolean out = startLane[g] >= 0 && (minNeed[g] < 0 || maxNeed[g] > maxMw);
            outRings += out ? 1 : 0;
            if (worstErr[g] > fwhm / 10) {
                Cause c = worstCause[g];
                if (c != Cause.MISASSIGNED && (worstNeed[g] < 0 || worstNeed[g] > maxMw)) {
                    c = Cause.OUT_OF_RANGE;
                }
                ex.add(new Excursion(spec.engines().get(engineOf[g]).rings().get(indexOf[g]).id(), worstAt[g], worstErr[g],
                        worstLane[g], worstTruthLane[g], worstNeed[g], c));
            }
        }
        for (EngineLock el : engines) {
            for (int i = 0; i < el.ringCount(); i++) {
                if (el.lane(i) >= 0 && el.state(i) != RingLockState.LOCKED) {
                    System.out.printf(Locale.ROOT, "not locked at the end: ring %d lane %d %s: %s%n", el.ringId(i), el.lane(i),
                            el.state(i), el.why(i));
                }
            }
        }
        long hops = 0;
        for (EngineLock el : engines) {
            for (int i = 0; i < el.ringCount(); i++) {
                hops += el.hops(i);
            }
        }
        double[][][] needEnd = shiftNeeds(spec, sim, maxMw, offsets);
        // Per waveguide: does some cyclic shift of the comb (ring at position p on lane (p + s) mod 8 in
        // wavelength order) keep every ring's need inside [0, max] at both ends of the ramp (the need is
        // linear in the die temperature, so in between too)? And is the firmware's own assignment one of them?
        StringBuilder shifts = new StringBuilder();
        int wgFeasible = 0;
        int wgSymmetric = 0;
        int wgLossy = 0;
        int wgLossyFeasible = 0;
        for (int e = 0; e < spec.engines().size(); e++) {
            EngineSpec es = spec.engines().get(e);
            for (int w = 0; w < es.waveguides().size(); w++) {
                String name = es.waveguides().get(w).name();
                boolean any = false;
                boolean[] symmetric = new boolean[8];
                java.util.Arrays.fill(symmetric, true);
                StringBuilder ok = new StringBuilder();
                for (int sft = 0; sft < 8; sft++) {
                    boolean fits = true;
                    for (int i = 0; i < es.rings().size(); i++) {
                        if (!es.rings().get(i).waveguide().equals(name)) {
                            continue;
                        }
                        for (double[][][] nd : new double[][][][] {needStart, needEnd}) {
                            double v = nd[e][sft][i];
                            fits &= v >= 0 && v <= maxMw;
                        }
                        // The same span the other way (the need is linear in the die): a 2 x span swing centred on the start.
                        double cold = 2 * needStart[e][sft][i] - needEnd[e][sft][i];
                        symmetric[sft] &= fits && cold >= 0 && cold <= maxMw;
                    }
                    if (fits) {
                        any = true;
                        ok.append(sft).append(' ');
                    }
                }
                boolean lossy = false;
                for (int i = 0; i < es.rings().size(); i++) {
                    if (es.rings().get(i).waveguide().equals(name) && engines.get(e).losses(i) > lossesAtStart(e, i, k0, lossesStart)) {
                        lossy = true;
                    }
                }
                boolean anySym = false;
                for (boolean b : symmetric) {
                    anySym |= b;
                }
                wgSymmetric += anySym ? 1 : 0;
                wgFeasible += any ? 1 : 0;
                wgLossy += lossy ? 1 : 0;
                wgLossyFeasible += lossy && any ? 1 : 0;
                if (lossy) {
                    shifts.append(String.format(Locale.ROOT, "  engine %d %s: lost rings; shifts holding the whole ramp: %s%n", e, name,
                            any ? ok.toString().trim() : "none"));
                }
            }
        }
        System.out.print(shifts);
        System.out.printf(Locale.ROOT, "waveguides with a cyclic shift holding every ring through the ramp: %d; through the same "
                + "span both ways from the start: %d; with losses: %d, of which a shift would have held the ramp: %d%n", wgFeasible,
                wgSymmetric, wgLossy, wgLossyFeasible);
        long misRings = 0;
        for (long m : misMs) {
            misRings += m > 0 ? 1 : 0;
        }
        return new Result(losses, ex, outRings, n, fwhm, hops, misRings);
    }

    /**
     * Ground truth for a refused hop: ring {@code i}'s waveguide moved one line either way in lane order
     * (every other ring where it is), the least and greatest need of its rings now, mW.
     */
    static String hopTruth(BoardSpec spec, SimBoard sim, EngineLock el, int e, int i, double[] offsets, double maxMw) {
        List<RingSpec> rs = spec.engines().get(e).rings();
        StringBuilder b = new StringBuilder(" [" + rs.get(i).waveguide() + ":");
        for (int k = 0; k < el.ringCount(); k++) {
            if (rs.get(k).waveguide().equals(rs.get(i).waveguide())) {
                b.append(String.format(Locale.ROOT, " %d %s %.2f", el.ringId(k), el.state(k).name().substring(0, 3), el.heaterMw(k)));
            }
        }
        b.append(']');
        for (int d : new int[] {1, 7}) {
            int[] lanes = new int[el.ringCount()];
            for (int k = 0; k < lanes.length; k++) {
                lanes[k] = el.lane(k);
                if (lanes[k] >= 0 && rs.get(k).waveguide().equals(rs.get(i).waveguide())) {
                    lanes[k] = (lanes[k] + d) % 8;
                }
            }
            double[] need = sim.engine(e).powersToMeetMw(lanes, offsets, maxMw);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < lanes.length; k++) {
                if (lanes[k] >= 0 && rs.get(k).waveguide().equals(rs.get(i).waveguide())) {
                    lo = Math.min(lo, need[k]);
                    hi = Math.max(hi, need[k]);
                }
            }
            b.append(String.format(Locale.ROOT, " [hop lane%+d: need %.2f..%.2f mW]", d == 1 ? 1 : -1, lo, hi));
        }
        return b.toString();
    }

    private static long lossesAtStart(int e, int i, int[] k0, long[] lossesStart) {
        return lossesStart[k0[e] + i];
    }

    /** Per engine, cyclic shift s and ring: the need (mW) for the ring at position p on lane (p + s) mod 8, now. */
    static double[][][] shiftNeeds(BoardSpec spec, SimBoard sim, double maxMw, double[][] offsets) {
        double[][][] out = new double[spec.engines().size()][8][];
        for (int e = 0; e < spec.engines().size(); e++) {
            List<RingSpec> rs = spec.engines().get(e).rings();
            for (int sft = 0; sft < 8; sft++) {
                int[] lanes = new int[rs.size()];
                for (int i = 0; i < lanes.length; i++) {
                    lanes[i] = (rs.get(i).position() + sft) % 8;
                }
                out[e][sft] = sim.engine(e).powersToMeetMw(lanes, offsets[e], maxMw);
            }
        }
        return out;
    }

    /** Per engine and ring: how far red of its line the ring's lock point is (a modulator on its slope), nm. */
    static double[][] lockOffsetsNm(List<EngineLock> engines, double fwhmPm) {
        double[][] off = new double[engines.size()][];
        for (int e = 0; e < engines.size(); e++) {
            EngineLock el = engines.get(e);
            off[e] = new double[el.ringCount()];
            for (int i = 0; i < el.ringCount(); i++) {
                double f = el.lockFraction(i);
                off[e][i] = el.kind(i) == RingKind.FILTER || f >= 1 ? 0 : fwhmPm / 2 * Math.sqrt(1 / f - 1) / 1000;
            }
        }
        return off;
    }

    private static Cause context(int g, long t, int lane, int truthLane, double needMw, double maxMw, int[][] related,
                                 List<EngineLock> engines, int[] engineOf, int[] indexOf, long[] lastNotLocked, long[] lastRelock,
                                 int[] onLane) {
        if (lane != truthLane) {
            return Cause.MISASSIGNED;
        }
        for (int rel : related[g]) {
            int o = rel >= 0 ? rel : -rel - 1;
            if (onLane[o] >= 0 && (rel >= 0 || onLane[o] == lane)) {
                return Cause.MISASSIGNED; // a ring beside it, or upstream on its line, sits on a line not its own
            }
        }
        if (needMw < 0 || needMw > maxMw) {
            return Cause.OUT_OF_RANGE;
        }
        for (int rel : related[g]) {
            int o = rel >= 0 ? rel : -rel - 1;
            int oLane = engines.get(engineOf[o]).lane(indexOf[o]);
            if (oLane < 0 || (rel < 0 && oLane != lane)) {
                continue;
            }
            if (t - lastNotLocked[o] <= BUSY_NS) {
                return Cause.NEIGHBOUR;
            }
        }
        if (t - lastRelock[g] <= BUSY_NS) {
            return Cause.RELOCK;
        }
        return Cause.TRACKER;
    }

    /** Prints, every ms from {@code t0} to {@code t1}, the rings with board ids in [{@code from}, {@code to}]. */
    static void trace(BoardSpec spec, int from, int to, long t0, long t1) {
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        Firmware fw = new Firmware(spec, sim, clock);
        sim.die().addRamp(3_500 * MS, 2_000 * MS, 20.0);
        fw.runUntil(t0, clock::advanceTo);
        double maxMw = spec.engines().get(0).optics().heaterMaxMw();
        double[][] offsets = lockOffsetsNm(fw.engines(), sim.truth().get(0).fwhmPm());
        for (long t = t0; t <= t1; t += MS) {
            fw.runUntil(t, clock::advanceTo);
            List<RingTruth> truth = sim.truth();
            int k = 0;
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%.3f", t / 1e9));
            for (int e = 0; e < fw.engines().size(); e++) {
                EngineLock el = fw.engines().get(e);
                int[] lanes = new int[el.ringCount()];
                for (int i = 0; i < lanes.length; i++) {
                    lanes[i] = el.lane(i);
                }
                double[] need = null;
                for (int i = 0; i < el.ringCount(); i++, k++) {
                    int id = el.ringId(i);
                    if (id < from || id > to) {
                        continue;
                    }
                    if (need == null) {
                        need = sim.engine(e).powersToMeetMw(lanes, offsets[e], maxMw);
                    }
                    RingTruth tr = truth.get(k);
                    b.append(String.format(Locale.ROOT, " | %d %s L%d/%d h%.2f n%.2f d%.0f", id, el.state(i).name().substring(0, 3),
                            el.lane(i), tr.nearestLane(), el.heaterMw(i), need[i], tr.detuningPm()));
                }
            }
            System.out.println(b);
        }
    }

    /** Diagnostic run: {@code [board] [line_hop on|off]}; prints every loss and excursion and the breakdown. */
    public static void main(String[] args) {
        String board = args.length > 0 ? args[0] : "ref-51t2";
        BoardSpec spec = args.length > 1 ? BoardEdits.withEngineSetting(board, "line_hop", args[1]) : BoardFile.load(board);
        String headroom = System.getProperty("headroom");
        if (headroom != null) {
            String t = BoardEdits.text(board).replace("heater_headroom_mw: 2.5", "heater_headroom_mw: " + headroom)
                    .replaceAll("(?m)^  - engine: (\\d+)$", "  - engine: $1\n    line_hop: " + (args.length > 1 ? args[1] : "off"));
            spec = BoardFile.parse(board + "-headroom.yaml", new java.io.StringReader(t));
        }
        if (args.length > 2) {
            trace(spec, Integer.parseInt(args[2]), Integer.parseInt(args[3]), (long) (Double.parseDouble(args[4]) * 1e9),
                    (long) (Double.parseDouble(args[5]) * 1e9));
            return;
        }
        Result r = run(spec, 3_500 * MS, 2_000 * MS, 20.0);
        for (Loss l : r.losses()) {
            System.out.printf(Locale.ROOT, "loss ring %3d t=%.3f s lane %d need %.2f mW (worst in ramp %.2f) %s: %s%n", l.ring(),
                    l.tNs() / 1e9, l.lane(), l.needMw(), l.worstNeedMw(), l.cause(), l.why());
        }
        for (Excursion x : r.excursions()) {
            System.out.printf(Locale.ROOT, "excursion ring %3d t=%.3f s %.1f pm lane %d (truth %d) need %.2f mW %s%n", x.ring(),
                    x.tNs() / 1e9, x.errorPm(), x.lane(), x.truthLane(), x.needMw(), x.cause());
        }
        System.out.print(r.summary());
    }
}
