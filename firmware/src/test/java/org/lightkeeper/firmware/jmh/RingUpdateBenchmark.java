package org.lightkeeper.firmware.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lightkeeper.firmware.ring.GradientTracker;
import org.lightkeeper.firmware.ring.RingTracker;
import org.lightkeeper.firmware.ring.Tracker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one ring update alone (issue 5: at most 100 ns and 0 B): a locked tracker given one monitor
 * reading, returning the next heater command; no bus, no emulator ({@link RingLoopBenchmark} has the
 * whole tick with the simulated chips). The reading comes from a Lorentzian of the devkit's shape
 * (0.5 mW half width, 0.36 mA peak) slowly drifting (a die ramp of ~1 K/s at 2 kHz), with noise from a
 * precomputed table, so the tracker runs closed-loop in its steady state; that model's own share
 * (one division, a table read) is in the figure. Run: see docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingUpdateBenchmark {
    private static final double HALF_MW = 0.5;
    private static final double PEAK_MA = 0.36;
    private static final double NM_PER_MW = 0.25;
    /** Resonance move per update, mW of heater: 57 pm/K x 1 K/s / 2 kHz / 0.25 nm/mW. */
    private static final double DRIFT_MW = 0.057 / 2000 / NM_PER_MW;

    /** dither-filter, dither-modulator: {@link RingTracker}; gradient-*: {@link GradientTracker}. */
    @Param({"dither-filter", "dither-modulator", "gradient-filter", "gradient-modulator"})
    public String tracker;

    private Tracker t;
    private final double[] noise = new double[1024];
    private int k;
    private double centreMw;
    private double heldMw;
    private double drift = DRIFT_MW;

    @Setup(Level.Trial)
    public void lock() {
        t = tracker.startsWith("dither") ? new RingTracker() : new GradientTracker();
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = 2e-4 * (rnd.nextDouble() - 0.5); // ~0.05 % of the peak, the devkit's monitor noise
        }
        centreMw = 10;
        heldMw = tracker.endsWith("filter") ? t.lockPeak(centreMw, PEAK_MA, HALF_MW, NM_PER_MW)
                : t.lockSlope(centreMw, PEAK_MA, 0.01, HALF_MW, 0.5, NM_PER_MW);
        for (int i = 0; i < 100_000; i++) {
            update(); // past acquisition's transients, both gears settled
        }
        if (t.lost()) {
            throw new IllegalStateException(tracker + ": lost in the warm-up");
        }
    }

    @Benchmark
    public double update() {
        centreMw += drift;
        if (centreMw > 15 || centreMw < 5) {
            drift = -drift; // the die turns back: a ramp up and down, never a jump
        }
        double u = (heldMw - centreMw) / HALF_MW;
        double pd = PEAK_MA / (1 + u * u) + 0.01 + noise[k++ & 1023];
        heldMw = t.update(pd, heldMw);
        return heldMw;
    }
}
