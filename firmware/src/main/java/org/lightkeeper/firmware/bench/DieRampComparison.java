package org.lightkeeper.firmware.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.ring.EngineLock;
import org.lightkeeper.firmware.ring.RingLockState;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.physics.EnginePhysics;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * The die-temperature feed-forward beside its reference, on ground truth: two identical boards from
 * the same seed, one with the feed-forward and one without, settle, then take the same die ramp; every
 * locked ring's distance from its lock target is sampled every 2 ms through the ramp and 100 ms after.
 */
public final class DieRampComparison {
    private static final long MS = 1_000_000L;
    /** Lanes of an ELS (ElsLanes.LANES, package-private there): the lane index range of the need tables. */
    private static final int LANES = 8;
    /** Sampling period of the ground truth through the ramp. */
    private static final long SAMPLE_NS = 2 * MS;

    /**
     * Per run: mean signed lag behind the die, the worst ring, the 90th-percentile and median rings' worst,
     * losses in the ramp; of those, {@code unavoidable}: the ring's line needed a heater power outside
     * [0, heater limit] at some time of the ramp (ground truth, {@link EnginePhysics#powersToMeetMw}), so
     * no controller could have held it there; {@code beyondTenth}: rings whose worst locked sample is past
     * linewidth/10; {@code onAnotherLine}: rings found locked on a line not their own (their distance is
     * measured from the nearest line, so such a ring would otherwise look well held); {@code worstOutsideHopsPm}
     * and {@code beyondTenthOutsideHops}: the same without the sample in which a ring's lane changed (a line
     * hop: the heater has just stepped a spacing's worth and the ring is between lines for the heater's
     * time constant, as LineHopTest counts it); {@code unlockedAtEnd}: rings with a line not locked at the end.
     */
    public record Figures(double meanLagPm, double worstPm, double p90Pm, double medianPm, long losses, long unavoidable,
                          long beyondTenth, long onAnotherLine, double worstOutsideHopsPm, long beyondTenthOutsideHops,
                          long unlockedAtEnd) {
        /** Losses a controller could have avoided: the line was within the heater's range throughout. */
        public long avoidable() {
            return losses - unavoidable;
        }
    }

    /** Both runs' figures: with and without the feed-forward; {@code fwhmPm} the rings' linewidth (ground truth). */
    public record Result(Figures with, Figures without, double fwhmPm) {
        public String format(String board, double kelvinPerS, double spanK) {
            return String.format(Locale.ROOT, "die ramp %.0f K/s over %.0f K, %s: mean lag %.2f / %.2f pm, worst ring %.1f / %.1f pm, "
                            + "90th percentile ring %.1f / %.1f pm, median ring %.1f / %.1f pm, losses %d / %d (line out of the heater's "
                            + "range: %d / %d), rings past linewidth/10 %d / %d, rings locked on another's line %d / %d "
                            + "(with / without feed-forward)",
                    kelvinPerS, spanK, board, with.meanLagPm, without.meanLagPm, with.worstPm, without.worstPm,
                    with.p90Pm, without.p90Pm, with.medianPm, without.medianPm, with.losses, without.losses,
                    with.unavoidable, without.unavoidable, with.beyondTenth, without.beyondTenth, with.onAnotherLine,
                    without.onAnotherLine);
        }
    }

    private DieRampComparison() {
    }

    /** Runs both boards to {@code settledNs}, then a ramp of {@code spanK} over {@code rampNs}. The board needs a die sensor. */
    public static Result run(BoardSpec spec, long settledNs, long rampNs, double spanK) {
        Twin with = new Twin(spec, true);
        Twin without = new Twin(spec, false);
        runAll(List.of(with, without), settledNs, rampNs, spanK);
        return new Result(with.figures(), without.figures(), with.sim.truth().get(0).fwhmPm());
    }

    /** As {@link #run}, the board with the die feed-forward only: {@link Result#without} is null (no reference twin). */
    public static Result runWith(BoardSpec spec, long settledNs, long rampNs, double spanK) {
        Twin with = new Twin(spec, true);
        runAll(List.of(with), settledNs, rampNs, spanK);
        return new Result(with.figures(), null, with.sim.truth().get(0).fwhmPm());
    }

    private static void runAll(List<Twin> twins, long settledNs, long rampNs, double spanK) {
        for (Twin t : twins) {
            t.fw.runUntil(settledNs, t.clock::advanceTo);
            t.settled();
            t.sim.die().addRamp(settledNs, rampNs, spanK);
        }
        for (long t = settledNs + SAMPLE_NS; t <= settledNs + rampNs + 100 * MS; t += SAMPLE_NS) {
            for (Twin b : twins) {
                b.fw.runUntil(t, b.clock::advanceTo);
                b.sample();
            }
        }
    }

    private static final class Twin {
        final BoardSpec spec;
        final VirtualClock clock = new VirtualClock();
        final SimBoard sim;
        final Firmware fw;
        final double[] perRing;
        /** Per ring: its worst outside the samples in which its lane changed; its lane at the previous sample. */
        final double[] perRingOutside;
        int[] lastLane;
        double lagSum;
        long lagCount;
        long lossesBefore;
        double maxMw;
        double fwhmPm;
        /** Per engine and ring: its lock point's distance red of its line, nm (RampDiagnosis#lockOffsetsNm). */
        double[][] offsets;
        /** Per ring: losses counted so far; per ring and lane, the least and most power that lane needed while held. */
        long[] seenLosses;
        double[][] leastNeed;
        double[][] mostNeed;
        /** Losses found so far, as ring * LANES + the lane held at the loss. */
        final List<Integer> lossLanes = new java.util.ArrayList<>();
        final boolean[] onAnotherLine;

