package org.lightkeeper.firmware.soak;

import java.util.List;
import java.util.Locale;

/**
 * What a soak measured and its verdicts, and the text form for people: the checks first (PASS/FAIL
 * with what failed), then each fault with its answer and latency, the restarts, and the figures.
 */
public record SoakReport(String board, SoakPlan plan, long wallNs, List<Check> checks, List<FaultAnswers.Answer> answers,
                         List<Restart> restarts, Figures figures, List<LightWatch.Episode> litOutside) {

    /** One acceptance check: its name, the definition in a few words, PASS or FAIL, and the details. */
    public record Check(String name, boolean passed, List<String> details) {
    }

    /** One kill -9 and restart: what the new process loaded, how long the rings took, which lanes blinked. */
    public record Restart(long atNs, String calibrationLoad, long relockNs, int lanesToggled, boolean swept) {
    }

    /** Counts over the run. */
    public record Figures(long unlocks, double unlockedRingSeconds, double worstDetuningPm, int worstRing,
                          long worstAtNs, double fwhmPm, int lanesToggled, double litOutsideMs, long driverRetries,
                          long flagChanges, long calibrationSweeps, String unlockedByRing) {
    }

    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    public Check check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    public double speedup() {
        return plan.options().durationNs() / (double) wallNs;
    }

    public String format() {
        StringBuilder b = new StringBuilder();
        SoakOptions o = plan.options();
        b.append(String.format(Locale.ROOT, "soak on board '%s', seed %d: %.0f s simulated in %.1f s wall (%.1fx real time), "
                        + "%d restarts, sampled every %.1f ms%n", board, o.seed(), o.durationNs() / 1e9, wallNs / 1e9,
                speedup(), restarts.size(), o.sampleNs() / 1e6));
        b.append("operator settings: ").append(plan.settings().describe()).append('\n');
        b.append(passed() ? "VERDICT: PASS\n" : "VERDICT: FAIL\n");
        for (Check c : checks) {
            b.append(String.format(Locale.ROOT, "  %-4s %s%n", c.passed() ? "PASS" : "FAIL", c.name()));
            for (String d : c.details()) {
                b.append("         ").append(d).append('\n');
            }
        }
        b.append("faults and their answers:\n");
        for (FaultAnswers.Answer a : answers) {
            b.append(String.format(Locale.ROOT, "  %9.3f s  %-44s -> %s: %s%s%n", a.event.atNs() / 1e9, a.event.describe(),
                    a.expected, a.verdict(), a.note.isEmpty() ? "" : " (" + a.note + ")"));
        }
        b.append("restarts:\n");
        for (Restart r : restarts) {
            b.append(String.format(Locale.ROOT, "  %9.3f s  relocked after %s, %d lanes toggled%s; %s%n", r.atNs() / 1e9,
                    r.relockNs() < 0 ? "never" : String.format(Locale.ROOT, "%.3f s", r.relockNs() / 1e9), r.lanesToggled(),
                    r.swept() ? ", rings swept" : "", r.calibrationLoad()));
        }
        Figures f = figures;
        b.append(String.format(Locale.ROOT, "ring unlocks %d (within a process; restarts not counted), ring-unlocked time %.3f "
                        + "ring-s, calibration sweeps %d%n", f.unlocks(), f.unlockedRingSeconds(), f.calibrationSweeps()));
        b.append("unlocked time by ring (s): ").append(f.unlockedByRing()).append('\n');
        b.append(String.format(Locale.ROOT, "worst true distance of a settled locked ring from its target %.2f pm (ring %d at "
                        + "%.3f s; linewidth %.1f pm)%n", f.worstDetuningPm(), f.worstRing(), f.worstAtNs() / 1e9, f.fwhmPm()));
        b.append(String.format(Locale.ROOT, "lanes toggled across restarts %d; lane time lit outside the interlock %.1f ms; "
                + "I2C retries %d; alarm flag changes %d%n", f.lanesToggled(), f.litOutsideMs(), f.driverRetries(),
                f.flagChanges()));
        if (!litOutside.isEmpty()) {
            b.append("lit outside the interlock:\n");
            litOutside.stream().limit(20).forEach(e -> b.append("  ").append(e.describe()).append('\n'));
            if (litOutside.size() > 20) {
                b.append("  ... ").append(litOutside.size() - 20).append(" more\n");
            }
        }
        return b.toString();
    }
}
