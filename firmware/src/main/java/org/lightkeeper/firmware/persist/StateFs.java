package org.lightkeeper.firmware.persist;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * The few file-system operations {@link StateStore} uses, on one directory, so that crash safety can be
 * tested by a file system that stops at any step and models what survives a power loss. Names are plain
 * file names inside the directory, never paths.
 *
 * <p>{@link NioStateFs} is the real implementation; the tests carry one that "crashes".
 */
public interface StateFs {

    /** Names of the regular files in the directory, in no particular order. */
    List<String> list() throws IOException;

    /** The whole content of a file; {@link java.nio.file.NoSuchFileException} when it does not exist. */
    byte[] read(String name) throws IOException;

    /** Creates the file, or truncates it if it exists, and opens it for writing. */
    WritableFile create(String name) throws IOException;

    /**
     * Renames {@code from} to {@code to} atomically, replacing {@code to} if it exists: a reader sees either
     * the old {@code to} or the new one, never neither and never a mixture (POSIX rename(2)).
     */
    void rename(String from, String to) throws IOException;

    /** Makes the directory's entries (creations, renames, deletions so far) durable. */
    void forceDirectory() throws IOException;

    /** Deletes the file if it exists. */
    void delete(String name) throws IOException;

    /** Where the directory is, for messages. */
    String location();

    /** A file open for writing. */
    interface WritableFile extends Closeable {
        /** Appends all of {@code bytes}. */
        void write(byte[] bytes) throws IOException;

        /** Makes the content written so far, and the file's size, durable (fsync). */
        void force() throws IOException;
    }
}
