package org.lightkeeper.firmware.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lightkeeper bench-arbitration}: the arbitration Monte Carlo of issue 5 (docs/benchmarks.md,
 * "Arbitration (Monte Carlo)"), the firmware's arbiter beside lock-to-nearest in the same run.
 */
@Command(name = "bench-arbitration", mixinStandardHelpOptions = true,
        description = "Monte Carlo of wavelength arbitration over drawn engines (devkit physics): failures per 1,000 "
                + "by class, the firmware's arbiter beside lock-to-nearest.")
public final class ArbitrationBenchCommand implements Callable<Integer> {
    @Option(names = "--trials", description = "Engines drawn per size (default: ${DEFAULT-VALUE}).")
    int trials = 10_000;

    @Option(names = "--seed", description = "Base seed; trial k uses seed + k (default: ${DEFAULT-VALUE}).")
    long seed = 20_261_124L;

    @Option(names = "--rings", split = ",", description = "Engine sizes, rings per waveguide: 8, 16 (default: 8,16).")
    List<Integer> rings = List.of(8, 16);

    @Option(names = "--failures", description = "Instead of the tables: classify each of the firmware arbiter's failures"
            + " on ground truth (docs/benchmarks.md).")
    boolean failures;

    @Override
    public Integer call() {
        if (trials <= 0) {
            System.err.println("bench-arbitration: --trials must be positive");
            return 2;
        }
        List<ArbitrationMonteCarlo.Result> results = new ArrayList<>();
        for (int n : rings) {
            ArbitrationModel.Config cfg;
            try {
                cfg = ArbitrationModel.Config.forRings(n);
            } catch (IllegalArgumentException e) {
                System.err.println("bench-arbitration: " + e.getMessage());
                return 2;
            }
            if (failures) {
                System.out.println(n + " rings, N = " + trials + ", base seed " + seed);
                System.out.println(ArbitrationFailures.run(cfg, trials, seed).report());
                continue;
            }
            ArbitrationMonteCarlo.Result r = ArbitrationMonteCarlo.run(cfg, trials, seed, strategies());
            results.add(r);
            System.out.println(ArbitrationMonteCarlo.summary(r));
        }
        if (failures) {
            return 0;
        }
        System.out.println();
        System.out.println("Failures per 1,000 trials (count in brackets); last column per 1,000 trials with a solution:");
        System.out.println();
        System.out.print(ArbitrationMonteCarlo.table(results));
        System.out.println();
        System.out.println("True total settled heater power over the oracle's least, where the arbiter's assignment is a"
                + " complete solution:");
        System.out.println();
        System.out.print(ArbitrationMonteCarlo.powerTable(results));
        return 0;
    }

    static List<ArbitrationMonteCarlo.Strategy> strategies() {
        return List.of(ArbitrationMonteCarlo.FIRMWARE, ArbitrationMonteCarlo.LOCK_TO_NEAREST);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ArbitrationBenchCommand()).execute(args));
    }
}