        Twin(BoardSpec spec, boolean feedForward) {
            this.spec = spec;
            this.sim = SimBoard.build(spec, clock);
            this.fw = new Firmware(spec, sim, clock);
            for (EngineLock e : fw.engines()) {
                if (!e.hasDieSensor()) {
                    throw new IllegalArgumentException("engine " + e.spec().engine() + " of " + spec.name() + " has no die sensor");
                }
                e.setDieFeedForward(feedForward);
            }
            this.perRing = new double[spec.ringCount()];
            this.perRingOutside = new double[spec.ringCount()];
            this.onAnotherLine = new boolean[spec.ringCount()];
        }

        /** The board has settled: the ramp starts now. */
        void settled() {
            lossesBefore = losses();
            maxMw = spec.engines().get(0).optics().heaterMaxMw();
            fwhmPm = sim.truth().get(0).fwhmPm();
            offsets = RampDiagnosis.lockOffsetsNm(fw.engines(), fwhmPm);
            int n = spec.ringCount();
            seenLosses = new long[n];
            lastLane = new int[n];
            leastNeed = new double[n][LANES];
            mostNeed = new double[n][LANES];
            int k = 0;
            for (EngineLock e : fw.engines()) {
                for (int i = 0; i < e.ringCount(); i++, k++) {
                    seenLosses[k] = e.losses(i);
                    lastLane[k] = e.lane(i);
                    Arrays.fill(leastNeed[k], Double.POSITIVE_INFINITY);
                    Arrays.fill(mostNeed[k], Double.NEGATIVE_INFINITY);
                }
            }
        }

        void sample() {
            List<RingTruth> truth = sim.truth();
            int k = 0;
            for (int en = 0; en < fw.engines().size(); en++) {
                EngineLock e = fw.engines().get(en);
                int[] lanes = new int[e.ringCount()];
                for (int i = 0; i < lanes.length; i++) {
                    lanes[i] = e.lane(i);
                }
                double[] need = sim.engine(en).powersToMeetMw(lanes, offsets[en], maxMw);
                double f = e.spec().optics().modulatorLockFraction();
                for (int i = 0; i < e.ringCount(); i++, k++) {
                    if (lanes[i] >= 0 && lanes[i] < LANES) {
                        leastNeed[k][lanes[i]] = Math.min(leastNeed[k][lanes[i]], need[i]);
                        mostNeed[k][lanes[i]] = Math.max(mostNeed[k][lanes[i]], need[i]);
                    }
                    for (long l = seenLosses[k]; l < e.losses(i); l++) {
                        lossLanes.add(k * LANES + Math.max(0, lanes[i]));
                    }
                    seenLosses[k] = e.losses(i);
                    boolean hopped = lanes[i] != lastLane[k];
                    lastLane[k] = lanes[i];
                    if (e.state(i) != RingLockState.LOCKED) {
                        continue;
                    }
                    RingTruth t = truth.get(k);
                    // Not in a hop's own sample: in transit the resonance is still nearest the old line.
                    if (!hopped && lanes[i] >= 0 && t.nearestLane() != lanes[i]) {
                        onAnotherLine[k] = true;
                    }
                    double target = e.kind(i) == RingKind.FILTER ? 0 : t.fwhmPm() / 2 * Math.sqrt(1 / f - 1);
                    lagSum += t.detuningPm() - target;
                    lagCount++;
                    perRing[k] = Math.max(perRing[k], Math.abs(t.detuningPm() - target));
                    if (!hopped) {
                        perRingOutside[k] = Math.max(perRingOutside[k], Math.abs(t.detuningPm() - target));
                    }
                }
            }
        }

        long losses() {
            long n = 0;
            for (EngineLock e : fw.engines()) {
                for (int i = 0; i < e.ringCount(); i++) {
                    n += e.losses(i);
                }
            }
            return n;
        }

        Figures figures() {
            double[] sorted = perRing.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            long unavoidable = 0;
            for (int q : lossLanes) {
                int ring = q / LANES;
                int lane = q % LANES;
                unavoidable += leastNeed[ring][lane] < 0 || mostNeed[ring][lane] > maxMw ? 1 : 0;
            }
            long beyond = 0;
            long beyondOutside = 0;
            long another = 0;
            double worstOutside = 0;
            for (int g = 0; g < n; g++) {
                beyond += perRing[g] > fwhmPm / 10 ? 1 : 0;
                beyondOutside += perRingOutside[g] > fwhmPm / 10 ? 1 : 0;
                worstOutside = Math.max(worstOutside, perRingOutside[g]);
                another += onAnotherLine[g] ? 1 : 0;
            }
            long unlocked = 0;
            for (EngineLock e : fw.engines()) {
                for (int i = 0; i < e.ringCount(); i++) {
                    unlocked += e.lane(i) >= 0 && e.state(i) != RingLockState.LOCKED ? 1 : 0;
                }
            }
            return new Figures(lagSum / lagCount, sorted[n - 1], sorted[n * 9 / 10], sorted[n / 2], losses() - lossesBefore,
                    unavoidable, beyond, another, worstOutside, beyondOutside, unlocked);
        }
    }
}
