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

    /** {@code board} with {@code laser_control: acc} on ELS slot 0 (the firmware closes the power loop). */
    public static BoardSpec withAccOnSlot0(String board) {
        String t = text(board).replace("  - slot: 0\n", "  - slot: 0\n    laser_control: acc\n");
        return BoardFile.parse(board + "-acc.yaml", new StringReader(t));
    }
}
