package org.lightkeeper.firmware.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lightkeeper.firmware.ring.LineArbiter;

/**
 * Monte Carlo of wavelength arbitration: N engines drawn from consecutive seeds, each arbiter fed the
 * matrix the firmware's calibration sweep would record, each result judged against ground truth
 * ({@link ArbitrationOracle}). Single-threaded and seeded: the same base seed gives the same counts.
 */
public final class ArbitrationMonteCarlo {
    /** An arbitration strategy: the sweep matrix in, a line per ring (or -1) out. */
    public interface Strategy {
        String name();

        int[] assign(double[][] seenMw, ArbitrationModel.Config cfg);
    }

    /** The firmware's arbiter, called exactly as {@code EngineLock.arbitrate} calls it. */
    public static final Strategy FIRMWARE = new Strategy() {
        @Override
        public String name() {
            return "LineArbiter (firmware)";
        }

        @Override
        public int[] assign(double[][] seen, ArbitrationModel.Config cfg) {
            return LineArbiter.assign(seen, cfg.coupling(), cfg.headroomMw(),
                    cfg.heaterMaxMw() - Math.max(cfg.topMarginMw(), cfg.headroomMw()), cfg.usableMw()).line();
        }
    };

    /** The firmware's arbiter before the order-preserving search: cyclic shifts only. */
    public static final Strategy CYCLIC_ONLY = new Strategy() {
        @Override
        public String name() {
            return "LineArbiter, cyclic shifts only (before)";
        }

        @Override
        public int[] assign(double[][] seen, ArbitrationModel.Config cfg) {
            return LineArbiter.assignCyclic(seen, cfg.coupling(), cfg.headroomMw(),
                    cfg.heaterMaxMw() - Math.max(cfg.topMarginMw(), cfg.headroomMw()), cfg.usableMw()).line();
        }
    };

    /**
     * Lock-to-nearest, the reference of the ring-tuning literature: each ring on its own takes the
     * first line its heater reaches (lowest sweep power), if its settled estimate fits the heater.
     */
    public static final Strategy LOCK_TO_NEAREST = new Strategy() {
        @Override
        public String name() {
            return "lock-to-nearest (reference)";
        }

        @Override
        public int[] assign(double[][] seen, ArbitrationModel.Config cfg) {
            int r = seen.length;
            int[] line = new int[r];
            double[] p = new double[r];
            for (int j = 0; j < r; j++) {
                line[j] = -1;
                p[j] = Double.NaN;
                for (int l = 0; l < seen[j].length; l++) {
                    if (!Double.isNaN(seen[j][l]) && (line[j] < 0 || seen[j][l] < p[j])) {
                        line[j] = l;
                        p[j] = seen[j][l];
                    }
                }
            }
            double[] lock = LineArbiter.lockPowers(p, cfg.coupling());
            for (int j = 0; j < r; j++) {
                if (line[j] >= 0 && !(lock[j] >= 0 && lock[j] <= cfg.usableMw())) {
                    line[j] = -1;
                }
            }
            return line;
        }
    };

    /** Failure counts of one strategy over one run. */
    public static final class Tally {
        public final String strategy;
        public long shared;
        public long wrongOrder;
        public long unassignedCyclic;       // a ring without a line although a complete cyclic solution exists
        public long unassignedOrdered;      // ... although a complete order-preserving solution exists
        public long unassignedNoSolution;   // not a failure: nothing complete exists
        public long outOfRange;
        public long anyFailure;             // shared, wrong order, out of range, or unassigned while a solution exists
        public long anyFailureSolvable;     // the same, counted only over trials where a solution exists
        /** Over trials where this strategy's assignment is a complete solution and the oracle's least power is known: its total settled heater power over the oracle's. */
        public long powerCompared;
        public double powerRatioSum;
        public double powerRatioMax;
        public long powerRatioOver105;

        Tally(String strategy) {
            this.strategy = strategy;
        }

        long[] counts() {
            return new long[] {shared, wrongOrder, unassignedCyclic, unassignedOrdered, unassignedNoSolution, outOfRange,
                    anyFailure, anyFailureSolvable};
        }
    }

    /** Everything one run measured. */
    public static final class Result {
        public final ArbitrationModel.Config cfg;
        public final int trials;
        public final long baseSeed;
        public long cyclicSolvable;
        public long orderedSolvable;
        public long searchCapped;
        /** Trials with a solution whose least-power search gave up (left out of the power ratio). */
        public long powerSearchCapped;
        public final List<Tally> tallies = new ArrayList<>();
        public double wallS;

        Result(ArbitrationModel.Config cfg, int trials, long baseSeed) {
            this.cfg = cfg;
            this.trials = trials;
            this.baseSeed = baseSeed;
        }

