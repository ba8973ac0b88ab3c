package org.lightkeeper.firmware.scenario;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardFileException;
import org.lightkeeper.hal.board.BoardSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lightkeeper scenario FILE}: runs a scenario on virtual time and prints its report. */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = "Run a scenario file (board, seed, timeline of faults) against the full firmware on the "
                + "simulated board, on virtual time, and print a report. Exit 1 if any ring ends unlocked.")
public final class ScenarioCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Scenario YAML file (see docs/scenarios.md).")
    Path file;

    @Override
    public Integer call() {
        Scenario sc;
        BoardSpec spec;
        try {
            sc = Scenario.load(file);
            spec = BoardFile.load(sc.board());
        } catch (BoardFileException e) {
            System.err.println("scenario refused: " + e.getMessage());
            return 2;
        }
        ScenarioReport report = ScenarioRunner.run(sc, spec);
        System.out.print(report.format());
        boolean allLocked = report.rings().stream()
                .allMatch(r -> r.finalState == org.lightkeeper.firmware.ring.RingLockState.LOCKED);
        return allLocked ? 0 : 1;
    }
}
