package org.lightkeeper.firmware.persist;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state directory: named documents, each kept as numbered generations {@code <name>.<generation>}
 * ({@code calibration.0000000042}), each file a header (format version, generation, length, CRC32C) and a
 * JSON payload. See docs/persistence.md.
 *
 * <p>A save writes {@code <name>.<g>.tmp}, fsyncs it, renames it to {@code <name>.<g>} (atomic), fsyncs the
 * directory, then prunes: the newest {@link #retain()} intact generations stay, older and rejected
 * generations and stale temporary files go. A load takes the newest intact generation and reports every
 * newer file it had to reject ({@link LoadResult}); it never invents defaults.
 *
 * <p>One process owns a directory: the store is thread safe, but two processes saving into the same
 * directory could pick the same generation number.
 */
public final class StateStore {
    private static final Logger LOG = Logger.getLogger(StateStore.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final String TMP = ".tmp";
    public static final int DEFAULT_RETAIN = 3;

    private final StateFs fs;
    private final int retain;

    /** A store keeping {@link #DEFAULT_RETAIN} intact generations of each document. */
    public StateStore(StateFs fs) {
        this(fs, DEFAULT_RETAIN);
    }

    /** @param retain intact generations kept per document after a save, at least 2 (newest and previous) */
    public StateStore(StateFs fs, int retain) {
        this.fs = Objects.requireNonNull(fs, "fs");
        if (retain < 2) {
            throw new IllegalArgumentException("retain must be at least 2 (the newest and a previous generation), got "
                    + retain);
        }
        this.retain = retain;
    }

    /** A store on a real directory, created if missing. */
    public static StateStore open(Path dir) throws IOException {
        return new StateStore(new NioStateFs(dir));
    }

    public int retain() {
        return retain;
    }

    public String location() {
        return fs.location();
    }

    /** The file name of generation {@code g} of a document. */
    public static String fileName(String document, long generation) {
        return String.format(Locale.ROOT, "%s.%010d", document, generation);
    }

    /**
     * Saves {@code value} as a new generation, durably: when this returns, the new generation survives a
     * power loss. On an exception the previous generations are untouched and the new one may or may not
     * survive (it is complete if it does).
     *
     * @return the new generation number, greater than any generation present in the directory
     */
    public synchronized <T> long save(DocumentType<T> type, T value) throws IOException {
        String name = checkName(type);
        Objects.requireNonNull(value, "value");
        String payload = type.encode(value);
        checkRoundTrip(type, value, payload);
        Listing l = scan(name);
        long gen = l.highest() + 1;
        String fin = fileName(name, gen);
        String tmp = fin + TMP;
        byte[] bytes = StateFile.encode(name, type.formatVersion(), gen, payload);
        boolean renamed = false;
        try {
            try (StateFs.WritableFile f = fs.create(tmp)) {
                f.write(bytes);
                f.force();                 // the content is on disk before the name points at it
            }
            fs.rename(tmp, fin);           // atomic: the directory has the old generations, or those and this one
            renamed = true;
            fs.forceDirectory();           // the rename itself is on disk
        } catch (IOException e) {
            if (!renamed) {
                try {
                    fs.delete(tmp);
                } catch (IOException s) {
                    e.addSuppressed(s);
                }
            }
            throw e;
        }
        prune(type, gen);
        return gen;
    }

    /** Loads the newest intact generation of a document, reporting every newer file it rejected. */
    public synchronized <T> LoadResult<T> load(DocumentType<T> type) throws IOException {
        String name = checkName(type);
        Listing l = scan(name);
        List<LoadProblem> problems = new ArrayList<>();
        for (String t : l.temps) {
            problems.add(new LoadProblem(t, LoadProblem.Kind.INTERRUPTED_WRITE,
                    "temporary file of a save that did not complete; ignored"));
        }
        boolean first = true;
        for (Gen g : l.committed) {
            try {
                T value = read(type, g);
                return new LoadResult<>(name, first ? LoadResult.Status.LOADED : LoadResult.Status.FELL_BACK, value,
                        g.number, g.file, problems);
            } catch (StateFile.Rejected r) {
                problems.add(new LoadProblem(g.file, r.kind, r.getMessage()));
            }
            first = false;
        }
        return LoadResult.none(name, problems);
    }

    /** Generation numbers of a document's committed files (intact or not), newest first. */
    public synchronized List<Long> generations(String document) throws IOException {
        List<Long> out = new ArrayList<>();
        for (Gen g : scan(document).committed) {
            out.add(g.number);
        }
        return out;
    }

    private <T> T read(DocumentType<T> type, Gen g) throws StateFile.Rejected {
        byte[] b;
        try {
            b = fs.read(g.file);
        } catch (IOException e) {
            throw new StateFile.Rejected(LoadProblem.Kind.UNREADABLE, e.toString());
        }
        String payload = StateFile.decode(b, type.name(), g.number, type.formatVersion());
        try {
            return type.decode(payload);
        } catch (InvalidDocumentException e) {
            throw new StateFile.Rejected(LoadProblem.Kind.INVALID_CONTENT, e.getMessage());
        } catch (RuntimeException e) {
            throw new StateFile.Rejected(LoadProblem.Kind.INVALID_CONTENT, "unreadable document: " + e);
        }
    }

    /**
     * After a save of generation {@code newest}: keeps it and the next newest intact generations up to
     * {@link #retain}, deletes other generations and stale temporary files. Failures only cost disk space.
     */
    private <T> void prune(DocumentType<T> type, long newest) {
        try {
            Listing l = scan(type.name());
            for (String t : l.temps) {
                fs.delete(t);
            }
            int kept = 0;
            for (Gen g : l.committed) {
                if (g.number > newest) {
                    continue;               // cannot happen with one writer; leave it alone
                }
                boolean keep = false;
                if (kept < retain) {
                    if (g.number == newest) {
                        keep = true;
                    } else {
                        try {
                            read(type, g);
                            keep = true;
                        } catch (StateFile.Rejected r) {
                            LOG.warning(() -> fs.location() + "/" + g.file + ": deleting a rejected generation: " + r.getMessage());
                        }
                    }
                }
                if (keep) {
                    kept++;
                } else {
                    fs.delete(g.file);
                }
            }
            // Deletions are not synced: one that a power loss undoes leaves an older generation, which the
            // next load skips (the new generation is durable) and the next save prunes again.
        } catch (IOException e) {
            LOG.log(Level.WARNING, fs.location() + ": pruning old " + type.name() + " generations failed", e);
        }
    }

    private static <T> void checkRoundTrip(DocumentType<T> type, T value, String payload) {
        T back;
        try {
            back = type.decode(payload);
        } catch (InvalidDocumentException e) {
            throw new IllegalStateException(type.name() + ": the encoded document does not decode: " + e.getMessage(), e);
        }
        if (!back.equals(value)) {
            throw new IllegalStateException(type.name() + ": the encoded document decodes to a different value");
        }
    }

    private static String checkName(DocumentType<?> type) {
        String name = type.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("document name must match " + NAME + ": '" + name + "'");
        }
        return name;
    }

    private record Gen(long number, String file) {
    }

    /** A document's files: committed generations newest first, and temporary files. */
    private record Listing(List<Gen> committed, List<String> temps, long highestTemp) {
        long highest() {
            long h = committed.isEmpty() ? 0 : committed.get(0).number;
            return Math.max(h, highestTemp);
        }
    }

    private Listing scan(String name) throws IOException {
        Pattern p = Pattern.compile(Pattern.quote(name) + "\\.([0-9]{1,18})(" + Pattern.quote(TMP) + ")?");
        List<Gen> committed = new ArrayList<>();
        List<String> temps = new ArrayList<>();
        long highestTemp = 0;
        for (String f : fs.list()) {
            Matcher m = p.matcher(f);
            if (!m.matches()) {
                continue;
            }
            long g = Long.parseLong(m.group(1));
            if (m.group(2) != null) {
                temps.add(f);
                highestTemp = Math.max(highestTemp, g);
            } else {
                committed.add(new Gen(g, f));
            }
        }
        committed.sort(Comparator.comparingLong(Gen::number).reversed());
        temps.sort(Comparator.naturalOrder());
        return new Listing(committed, temps, highestTemp);
    }
}
