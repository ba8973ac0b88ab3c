package org.lightkeeper.firmware;

import picocli.CommandLine.Command;

/** {@code lightkeeper board ...}: board-file tools. */
@Command(name = "board", mixinStandardHelpOptions = true, subcommands = BoardCheckCommand.class,
        description = "Board file tools: 'board check FILE...' validates board files without touching any bus.")
public final class BoardCommand {
}
