package org.lightkeeper.firmware.ring;

import java.io.StringReader;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;

/**
 * Shipped boards with their SPI clocks lowered or a tracking mode set, for the tracking tests. Only the
 * board description changes (the chips accept any SPI clock up to their maximum); the physics section,
 * and so the simulated optics, stay as shipped.
 */
public final class BoardVariants {
    private BoardVariants() {
    }

    public static String text(String board) {
        return org.lightkeeper.firmware.bench.BoardEdits.text(board);
    }

    /** The devkit with {@code line_hop: on}. */
    public static BoardSpec devkitWithLineHop() {
        return org.lightkeeper.firmware.bench.BoardEdits.withEngineSetting("devkit", "line_hop", "on");
    }

    /**
     * {@code board} with every SPI device clocked at {@code spiHz} (0: as shipped) and every engine's
     * {@code tracking:} set to {@code tracking} (null: absent, so auto).
     */
    public static BoardSpec of(String board, int spiHz, String tracking) {
        String t = text(board);
        if (spiHz > 0) {
            t = t.replaceAll("clock_hz: (25000000|16000000|50000000)", "clock_hz: " + spiHz);
        }
        if (tracking != null) {
            t = t.replaceAll("(?m)^  - engine: (\\d+)$", "  - engine: $1\n    tracking: " + tracking);
        }
        return BoardFile.parse(board + (spiHz > 0 ? "-spi-" + spiHz : "") + (tracking != null ? "-" + tracking : ""),
                new StringReader(t));
    }
}
