package org.lightkeeper.firmware.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Generations, fallback with problems, the "none" result, format versions and range checks on load. */
class StateStoreTest {
    private static final String GEN1 = "calibration.0000000001";
    private static final String GEN2 = "calibration.0000000002";

    private final CrashingStateFs fs = new CrashingStateFs();
    private final StateStore store = new StateStore(fs);

    private void twoGenerations() throws IOException {
        assertEquals(1, store.save(Documents.CALIBRATION, Samples.calibration(1)));
        assertEquals(2, store.save(Documents.CALIBRATION, Samples.calibration(2)));
    }

    @Test
    void savesAndLoadsBothDocumentsWithIncreasingGenerations() throws IOException {
        assertEquals(1, store.save(Documents.CONFIG, Samples.config(1)));
        assertEquals(2, store.save(Documents.CONFIG, Samples.config(2)));
        assertEquals(1, store.save(Documents.CALIBRATION, Samples.calibration(1)));

        LoadResult<Configuration> c = store.load(Documents.CONFIG);
        assertEquals(LoadResult.Status.LOADED, c.status());
        assertEquals(Samples.config(2), c.value());
        assertEquals(2, c.generation());
        assertEquals("config.0000000002", c.file());
        assertEquals(List.of(), c.problems());
        assertFalse(c.needsAlarm());
        assertEquals(Samples.calibration(1), store.load(Documents.CALIBRATION).orElseThrow());
        assertEquals(List.of(2L, 1L), store.generations("config"));
    }

    @Test
    void keepsTheNewestRetainedGenerations() throws IOException {
        for (int i = 1; i <= 6; i++) {
            store.save(Documents.CONFIG, Samples.config(i));
        }
        assertEquals(List.of(6L, 5L, 4L), store.generations("config"));
        assertEquals(List.of("config.0000000004", "config.0000000005", "config.0000000006"), fs.names());
    }

