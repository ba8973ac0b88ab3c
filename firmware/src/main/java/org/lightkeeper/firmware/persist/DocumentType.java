package org.lightkeeper.firmware.persist;

/**
 * One kind of document in the state directory: its file-name stem, the format version it writes and
 * reads, and its payload codec. {@link Documents} has the firmware's documents.
 */
public interface DocumentType<T> {

    /** File-name stem, {@code [a-z][a-z0-9-]*}: generation files are {@code <name>.<generation>}. */
    String name();

    /** The payload format version written, and the only one read; a file with another one is refused. */
    int formatVersion();

    /** The payload text (UTF-8 when stored). {@code value} is valid by construction. */
    String encode(T value);

    /** Parses and range-checks a payload; the exception message names the offending field. */
    T decode(String payload) throws InvalidDocumentException;
}
