package org.lightkeeper.firmware.rig;

import picocli.CommandLine.Option;

/** The options every rig command takes, on {@code rig} itself or on the subcommand (the subcommand's win). */
public final class RigOptions {
    @Option(names = "--board", description = "Built-in board name or path to a board file (default: devkit).")
    String board;

    @Option(names = "--backend", description = "Bus backend: sim, pi4j, diozero, remote (default: the board file's).")
    String backend;

    @Option(names = "--bus-server", paramLabel = "HOST:PORT", description = "With --backend remote: the bus server "
            + "(lightkeeper bus-server on the Pi, or sim-server) whose buses to use (docs/remote-bus.md).")
    String busServer;

    /** This set over {@code outer}, then the defaults: board, backend, bus server. */
    static String[] resolve(RigOptions own, RigOptions outer) {
        String b = own != null && own.board != null ? own.board : outer != null && outer.board != null ? outer.board : "devkit";
        String k = own != null && own.backend != null ? own.backend : outer != null ? outer.backend : null;
        String s = own != null && own.busServer != null ? own.busServer : outer != null ? outer.busServer : null;
        return new String[] {b, k, s};
    }
}
