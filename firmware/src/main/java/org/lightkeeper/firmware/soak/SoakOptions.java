package org.lightkeeper.firmware.soak;

/**
 * What a soak is asked for: simulated length, seed, how often the firmware is killed and restarted
 * (jittered from the seed), the fault rates, and how often ground truth is sampled.
 *
 * @param nakRate      NAK probability on every I2C bus, the whole run
 * @param stuckNs      length of each stuck-bus episode
 * @param ageingAtEnd  ageing fraction the aged lanes reach at the end (1: end of life, +20 % current)
 * @param sampleNs     ground truth sampling period
 */
public record SoakOptions(long durationNs, long seed, long restartEveryNs, double nakRate, long stuckNs,
                          double ageingAtEnd, long sampleNs) {
    static final long S = 1_000_000_000L;
    /** Shortest soak: the fault mix needs room for its setup, its events and the settling window. */
    public static final long MIN_DURATION_NS = 60 * S;

    public SoakOptions {
        if (durationNs < MIN_DURATION_NS) {
            throw new IllegalArgumentException("duration must be at least " + MIN_DURATION_NS / S + " s, got "
                    + durationNs / 1e9 + " s");
        }
        if (restartEveryNs < 10 * S) {
            throw new IllegalArgumentException("restart interval must be at least 10 s, got " + restartEveryNs / 1e9 + " s");
        }
        if (!(nakRate >= 0 && nakRate <= 0.5)) {
            throw new IllegalArgumentException("NAK rate must be 0 to 0.5, got " + nakRate);
        }
        if (stuckNs < 0 || stuckNs > 60 * S) {
            throw new IllegalArgumentException("stuck-bus episode must be 0 to 60 s, got " + stuckNs / 1e9 + " s");
        }
        if (!(ageingAtEnd >= 0 && ageingAtEnd <= 1)) {
            throw new IllegalArgumentException("ageing at end must be 0 to 1, got " + ageingAtEnd);
        }
        if (sampleNs < 100_000 || sampleNs > 100_000_000) {
            throw new IllegalArgumentException("sample period must be 0.1 to 100 ms, got " + sampleNs / 1e6 + " ms");
        }
    }

    /** The defaults of {@code lightkeeper soak}: an hour, 1 % NAKs, a 3 s stuck bus, restarts every 4 minutes. */
    public static SoakOptions defaults(long seed) {
        return new SoakOptions(3600 * S, seed, 240 * S, 0.01, 3 * S, 1.0, 1_000_000L);
    }

    public SoakOptions withDuration(long ns) {
        return new SoakOptions(ns, seed, restartEveryNs, nakRate, stuckNs, ageingAtEnd, sampleNs);
    }

    public SoakOptions withRestartEvery(long ns) {
        return new SoakOptions(durationNs, seed, ns, nakRate, stuckNs, ageingAtEnd, sampleNs);
    }
}