        public Tally tally(String strategy) {
            for (Tally t : tallies) {
                if (t.strategy.equals(strategy)) {
                    return t;
                }
            }
            throw new IllegalArgumentException(strategy);
        }
    }

    private ArbitrationMonteCarlo() {
    }

    /** Trial k draws its engine from seed {@code baseSeed + k}. */
    public static Result run(ArbitrationModel.Config cfg, int trials, long baseSeed, List<Strategy> strategies) {
        return run(cfg, trials, baseSeed, strategies, false);
    }

    /**
     * With {@code measurePower}, also each complete assignment's total heater power against the least
     * an oracle needs ({@link ArbitrationOracle#minPowerMw}; an exhaustive search, slower).
     */
    public static Result run(ArbitrationModel.Config cfg, int trials, long baseSeed, List<Strategy> strategies,
                             boolean measurePower) {
        Result res = new Result(cfg, trials, baseSeed);
        for (Strategy s : strategies) {
            res.tallies.add(new Tally(s.name()));
        }
        long w0 = System.nanoTime();
        for (int k = 0; k < trials; k++) {
            ArbitrationModel model = ArbitrationModel.draw(cfg, baseSeed + k);
            ArbitrationOracle oracle = new ArbitrationOracle(model);
            boolean cyclic = oracle.cyclicExists();
            boolean ordered = cyclic || oracle.orderPreservingExists();
            if (!cyclic && oracle.capped) {
                res.searchCapped++;
            }
            res.cyclicSolvable += cyclic ? 1 : 0;
            res.orderedSolvable += ordered ? 1 : 0;
            double least = measurePower && ordered ? oracle.minPowerMw() : Double.NaN;
            res.powerSearchCapped += measurePower && ordered && Double.isNaN(least) ? 1 : 0;
            for (int i = 0; i < strategies.size(); i++) {
                int[] line = strategies.get(i).assign(model.seenMatrix(), cfg);
                ArbitrationOracle.Verdict v = oracle.judge(line);
                Tally t = res.tallies.get(i);
                t.shared += v.shared() ? 1 : 0;
                t.wrongOrder += v.wrongOrder() ? 1 : 0;
                t.outOfRange += v.outOfRange() ? 1 : 0;
                if (v.unassigned()) {
                    t.unassignedCyclic += cyclic ? 1 : 0;
                    t.unassignedOrdered += ordered ? 1 : 0;
                    t.unassignedNoSolution += ordered ? 0 : 1;
                }
                boolean fail = v.shared() || v.wrongOrder() || v.outOfRange() || (v.unassigned() && ordered);
                t.anyFailure += fail ? 1 : 0;
                t.anyFailureSolvable += fail && ordered ? 1 : 0;
                if (!fail && !v.unassigned() && least > 0) {
                    double total = 0;
                    for (double p : model.trueLockMw(line)) {
                        total += p;
                    }
                    double ratio = total / least;
                    t.powerCompared++;
                    t.powerRatioSum += ratio;
                    t.powerRatioMax = Math.max(t.powerRatioMax, ratio);
                    t.powerRatioOver105 += ratio > 1.05 ? 1 : 0;
                }
            }
        }
        res.wallS = (System.nanoTime() - w0) / 1e9;
        return res;
    }

    /** Markdown table: failures per 1,000 trials, per class, per strategy. */
    public static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| rings | arbiter | shared line | wrong order | unassigned, cyclic solution exists"
                + " | unassigned, order-preserving solution exists | unassigned, no solution | lock out of range"
                + " | any failure | any failure where a solution exists |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            for (Tally t : r.tallies) {
                long[] c = t.counts();
                sb.append(String.format(Locale.ROOT, "| %d | %s |", r.cfg.rings(), t.strategy));
                for (int i = 0; i < c.length; i++) {
                    long denom = i == c.length - 1 ? r.orderedSolvable : r.trials;
                    sb.append(String.format(Locale.ROOT, " %s |", perMille(c[i], denom)));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    static String perMille(long count, long of) {
        return of == 0 ? "-" : String.format(Locale.ROOT, "%.1f (%d)", 1000.0 * count / of, count);
    }

    /** One paragraph per run: N, seed, how many trials had a solution, wall time. */
    public static String summary(Result r) {
        return String.format(Locale.ROOT,
                "%d rings, %d-line comb: N = %d (seeds %d..%d); a complete cyclic solution exists in %d, an "
                        + "order-preserving one in %d; search gave up on %d; %.1f s wall",
                r.cfg.rings(), r.cfg.lines(), r.trials, r.baseSeed, r.baseSeed + r.trials - 1, r.cyclicSolvable,
                r.orderedSolvable, r.searchCapped, r.wallS);
    }
}
