package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * The die-temperature feed-forward on ref-51t2 (an EIC die sensor per engine), on ground truth: two
 * identical boards from the same seed take the same 10 K/s die ramp, one with the feed-forward and one
 * without; the rings of the first stay closer to their lines. The devkit has no die sensor.
 */
class DieFeedForwardTest {
    private static final long MS = 1_000_000L;

    private record Run(BoardSpec spec, VirtualClock clock, SimBoard sim, Firmware fw, double[] lag) {
        static Run of(BoardSpec spec, boolean feedForward) {
            VirtualClock clock = new VirtualClock();
            SimBoard sim = SimBoard.build(spec, clock);
            Firmware fw = new Firmware(spec, sim, clock);
            fw.engines().forEach(e -> {
                assertTrue(e.hasDieSensor(), "engine " + e.spec().engine() + " reads its EIC's die temperature");
                e.setDieFeedForward(feedForward);
            });
            return new Run(spec, clock, sim, fw, new double[2]);
        }

        /** Worst |truth detuning - lock target| over the locked rings, pm; each ring's worst so far kept in {@code perRing}. */
        double worstPm(double[] perRing) {
            List<RingTruth> truth = sim.truth();
            double f = spec.engines().get(0).optics().modulatorLockFraction();
            double worst = 0;
            int k = 0;
            for (EngineLock e : fw.engines()) {
                for (int i = 0; i < e.ringCount(); i++, k++) {
                    if (e.state(i) != RingLockState.LOCKED) {
                        continue;
                    }
                    RingTruth t = truth.get(k);
                    double target = e.kind(i) == RingKind.FILTER ? 0 : t.fwhmPm() / 2 * Math.sqrt(1 / f - 1);
                    double off = Math.abs(t.detuningPm() - target);
                    lag[0] += t.detuningPm() - target;
                    lag[1]++;
                    perRing[k] = Math.max(perRing[k], off);
                    worst = Math.max(worst, off);
                }
            }
            return worst;
        }

        /** Mean of truth detuning - target over every locked ring and sample so far: the lag behind the die, pm. */
        double meanLagPm() {
            return lag[0] / lag[1];
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
    }

    @Test
    void aTenKelvinPerSecondRampLeavesRingsCloserToTheirLinesWithFeedForward() {
        BoardSpec spec = BoardFile.load("ref-51t2");
        Run with = Run.of(spec, true);
        Run without = Run.of(spec, false);
        long settled = 3_500 * MS;
        for (Run r : List.of(with, without)) {
            r.fw().runUntil(settled, r.clock()::advanceTo);
            r.sim().die().addRamp(settled, 2_000 * MS, 20.0);
        }
        long lossesWith = with.losses();
        long lossesWithout = without.losses();
        double worstWith = 0;
        double worstWithout = 0;
        double[] ringsWith = new double[spec.ringCount()];
        double[] ringsWithout = new double[spec.ringCount()];
        for (long t = settled + 2 * MS; t <= settled + 2_100 * MS; t += 2 * MS) {
            with.fw().runUntil(t, with.clock()::advanceTo);
            without.fw().runUntil(t, without.clock()::advanceTo);
            worstWith = Math.max(worstWith, with.worstPm(ringsWith));
            worstWithout = Math.max(worstWithout, without.worstPm(ringsWithout));
        }
        assertTrue(with.sim().die().at(with.clock().nanos()) - with.sim().die().baseC() > 19.9);
        java.util.Arrays.sort(ringsWith);
        java.util.Arrays.sort(ringsWithout);
        int median = spec.ringCount() / 2;
        int p90 = spec.ringCount() * 9 / 10;
        String figures = String.format("die ramp 10 K/s over 20 K, ref-51t2: mean lag %.2f / %.2f pm, worst ring %.1f / %.1f pm, 90th percentile"
                + " ring %.1f / %.1f pm, median ring %.1f / %.1f pm (with / without feed-forward)", with.meanLagPm(), without.meanLagPm(), worstWith, worstWithout,
                ringsWith[p90], ringsWithout[p90], ringsWith[median], ringsWithout[median]);
        System.out.println(figures);
        // The worst rings of both runs are disturbed by their neighbours' acquisitions, not by the die:
        // the feed-forward is judged on the typical ring, and must not make the worst one worse by much.
        assertTrue(Math.abs(with.meanLagPm()) < Math.abs(without.meanLagPm()) / 2, figures);
        assertTrue(ringsWith[median] < ringsWithout[median], figures);
        assertTrue(worstWith < worstWithout * 1.2, figures);
        lossesWith = with.losses() - lossesWith;
        lossesWithout = without.losses() - lossesWithout;
        System.out.printf("losses during the ramp: %d with, %d without%n", lossesWith, lossesWithout);
        // Not zero either way (issue #5's target is not met; docs/benchmarks.md): the feed-forward must not add more than a tenth.
        assertTrue(lossesWith <= lossesWithout + lossesWithout / 10, lossesWith + " losses with the feed-forward, " + lossesWithout + " without");
    }
}
