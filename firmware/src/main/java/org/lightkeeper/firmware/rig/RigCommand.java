package org.lightkeeper.firmware.rig;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lightkeeper rig}: bring-up tools for a bench with eval boards (docs/bring-up.md). Each
 * subcommand works on the simulated board and, through the board file's backend (Pi4J, diozero, or remote to a bus server), on
 * the real buses of a Raspberry Pi. Bad input is refused before any bus traffic (exit code 2); a bus
 * error ends the command with exit code 1 and the error's message.
 */
@Command(name = "rig", mixinStandardHelpOptions = true,
        subcommands = {RigScanCommand.class, RigReadCommand.class, RigWriteCommand.class, RigDumpCommand.class,
                RigSweepCommand.class, RigLiCommand.class, RigLogCommand.class, RigStatusCommand.class},
        description = "Bring-up tools: scan the I2C tree, read/write/dump registers, sweep a ring, L-I curve of a "
                + "laser lane, recent bus transactions. Works on the simulated board and on real buses.")
public final class RigCommand implements Callable<Integer> {
    @Mixin
    RigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Runs {@code rig ARGS...} on its own (for tests and for running without the top-level command). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new RigCommand()).execute(args));
    }
}
