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
import org.lightkeeper.sim.physics.RingTruth;

/**
 * The die-temperature feed-forward beside its reference, on ground truth: two identical boards from
 * the same seed, one with the feed-forward and one without, settle, then take the same die ramp; every
 * locked ring's distance from its lock target is sampled every 2 ms through the ramp and 100 ms after.
 */
public final class DieRampComparison {
    private static final long MS = 1_000_000L;
    /** Sampling period of the ground truth through the ramp. */
    private static final long SAMPLE_NS = 2 * MS;

    /** Per run: mean signed lag behind the die, the worst ring, the 90th-percentile and median rings' worst, losses in the ramp. */
    public record Figures(double meanLagPm, double worstPm, double p90Pm, double medianPm, long losses) {
    }

    /** Both runs' figures: with and without the feed-forward; {@code fwhmPm} the rings' linewidth (ground truth). */
    public record Result(Figures with, Figures without, double fwhmPm) {
        public String format(String board, double kelvinPerS, double spanK) {
            return String.format(Locale.ROOT, "die ramp %.0f K/s over %.0f K, %s: mean lag %.2f / %.2f pm, worst ring %.1f / %.1f pm, "
                            + "90th percentile ring %.1f / %.1f pm, median ring %.1f / %.1f pm, losses %d / %d (with / without feed-forward)",
                    kelvinPerS, spanK, board, with.meanLagPm, without.meanLagPm, with.worstPm, without.worstPm,
                    with.p90Pm, without.p90Pm, with.medianPm, without.medianPm, with.losses, without.losses);
        }
    }

    private DieRampComparison() {
    }

    /** Runs both boards to {@code settledNs}, then a ramp of {@code spanK} over {@code rampNs}. The board needs a die sensor. */
    public static Result run(BoardSpec spec, long settledNs, long rampNs, double spanK) {
        Twin with = new Twin(spec, true);
        Twin without = new Twin(spec, false);
        for (Twin t : List.of(with, without)) {
            t.fw.runUntil(settledNs, t.clock::advanceTo);
            t.lossesBefore = t.losses();
            t.sim.die().addRamp(settledNs, rampNs, spanK);
        }
        for (long t = settledNs + SAMPLE_NS; t <= settledNs + rampNs + 100 * MS; t += SAMPLE_NS) {
            for (Twin b : List.of(with, without)) {
                b.fw.runUntil(t, b.clock::advanceTo);
                b.sample();
            }
        }
        return new Result(with.figures(), without.figures(), with.sim.truth().get(0).fwhmPm());
    }

    private static final class Twin {
        final BoardSpec spec;
        final VirtualClock clock = new VirtualClock();
        final SimBoard sim;
        final Firmware fw;
        final double[] perRing;
        double lagSum;
        long lagCount;
        long lossesBefore;

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
        }

        void sample() {
            List<RingTruth> truth = sim.truth();
            int k = 0;
            for (EngineLock e : fw.engines()) {
                double f = e.spec().optics().modulatorLockFraction();
                for (int i = 0; i < e.ringCount(); i++, k++) {
                    if (e.state(i) != RingLockState.LOCKED) {
                        continue;
                    }
                    RingTruth t = truth.get(k);
                    double target = e.kind(i) == RingKind.FILTER ? 0 : t.fwhmPm() / 2 * Math.sqrt(1 / f - 1);
                    lagSum += t.detuningPm() - target;
                    lagCount++;
                    perRing[k] = Math.max(perRing[k], Math.abs(t.detuningPm() - target));
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
            return new Figures(lagSum / lagCount, sorted[n - 1], sorted[n * 9 / 10], sorted[n / 2], losses() - lossesBefore);
        }
    }
}
