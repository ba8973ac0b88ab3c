package org.lightkeeper.firmware.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;

/**
 * Shipped boards with one setting changed in their text, for benchmarks and tests that compare a
 * setting's effect: the board is parsed and validated as any board file is, and its physics section
 * (so the simulated optics) stays as shipped.
 */
public final class BoardEdits {
    private BoardEdits() {
    }

    /** The shipped board file's text. */
    public static String text(String board) {
        try (InputStream in = BoardFile.class.getClassLoader().getResourceAsStream("boards/" + board + ".yaml")) {
            if (in == null) {
                throw new IllegalArgumentException("no shipped board '" + board + "'");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code board} with {@code key: value} added to every engine. */
    public static BoardSpec withEngineSetting(String board, String key, String value) {
        String t = text(board).replaceAll("(?m)^  - engine: (\\d+)$", "  - engine: $1\n    " + key + ": " + value);
        return BoardFile.parse(board + "-" + key + "-" + value + ".yaml", new StringReader(t));
    }

    /**
     * {@code board} with its simulated heaters' thermal time constant and neighbour coupling changed
     * ({@code physics:} {@code heater_tau_us}, {@code neighbour_coupling}), every engine declaring that
     * time constant (as bring-up would measure it) and {@code line_hop: on}. The engines' design coupling
     * ({@code optics:}) stays nominal: the firmware measures the real one at start-up.
     */
    public static BoardSpec withHeaterPhysics(String board, double neighbourCoupling, int tauUs) {
        String t = text(board);
        String edited = t.replaceAll("(?m)^    heater_tau_us: .*$", "    heater_tau_us: " + tauUs)
                .replaceAll("(?m)^    neighbour_coupling: .*$", "    neighbour_coupling: " + neighbourCoupling)
                .replaceAll("(?m)^    heater_time_constant_us: .*\\n", "")
                .replaceAll("(?m)^  - engine: (\\d+)$", "  - engine: $1\n    heater_time_constant_us: " + tauUs + "\n    line_hop: on");
        if (!edited.contains("    heater_tau_us: " + tauUs + "\n") || !edited.contains("    neighbour_coupling: " + neighbourCoupling + "\n")) {
            throw new IllegalArgumentException("board '" + board + "' has no physics heater_tau_us / neighbour_coupling to change");
        }
        return BoardFile.parse(board + "-coupling-" + neighbourCoupling + "-tau-" + tauUs + "us.yaml", new StringReader(edited));
    }

    /** {@code board} with {@code laser_control: acc} on ELS slot 0 (the firmware closes the power loop). */
    public static BoardSpec withAccOnSlot0(String board) {
        String t = text(board).replace("  - slot: 0\n", "  - slot: 0\n    laser_control: acc\n");
        return BoardFile.parse(board + "-acc.yaml", new StringReader(t));
    }
}
