package org.lightkeeper.firmware.persist;

import java.util.Objects;

/** Something wrong with one file of the state directory, found while loading: which file and why. */
public record LoadProblem(String file, Kind kind, String reason) {

    public enum Kind {
        /** The file could not be read (I/O error). */
        UNREADABLE,
        /** Zero bytes: typically created but never written before a power loss. */
        EMPTY,
        /** Shorter than its header says, or cut inside the header. */
        TRUNCATED,
        /** Not a state file, or its header disagrees with its name, or bytes after the payload. */
        CORRUPT,
        /** The payload's CRC32C does not match the header. */
        CHECKSUM_MISMATCH,
        /** Written in a format version this firmware does not know (typically by a newer firmware). */
        UNSUPPORTED_FORMAT,
        /** Intact file, but the document in it is malformed or holds out-of-range values. */
        INVALID_CONTENT,
        /** A temporary file left by a write that did not complete; never loaded, removed by the next save. */
        INTERRUPTED_WRITE;

        /** Whether this problem made the store reject a committed generation (an alarm, not a note). */
        public boolean rejectsGeneration() {
            return this != INTERRUPTED_WRITE;
        }
    }

    public LoadProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return file + ": " + kind + ": " + reason;
    }
}