    static Stream<Arguments> damages() {
        return Stream.of(
                Arguments.of("one payload byte flipped", (UnaryOperator<byte[]>) b -> {
                    byte[] c = b.clone();
                    c[c.length - 10] ^= 0x04;
                    return c;
                }, LoadProblem.Kind.CHECKSUM_MISMATCH, "CRC32C"),
                Arguments.of("truncated in the payload", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, b.length - 100),
                        LoadProblem.Kind.TRUNCATED, "payload has"),
                Arguments.of("truncated in the header", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, 30),
                        LoadProblem.Kind.TRUNCATED, "header"),
                Arguments.of("empty", (UnaryOperator<byte[]>) b -> new byte[0], LoadProblem.Kind.EMPTY, "0 bytes"),
                Arguments.of("all NUL", (UnaryOperator<byte[]>) b -> new byte[b.length], LoadProblem.Kind.CORRUPT, "NUL"),
                Arguments.of("bytes appended", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, b.length + 3),
                        LoadProblem.Kind.CORRUPT, "after the"),
                Arguments.of("not a state file", (UnaryOperator<byte[]>) b -> "{\"lanes\": []}\n".getBytes(StandardCharsets.UTF_8),
                        LoadProblem.Kind.CORRUPT, "header"),
                Arguments.of("another generation's content", (UnaryOperator<byte[]>) b -> StateFile.encode("calibration", 1, 1,
                        Documents.CALIBRATION.encode(Samples.calibration(7))), LoadProblem.Kind.CORRUPT, "generation 1"),
                Arguments.of("another document's content", (UnaryOperator<byte[]>) b -> StateFile.encode("config", 1, 2,
                        Documents.CONFIG.encode(Samples.config(7))), LoadProblem.Kind.CORRUPT, "document 'config'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void aDamagedNewestGenerationFallsBackToThePreviousAndSaysWhy(String what, UnaryOperator<byte[]> damage,
                                                                 LoadProblem.Kind kind, String reasonHas)
            throws IOException {
        twoGenerations();
        fs.putDurable(GEN2, damage.apply(fs.bytes(GEN2)));

        LoadResult<Calibration> r = store.load(Documents.CALIBRATION);
        assertEquals(LoadResult.Status.FELL_BACK, r.status(), r.summary());
        assertEquals(Samples.calibration(1), r.value());
        assertEquals(1, r.generation());
        assertEquals(GEN1, r.file());
        assertTrue(r.needsAlarm());
        assertEquals(1, r.problems().size());
        LoadProblem p = r.problems().get(0);
        assertEquals(GEN2, p.file());
        assertEquals(kind, p.kind(), p.toString());
        assertTrue(p.reason().contains(reasonHas), p.toString());
        assertTrue(r.summary().contains("FELL BACK") && r.summary().contains(GEN2), r.summary());
    }

    @Test
    void aSaveAfterAFallbackGoesAboveTheRejectedGenerationAndPrunesIt() throws IOException {
        StateStore two = new StateStore(fs, 2);
        twoGenerations();
        fs.putDurable(GEN2, new byte[0]);
        assertEquals(LoadResult.Status.FELL_BACK, two.load(Documents.CALIBRATION).status());

        assertEquals(3, two.save(Documents.CALIBRATION, Samples.calibration(3)));
        assertEquals(List.of(GEN1, "calibration.0000000003"), fs.names(), "generation 1 is intact and kept; 2 is gone");
        LoadResult<Calibration> r = two.load(Documents.CALIBRATION);
        assertEquals(LoadResult.Status.LOADED, r.status());
        assertEquals(Samples.calibration(3), r.value());
    }

    @Test
    void noIntactGenerationIsAnExplicitNoneWithEveryReason() throws IOException {
        twoGenerations();
        fs.putDurable(GEN1, new byte[0]);
        fs.putDurable(GEN2, Arrays.copyOf(fs.bytes(GEN2), 200));

        LoadResult<Calibration> r = store.load(Documents.CALIBRATION);
        assertEquals(LoadResult.Status.NONE, r.status());
        assertFalse(r.found());
        assertTrue(r.needsAlarm());
        assertEquals(List.of(GEN2, GEN1), r.problems().stream().map(LoadProblem::file).toList());
        assertEquals(List.of(LoadProblem.Kind.TRUNCATED, LoadProblem.Kind.EMPTY),
                r.problems().stream().map(LoadProblem::kind).toList());
        NoSuchElementException e = assertThrows(NoSuchElementException.class, r::orElseThrow);
        assertTrue(e.getMessage().contains("no intact generation") && e.getMessage().contains(GEN1), e.getMessage());
    }

    @Test
    void anEmptyDirectoryIsNoneWithoutAnAlarm() throws IOException {
        LoadResult<Configuration> r = store.load(Documents.CONFIG);
        assertEquals(LoadResult.Status.NONE, r.status());
        assertEquals(List.of(), r.problems());
        assertFalse(r.needsAlarm());
        assertEquals("config: no generation saved", r.summary());
    }

    @Test
    void aFutureFormatVersionIsRefusedWithAClearMessage() throws IOException {
        store.save(Documents.CONFIG, Samples.config(1));
        fs.putDurable("config.0000000002", StateFile.encode("config", 2, 2, "{\"whatever\": \"v2 holds\"}\n"));

        LoadResult<Configuration> r = store.load(Documents.CONFIG);
        assertEquals(LoadResult.Status.FELL_BACK, r.status());
        assertEquals(Samples.config(1), r.value());
        LoadProblem p = r.problems().get(0);
        assertEquals(LoadProblem.Kind.UNSUPPORTED_FORMAT, p.kind());
        assertEquals("config.0000000002", p.file());
        assertTrue(p.reason().contains("format version 2 is newer than the version this firmware reads (1)"), p.reason());
    }

    @Test
    void anOutOfRangeValueIsRefusedOnLoadNamingFileAndField() throws IOException {
        twoGenerations();
        String payload = Documents.CALIBRATION.encode(Samples.calibration(5));
        String bad = payload.replaceFirst("\"heaterPowerAtLockMw\": [0-9.]+", "\"heaterPowerAtLockMw\": -1.5");
        assertTrue(!bad.equals(payload));
        fs.putDurable(GEN2, StateFile.encode("calibration", 1, 2, bad));

        LoadResult<Calibration> r = store.load(Documents.CALIBRATION);
        assertEquals(LoadResult.Status.FELL_BACK, r.status());
        LoadProblem p = r.problems().get(0);
        assertEquals(LoadProblem.Kind.INVALID_CONTENT, p.kind());
        assertEquals(GEN2, p.file());
        assertTrue(p.reason().startsWith("engines[0].rings[0]: heaterPowerAtLockMw = -1.5 mW is out of range"), p.reason());
        assertTrue(p.toString().startsWith(GEN2 + ": INVALID_CONTENT: engines[0].rings[0]"), p.toString());
    }

    @Test
    void aStaleTemporaryFileIsANoteAndTheNextSaveRemovesIt() throws IOException {
        twoGenerations();
        fs.putDurable("calibration.0000000003.tmp", Arrays.copyOf(fs.bytes(GEN2), 50));

        LoadResult<Calibration> r = store.load(Documents.CALIBRATION);
        assertEquals(LoadResult.Status.LOADED, r.status());
        assertEquals(2, r.generation());
        assertFalse(r.needsAlarm());
        assertEquals(LoadProblem.Kind.INTERRUPTED_WRITE, r.problems().get(0).kind());

        assertEquals(4, store.save(Documents.CALIBRATION, Samples.calibration(3)));
        assertFalse(fs.names().contains("calibration.0000000003.tmp"), fs.names().toString());
        assertEquals(List.of(), store.load(Documents.CALIBRATION).problems());
    }

    @Test
    void otherFilesInTheDirectoryAreLeftAlone() throws IOException {
        fs.putDurable("README", "hello".getBytes(StandardCharsets.US_ASCII));
        fs.putDurable("calibration.json", "{}".getBytes(StandardCharsets.US_ASCII));
        twoGenerations();
        assertEquals(LoadResult.Status.LOADED, store.load(Documents.CALIBRATION).status());
        assertTrue(fs.names().containsAll(List.of("README", "calibration.json")));
    }

    @Test
    void atLeastTwoGenerationsAreRetained() {
        assertThrows(IllegalArgumentException.class, () -> new StateStore(fs, 1));
    }
}
