package org.lightkeeper.firmware.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on a real directory: the NIO calls (fsync of file and directory, atomic rename) work here. */
class NioStateStoreTest {
    @TempDir
    Path tmp;

    @Test
    void savesLoadsAndPrunesOnARealDirectory() throws IOException {
        Path dir = tmp.resolve("state");
        StateStore store = StateStore.open(dir);
        for (int i = 1; i <= 5; i++) {
            store.save(Documents.CONFIG, Samples.config(i));
        }
        store.save(Documents.CALIBRATION, Samples.calibration(1));

        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("calibration.0000000001", "config.0000000003", "config.0000000004", "config.0000000005"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        String text = Files.readString(dir.resolve("calibration.0000000001"), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("lightkeeper-state document=calibration format=1 generation=1 length="), text);
        assertTrue(text.contains("\"heaterPowerAtLockMw\""), "human readable");

        StateStore again = StateStore.open(dir);
        LoadResult<Configuration> c = again.load(Documents.CONFIG);
        assertEquals(LoadResult.Status.LOADED, c.status());
        assertEquals(Samples.config(5), c.value());
        assertEquals(Samples.calibration(1), again.load(Documents.CALIBRATION).orElseThrow());
    }

    @Test
    void renameReplacesAnExistingTarget() throws IOException {
        NioStateFs fs = new NioStateFs(tmp);
        try (StateFs.WritableFile f = fs.create("a")) {
            f.write("new".getBytes(StandardCharsets.US_ASCII));
            f.force();
        }
        Files.writeString(tmp.resolve("b"), "old");
        fs.rename("a", "b");
        fs.forceDirectory();
        assertEquals("new", Files.readString(tmp.resolve("b")));
        assertEquals(List.of("b"), fs.list());
    }
}
