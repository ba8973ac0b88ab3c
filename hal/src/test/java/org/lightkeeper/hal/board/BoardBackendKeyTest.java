package org.lightkeeper.hal.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The optional top-level {@code backend:} key: sim (default), pi4j, diozero or remote. */
class BoardBackendKeyTest {
    private static String devkitText() throws IOException {
        try (InputStream in = BoardFile.class.getClassLoader().getResourceAsStream("boards/devkit.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void devkitSaysSim() {
        assertEquals("sim", BoardFile.load("devkit").backend());
    }

    @Test
    void absentKeyMeansSim() throws IOException {
        String text = devkitText().replace("backend: sim\n", "");
        assertEquals("sim", BoardFile.parse("ok.yaml", new StringReader(text)).backend());
    }

    @Test
    void pi4jAndDiozeroAreAccepted() throws IOException {
        for (String b : new String[] {"pi4j", "diozero"}) {
            String text = devkitText().replace("backend: sim\n", "backend: " + b + "\n");
            assertEquals(b, BoardFile.parse("ok.yaml", new StringReader(text)).backend());
        }
    }

    @Test
    void unknownBackendNamesFileAndLine() throws IOException {
        String text = devkitText().replace("backend: sim\n", "backend: wiringpi\n");
        int line = (int) text.substring(0, text.indexOf("backend: wiringpi")).chars().filter(c -> c == '\n').count() + 1;
        BoardFileException e = assertThrows(BoardFileException.class,
                () -> BoardFile.parse("bad.yaml", new StringReader(text)));
        assertEquals(line, e.line());
        assertTrue(e.getMessage().startsWith("bad.yaml:" + line + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("sim, pi4j, diozero") && e.getMessage().contains("wiringpi"), e.getMessage());
    }
}
