package org.lightkeeper.firmware.scenario;

import java.util.List;
import java.util.Locale;
import org.lightkeeper.firmware.ring.RingLockState;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;

/** What a scenario run measured, and its text form for people. */
/**
 * {@code steadyFromNs}: when steady state began (every ring with a line locked, the start-up coupling
 * measurement done, and {@link ScenarioRunner#STEADY_AFTER_NS} more), -1 if it never did.
 */
public record ScenarioReport(Scenario scenario, BoardSpec board, long seed, double fwhmPm, long wallNs, long steadyFromNs,
                             List<RingStats> rings, BoardSnapshot last, List<String> elsTransitions) {

    /** Per ring, filled in by the runner. */
    public static final class RingStats {
        public final int ring;
        public final RingKind kind;
        public long firstLockNs = -1;
        public long losses;
        /** Of the losses, those whose line then needed a heater power outside the heater's range (ground truth). */
        public long lossesOutOfRange;
        public double worstErrorPm;
        /** The same, leaving out the samples in which the ring hopped to another line (it is between the two). */
        public double worstOutsideHopsPm;
        /** Sum of squared settled errors and their count, for the RMS. */
        double sumSquaresPm2;
        long samples;
        /** From steady state on: worst error, and squares and count for the RMS. */
        public double steadyWorstPm;
        double steadySumSquaresPm2;
        long steadySamples;
        public RingLockState finalState;
        public String finalReason;

        RingStats(int ring, RingKind kind) {
            this.ring = ring;
            this.kind = kind;
        }
    }

    public double speedup() {
        return scenario.durationNs() / (double) wallNs;
    }

    /** Worst settled error of any ring, pm. */
    public double worstErrorPm() {
        return rings.stream().mapToDouble(r -> r.worstErrorPm).max().orElse(0);
    }

    /** Worst settled error among the rings that end the run locked (faulty rings excluded), pm. */
    public double worstErrorOfLockedPm() {
        return rings.stream().filter(r -> r.finalState == RingLockState.LOCKED).mapToDouble(r -> r.worstErrorPm).max()
                .orElse(0);
    }

    /** RMS of the settled error over every locked ring and sample, pm. */
    public double rmsErrorPm() {
        double rms = rms(r -> r.sumSquaresPm2, r -> r.samples);
        return Double.isNaN(rms) ? 0 : rms;
    }

    private double rms(java.util.function.ToDoubleFunction<RingStats> squares, java.util.function.ToLongFunction<RingStats> count) {
        double ss = rings.stream().mapToDouble(squares).sum();
        long n = rings.stream().mapToLong(count).sum();
        return n == 0 ? Double.NaN : Math.sqrt(ss / n);
    }

    /** Worst settled error among the rings that end the run locked, the hops' own samples left out, pm. */
    public double worstOutsideHopsOfLockedPm() {
        return rings.stream().filter(r -> r.finalState == RingLockState.LOCKED).mapToDouble(r -> r.worstOutsideHopsPm)
                .max().orElse(0);
    }

    /** RMS of the error over every locked ring and sample from steady state on, pm; NaN if it never began. */
    public double steadyRmsPm() {
        return rms(r -> r.steadySumSquaresPm2, r -> r.steadySamples);
    }

    /** Worst error from steady state on among the rings locked at the end, pm. */
    public double steadyWorstOfLockedPm() {
        return rings.stream().filter(r -> r.finalState == RingLockState.LOCKED).mapToDouble(r -> r.steadyWorstPm).max()
                .orElse(0);
    }

    public long totalHops() {
        return last.rings().stream().mapToLong(BoardSnapshot.Ring::lineHops).sum();
    }

    /** Losses no controller could have avoided: the line needed a heater power outside the range (ground truth). */
    public long lossesOutOfRange() {
        return rings.stream().mapToLong(r -> r.lossesOutOfRange).sum();
    }

    public long totalLosses() {
        return rings.stream().mapToLong(r -> r.losses).sum();
    }

    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "scenario '%s' on board '%s', seed %d: %.3f s simulated in %.3f s wall (%.1fx)%n",
                scenario.name(), board.name(), seed, scenario.durationNs() / 1e9, wallNs / 1e9, speedup()));
        b.append("events:\n");
        for (ScenarioEvent e : scenario.events()) {
            b.append(String.format(Locale.ROOT, "  %9.3f s  %s%n", e.atNs() / 1e9, e.kind().name().toLowerCase(Locale.ROOT)));
        }
        b.append(String.format(Locale.ROOT, "%-5s %-9s %11s %7s %12s  %s%n", "ring", "kind", "first lock", "losses",
                "worst |err|", "final"));
        for (RingStats r : rings) {
            b.append(String.format(Locale.ROOT, "%-5d %-9s %11s %7d %9.2f pm  %s%s%n", r.ring,
                    r.kind.name().toLowerCase(Locale.ROOT),
                    r.firstLockNs < 0 ? "never" : String.format(Locale.ROOT, "%.3f s", r.firstLockNs / 1e9), r.losses,
                    r.worstErrorPm, r.finalState, r.finalState == RingLockState.LOCKED ? "" : " (" + r.finalReason + ")"));
        }
        b.append(String.format(Locale.ROOT,
                "worst settled error %.2f pm over all rings, %.2f pm over rings locked at the end "
                        + "(linewidth/10 = %.2f pm); RMS %.2f pm; %d losses%n",
                worstErrorPm(), worstErrorOfLockedPm(), fwhmPm / 10, rmsErrorPm(), totalLosses()));
        if (totalLosses() > 0) {
            b.append(String.format(Locale.ROOT, "of the %d losses, %d with the line out of the heater's range when lost or within "
                    + "%.1f s (ground truth: no controller holds a ring there on that line)%n", totalLosses(), lossesOutOfRange(),
                    ScenarioRunner.JUDGE_WINDOW_NS / 1e9));
        }
        if (totalHops() > 0) {
            b.append(String.format(Locale.ROOT, "line hops %d; worst settled error outside the hops' own samples %.2f pm%n",
                    totalHops(), worstOutsideHopsOfLockedPm()));
        }
        b.append(steadyFromNs < 0 ? "steady state: never (a ring with a line unlocked, or a coupling measurement pending, to the end)\n"
                : String.format(Locale.ROOT, "steady state from %.3f s (every ring with a line locked, the start-up coupling "
                        + "measurement done, +%.2f s): RMS %.2f pm, worst %.2f pm%n", steadyFromNs / 1e9,
                        ScenarioRunner.STEADY_AFTER_NS / 1e9, steadyRmsPm(), steadyWorstOfLockedPm()));
        b.append("ELS transitions:\n");
        for (String t : elsTransitions) {
            b.append("  ").append(t).append('\n');
        }
        b.append("loops:\n");
        for (BoardSnapshot.LoopStats l : last.loops()) {
            b.append(String.format(Locale.ROOT, "  %-10s period %8.3f ms  runs %9d  overruns %6d  max run %8.1f us%n", l.name(),
                    l.periodNs() / 1e6, l.runs(), l.overruns(), l.maxRunNs() / 1e3));
        }
        return b.toString();
    }
}
