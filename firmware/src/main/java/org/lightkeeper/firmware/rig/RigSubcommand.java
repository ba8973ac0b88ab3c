package org.lightkeeper.firmware.rig;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardFileException;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.bus.BusException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every rig subcommand shares: load the board file, check the arguments against it before any bus
 * is opened, open a {@link RigSession} (lit when the command needs light), run, map failures to exit
 * codes (2 refused input, nothing written; 1 bus or bring-up failure).
 */
abstract class RigSubcommand implements Callable<Integer> {
    @ParentCommand
    RigCommand parent;

    @Mixin
    RigOptions options;

    @Spec
    CommandSpec spec;

    /** True when the command needs the ELS lanes on (the firmware is brought up first). */
    boolean needsLight() {
        return false;
    }

    /** Checks the arguments against the board; throws IllegalArgumentException. No bus is open yet. */
    void check(BoardSpec board) {
    }

    abstract void run(RigSession session, PrintWriter out) throws Exception;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String[] chosen = RigOptions.resolve(options, parent == null ? null : parent.options);
        BoardSpec board;
        try {
            board = BoardFile.load(chosen[0]);
        } catch (BoardFileException e) {
            err.println("rig: board file refused, nothing driven: " + e.getMessage());
            return 2;
        }
        String backend = chosen[1] == null ? board.backend() : chosen[1];
        try {
            if (!BoardSpec.BACKENDS.contains(backend)) {
                throw new IllegalArgumentException("--backend must be one of " + String.join(", ", BoardSpec.BACKENDS)
                        + ", got '" + backend + "'");
            }
            check(board);
        } catch (IllegalArgumentException e) {
            err.println("rig " + spec.name() + ": refused, nothing written: " + e.getMessage());
            return 2;
        }
        if (chosen[2] != null && !backend.equals("remote")) {
            err.println("rig " + spec.name() + ": refused, nothing written: --bus-server goes with --backend remote");
            return 2;
        }
        try (RigSession session = RigSession.open(board, backend, chosen[2], needsLight())) {
            run(session, out);
            out.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("rig " + spec.name() + ": refused, nothing written: " + e.getMessage());
            return 2;
        } catch (BusException e) {
            err.println("rig " + spec.name() + ": bus error: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("rig " + spec.name() + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("rig " + spec.name() + ": " + e);
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
