package org.lightkeeper.firmware.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * The starts that follow a first calibration, beside issue 5's cold start (power-on with nothing
 * stored): how long until every ring with a line is locked when the firmware has its state directory
 * (docs/persistence.md). A <b>firmware restart</b> (a kill and a new process, an upgrade) finds the
 * modules lit and the heaters held, adopts them and resumes tracking; a <b>power-on</b> of the same board
 * (same modules, same rings) brings the modules up from reset, then reacquires every ring by a fine sweep
 * around its stored operating point, without the calibration sweep.
 */
public final class StartWithCalibration {
    private static final long MS = 1_000_000L;

    /** Firmware time from start to every ring with a line locked, ms (NaN: not within the run). */
    public record Result(double firmwareRestartMs, double powerOnMs, int ringsWithALine) {
    }

    private StartWithCalibration() {
    }

    /** Calibrates {@code spec} once (a first start, {@code firstRunNs} long), then times both starts. */
    public static Result run(BoardSpec spec, long firstRunNs) {
        Path dir;
        try {
            dir = Files.createTempDirectory("lightkeeper-bench-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            VirtualClock clock = new VirtualClock();
            SimBoard board = SimBoard.build(spec, clock);
            Firmware first = start(spec, board, clock, dir);
            first.runUntil(firstRunNs, clock::advanceTo);
            first.awaitPersistence();
            int withLine = (int) first.snapshot().rings().stream().filter(r -> r.lane() >= 0).count();
            // kill -9: the first firmware is never stepped again; a new one starts on the running board.
            Firmware restarted = start(spec, board, clock, dir);
            restarted.runUntil(clock.nanos() + 1_000 * MS, clock::advanceTo);
            double restartMs = ms(restarted.allLockedAfterStartNs());
            restarted.close();
            // The same board (same seed: same modules and rings) powered off and on: a new clock from zero.
            VirtualClock clock2 = new VirtualClock();
            Firmware powered = start(spec, SimBoard.build(spec, clock2), clock2, dir);
            powered.runUntil(3_000 * MS, clock2::advanceTo);
            double powerOnMs = ms(powered.allLockedAfterStartNs());
            powered.close();
            first.close();
            return new Result(restartMs, powerOnMs, withLine);
        } catch (Exception e) {
            throw new IllegalStateException("start with a stored calibration on " + spec.name() + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static Firmware start(BoardSpec spec, SimBoard board, VirtualClock clock, Path dir) throws IOException {
        Firmware fw = new Firmware(spec, board, clock);
        fw.useStateDirectory(dir);
        return fw;
    }

    private static double ms(long ns) {
        return ns < 0 ? Double.NaN : ns / 1e6;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
