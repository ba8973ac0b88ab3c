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
            return LineArbiter.assign(seen, cfg.coupling(), cfg.headroomMw(), bandHighMw(cfg), cfg.usableMw()).line();
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
        /** Over trials where the strategy's assignment is a complete solution: its true total power / the oracle's least. */
        public final PowerRatio ratioToCheapest = new PowerRatio();
        /**
         * Over trials where that assignment keeps every ring inside the headroom band (truth): its total over
         * the least of any complete solution that does (what the firmware's preference could at best reach).
         */
        public final PowerRatio ratioToBandCheapest = new PowerRatio();
        /** Wall time of the strategy's calls (benchmark figure only; nothing here depends on it). */
        public long nanos;
        public long worstNanos;

        Tally(String strategy) {
            this.strategy = strategy;
        }

        long[] counts() {
            return new long[] {shared, wrongOrder, unassignedCyclic, unassignedOrdered, unassignedNoSolution, outOfRange,
                    anyFailure, anyFailureSolvable};
        }
    }

    /** Distribution of a power ratio: mean, worst, how many above 1.05. */
    public static final class PowerRatio {
        public long n;
        public double sum;
        public double worst;
        public long above105;

        void add(double ratio) {
            n++;
            sum += ratio;
            worst = Math.max(worst, ratio);
            above105 += ratio > 1.05 ? 1 : 0;
        }

        public double mean() {
            return n == 0 ? Double.NaN : sum / n;
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
        public long oracleSelfCheckFailed;  // the oracle's cheapest solution failed its own independent judge
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
        Result res = new Result(cfg, trials, baseSeed);
        for (Strategy s : strategies) {
            res.tallies.add(new Tally(s.name()));
        }
        long w0 = System.nanoTime();
        for (int k = 0; k < trials; k++) {
            ArbitrationModel model = ArbitrationModel.draw(cfg, baseSeed + k);
            ArbitrationOracle oracle = new ArbitrationOracle(model);
            boolean cyclic = oracle.cyclicExists();
            int[] cheapest = oracle.cheapest();
            res.searchCapped += oracle.capped ? 1 : 0;
            boolean ordered = cheapest != null;
            double leastMw = Double.NaN;
            if (ordered) {
                res.oracleSelfCheckFailed += oracle.complete(cheapest) ? 0 : 1;
                leastMw = oracle.totalMw(cheapest);
            }
            if (cyclic && !ordered) {
                res.oracleSelfCheckFailed++; // every cyclic solution is order-preserving
            }
            int[] bandCheapest = ordered ? oracle.cheapestIn(cfg.headroomMw(), bandHighMw(cfg)) : null;
            double bandLeastMw = bandCheapest == null ? Double.NaN : oracle.totalMw(bandCheapest);
            res.cyclicSolvable += cyclic ? 1 : 0;
            res.orderedSolvable += ordered ? 1 : 0;
            for (int i = 0; i < strategies.size(); i++) {
                double[][] seen = model.seenMatrix();
                long t0 = System.nanoTime();
                int[] line = strategies.get(i).assign(seen, cfg);
                long dt = System.nanoTime() - t0;
                ArbitrationOracle.Verdict v = oracle.judge(line);
                Tally t = res.tallies.get(i);
                t.nanos += dt;
                t.worstNanos = Math.max(t.worstNanos, dt);
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
                if (ordered && oracle.complete(line)) {
                    double mw = oracle.totalMw(line);
                    t.ratioToCheapest.add(mw / leastMw);
                    if (bandCheapest != null && inBand(model.trueLockMw(line), cfg)) {
                        t.ratioToBandCheapest.add(mw / bandLeastMw);
                    }
                }
            }
        }
        res.wallS = (System.nanoTime() - w0) / 1e9;
        return res;
    }

    private static boolean inBand(double[] mw, ArbitrationModel.Config cfg) {
        for (double p : mw) {
            if (!(p >= cfg.headroomMw() && p <= bandHighMw(cfg))) {
                return false;
            }
        }
        return true;
    }

    /** Upper edge of the comfortable band, as {@code EngineLock} passes it. */
    static double bandHighMw(ArbitrationModel.Config cfg) {
        return cfg.heaterMaxMw() - Math.max(cfg.topMarginMw(), cfg.headroomMw());
    }

    /** Markdown table: heater power against the oracle's least, per strategy. */
    public static String powerTable(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| rings | arbiter | trials judged | mean / least | worst / least | above 1.05x least"
                + " | in the band: trials | mean / least in the band | above 1.05x | mean time per call | worst time |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            for (Tally t : r.tallies) {
                PowerRatio a = t.ratioToCheapest;
                PowerRatio b = t.ratioToBandCheapest;
                sb.append(String.format(Locale.ROOT, "| %d | %s | %d | %.4f | %.3f | %s | %d | %.4f | %s | %.0f us | %.0f us |%n",
                        r.cfg.rings(), t.strategy, a.n, a.mean(), a.worst, perMille(a.above105, a.n), b.n, b.mean(),
                        perMille(b.above105, b.n),
                        t.nanos / 1e3 / r.trials, t.worstNanos / 1e3));
            }
        }
        return sb.toString();
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
                        + "order-preserving one in %d; oracle search capped in %d, oracle self-check failed in %d;"
                        + " %.1f s wall",
                r.cfg.rings(), r.cfg.lines(), r.trials, r.baseSeed, r.baseSeed + r.trials - 1, r.cyclicSolvable,
                r.orderedSolvable, r.searchCapped, r.oracleSelfCheckFailed, r.wallS);
    }
}
