package org.lightkeeper.firmware;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardFileException;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lightkeeper bench}: how fast the whole firmware runs on the simulated board on virtual
 * time, at its real loop rates and bus timing: simulated seconds per wall-clock second, for the cold
 * start and for steady tracking. A benchmark, not a test: the figure depends on the machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the firmware on the simulated board as fast as possible and report simulated seconds "
                + "per wall-clock second (cold start, then steady tracking).")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--board", description = "Board (default: ${DEFAULT-VALUE}).")
    String board = "ref-51t2";

    @Option(names = "--cold-s", description = "Simulated seconds given to the cold start (default: ${DEFAULT-VALUE}).")
    double coldS = 3;

    @Option(names = "--steady-s", description = "Simulated seconds of steady tracking measured (default: ${DEFAULT-VALUE}).")
    double steadyS = 10;

    @Option(names = "--warmup-s", description = "Simulated seconds run first to warm up the JIT (default: ${DEFAULT-VALUE}).")
    double warmupS = 2;

    @Override
    public Integer call() {
        BoardSpec spec;
        try {
            spec = BoardFile.load(board);
        } catch (BoardFileException e) {
            System.err.println("board refused: " + e.getMessage());
            return 2;
        }
        if (warmupS > 0) {
            run(spec, warmupS, 0, false);
        }
        return run(spec, coldS, steadyS, true);
    }

    private static int run(BoardSpec spec, double coldS, double steadyS, boolean report) {
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        Firmware fw = new Firmware(spec, sim, clock);
        long coldNs = (long) (coldS * 1e9);
        long lockedAt = -1;
        long w0 = System.nanoTime();
        for (long t = 10_000_000L; t <= coldNs; t += 10_000_000L) {
            fw.runUntil(t, clock::advanceTo);
            if (lockedAt < 0 && fw.snapshot().ringsLocked() == spec.ringCount()) {
                lockedAt = t;
            }
        }
        long w1 = System.nanoTime();
        fw.runUntil(coldNs + (long) (steadyS * 1e9), clock::advanceTo);
        long w2 = System.nanoTime();
        if (report) {
            BoardSnapshot s = fw.snapshot();
            System.out.printf(Locale.ROOT, "board %s: %d rings, %d ELS, ring loop %.0f us%n", spec.name(), spec.ringCount(),
                    spec.elsSlots().size(), spec.control().ringPeriodNs() / 1e3);
            System.out.printf(Locale.ROOT, "cold start: %s; %.1f simulated s in %.2f wall s = %.1fx real time%n",
                    lockedAt < 0 ? s.ringsLocked() + "/" + spec.ringCount() + " rings locked" : "all rings locked at "
                            + String.format(Locale.ROOT, "%.2f s", lockedAt / 1e9), coldS, (w1 - w0) / 1e9,
                    coldS * 1e9 / (w1 - w0));
            System.out.printf(Locale.ROOT, "steady tracking: %.1f simulated s in %.2f wall s = %.1fx real time; %d/%d locked%n",
                    steadyS, (w2 - w1) / 1e9, steadyS * 1e9 / (w2 - w1), s.ringsLocked(), spec.ringCount());
            for (BoardSnapshot.LoopStats l : s.loops()) {
                System.out.printf(Locale.ROOT, "  loop %-10s runs %8d overruns %6d max run %8.1f us (simulated)%n", l.name(),
                        l.runs(), l.overruns(), l.maxRunNs() / 1e3);
            }
        }
        return 0;
    }
}
