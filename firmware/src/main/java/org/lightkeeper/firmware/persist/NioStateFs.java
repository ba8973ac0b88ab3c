package org.lightkeeper.firmware.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link StateFs} on a real directory through NIO.
 *
 * <p>On Linux: {@link FileChannel#force(boolean) force(true)} is fsync(2); {@link Files#move} with
 * {@link StandardCopyOption#ATOMIC_MOVE} is rename(2), which replaces an existing target atomically; and
 * the directory is made durable by opening it read-only as a {@link FileChannel} and forcing it, which is
 * fsync(2) on the directory's descriptor. Without that last step a rename that the kernel has done may be
 * lost at a power cut (ext4, XFS and btrfs only promise a rename durable once the directory is synced).
 * Other systems may refuse to open a directory as a channel (Windows does); there the directory sync is
 * skipped, which is what the JDK itself can offer there.
 */
public final class NioStateFs implements StateFs {
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private final Path dir;

    /** Uses {@code dir}, creating it (and its parents) if it does not exist. */
    public NioStateFs(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath();
        Files.createDirectories(this.dir);
    }

    public Path directory() {
        return dir;
    }

    @Override
    public List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    names.add(p.getFileName().toString());
                }
            }
        }
        return names;
    }

    @Override
    public byte[] read(String name) throws IOException {
        return Files.readAllBytes(resolve(name));
    }

    @Override
    public WritableFile create(String name) throws IOException {
        FileChannel ch = FileChannel.open(resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new WritableFile() {
            @Override
            public void write(byte[] bytes) throws IOException {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);   // a channel may write fewer bytes than asked
                }
            }

            @Override
            public void force() throws IOException {
                ch.force(true);    // data and metadata (the size): fsync, not fdatasync
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Files.move(resolve(from), resolve(to), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void forceDirectory() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (!WINDOWS) {
                throw e;
            }
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(resolve(name));
    }

    @Override
    public String location() {
        return dir.toString();
    }

    private Path resolve(String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a plain file name: '" + name + "'");
        }
        return dir.resolve(name);
    }
}
