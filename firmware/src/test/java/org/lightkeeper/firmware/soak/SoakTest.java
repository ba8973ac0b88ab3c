package org.lightkeeper.firmware.soak;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;

class SoakTest {
    @Test
    void fiveMinutes(@TempDir Path dir) throws Exception {
        BoardSpec spec = BoardFile.load("devkit");
        SoakOptions o = SoakOptions.defaults(3).withDuration(300_000_000_000L).withRestartEvery(100_000_000_000L);
        SoakReport r = SoakRunner.run(spec, SoakPlan.generate(spec, o), dir);
        System.out.println(r.format());
        assertTrue(r.restarts().size() >= 2);
    }
}
