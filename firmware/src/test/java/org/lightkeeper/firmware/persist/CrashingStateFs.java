package org.lightkeeper.firmware.persist;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-memory {@link StateFs} that can "crash" at any mutating step and then tells what a restarted
 * system would find, modelling a page cache in front of a disk:
 *
 * <ul>
 *   <li>each file has its written content and its durable content; {@link WritableFile#force()} copies the
 *       first to the second (unless fsync is made to lie);</li>
 *   <li>the directory has its current entries and its durable entries; {@link #forceDirectory()} copies
 *       the first to the second. Entries point at files (inodes), so a rename moves a file, not bytes.</li>
 * </ul>
 *
 * A crash ({@link #crashAt}) throws {@link SimulatedCrash} (an {@link Error}: the process is gone, no
 * handler of the store runs) and kills this instance: every later call throws too. {@link #restart} then
 * builds the file system a new process would see, after a process crash (everything survives, the kernel
 * still has it) or after a power loss, with each combination of directory and data outcome.
 */
final class CrashingStateFs implements StateFs {

    /** What the process was doing when it stopped. */
    enum Op { CREATE, WRITE, FORCE, CLOSE, RENAME, FORCE_DIRECTORY, DELETE }

    /** The process stops: thrown at the armed step. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String where) {
            super("simulated crash " + where, null, false, false);
        }
    }

    /** After a power loss, which directory entries exist. */
    enum DirOutcome {
        /** Only the entries of the last directory fsync (every later create, rename, delete undone). */
        DURABLE,
        /** Every entry change survived (the file system happened to commit its journal). */
        ALL
    }

    /** After a power loss, what a file's bytes are. */
    enum DataOutcome {
        /** Only what was fsynced. */
        DURABLE,
        /** The fsynced part plus half of what was written after it (a torn write). */
        TORN,
        /** The written length, but the unsynced part reads as NUL bytes (delayed allocation). */
        ZEROED,
        /** Everything written (the kernel flushed it anyway). */
        ALL
    }

    private static final class Inode {
        byte[] data = new byte[0];
        byte[] durable = new byte[0];
    }

    private final Map<String, Inode> dir = new TreeMap<>();
    private Map<String, Inode> durableDir = new HashMap<>();
    private final List<Op> trace = new ArrayList<>();
    private int crashAt = -1;
    private boolean crashMidWrite;
    private boolean lyingFsync;
    private boolean dead;
    private int ops;

    /** Crash before the {@code step}-th mutating operation (from 0); with {@code midWrite}, a write at that
     * step writes half its bytes first. A negative step never crashes. */
    CrashingStateFs crashAt(int step, boolean midWrite) {
        this.crashAt = step;
        this.crashMidWrite = midWrite;
        this.ops = 0;
        this.trace.clear();
        return this;
    }

    /** fsync returns without making anything durable: a disk or a file system that lies. */
    CrashingStateFs lyingFsync(boolean lie) {
        this.lyingFsync = lie;
        return this;
    }

    /** The mutating operations done (or crashed in) since {@link #crashAt}. */
    List<Op> trace() {
        return List.copyOf(trace);
    }

    boolean crashed() {
        return dead;
    }

    /** The file system a new process sees after the kernel went on running (a process crash, kill -9). */
    CrashingStateFs restartAfterProcessCrash() {
        CrashingStateFs next = new CrashingStateFs();
        dir.forEach((name, inode) -> next.putDurable(name, inode.data));
        return next;
    }

    /** The file system a new process sees after a power loss with these outcomes. */
    CrashingStateFs restartAfterPowerLoss(DirOutcome d, DataOutcome o) {
        CrashingStateFs next = new CrashingStateFs();
        Map<String, Inode> entries = d == DirOutcome.DURABLE ? durableDir : dir;
        Map<Inode, byte[]> survived = new HashMap<>();
        entries.forEach((name, inode) -> {
            byte[] bytes = survived.computeIfAbsent(inode, i -> surviving(i, o));
            next.putDurable(name, bytes);
        });
        return next;
    }

    private static byte[] surviving(Inode i, DataOutcome o) {
        boolean prefix = i.data.length >= i.durable.length
                && Arrays.equals(i.data, 0, i.durable.length, i.durable, 0, i.durable.length);
        if (!prefix) {
            return i.durable.clone();       // truncated and rewritten since the fsync: keep the old bytes
        }
        int unsynced = i.data.length - i.durable.length;
        return switch (o) {
            case DURABLE -> i.durable.clone();
            case TORN -> Arrays.copyOf(i.data, i.durable.length + unsynced / 2);
            case ZEROED -> Arrays.copyOf(i.durable, i.data.length);
            case ALL -> i.data.clone();
        };
    }

    // ------------------------------------------------------------- test access, no crash accounting

    /** Puts a file as if it had been there, durable, since before the test. */
    void putDurable(String name, byte[] bytes) {
        Inode i = new Inode();
        i.data = bytes.clone();
        i.durable = bytes.clone();
        dir.put(name, i);
        durableDir.put(name, i);
    }

    byte[] bytes(String name) {
        Inode i = dir.get(name);
        return i == null ? null : i.data.clone();
    }

    List<String> names() {
        return new ArrayList<>(dir.keySet());
    }

    // ------------------------------------------------------------- StateFs

    private void step(Op op) {
        if (dead) {
            throw new SimulatedCrash("(already dead) at " + op);
        }
        int n = ops++;
        trace.add(op);
        if (n == crashAt && !(crashMidWrite && op == Op.WRITE)) {
            dead = true;
            throw new SimulatedCrash("before " + op + " (step " + n + ")");
        }
    }

    private void alive() {
        if (dead) {
            throw new SimulatedCrash("(already dead)");
        }
    }

    @Override
    public List<String> list() {
        alive();
        return new ArrayList<>(dir.keySet());
    }

    @Override
    public byte[] read(String name) throws IOException {
        alive();
        Inode i = dir.get(name);
        if (i == null) {
            throw new NoSuchFileException(name);
        }
        return i.data.clone();
    }

    @Override
    public WritableFile create(String name) {
        step(Op.CREATE);
        Inode existing = dir.get(name);
        Inode inode = existing != null ? existing : new Inode();
        inode.data = new byte[0];          // O_TRUNC: the truncation is not durable until fsync
        dir.put(name, inode);
        return new WritableFile() {
            private boolean closed;

            @Override
            public void write(byte[] bytes) {
                int n = ops;
                step(Op.WRITE);
                if (crashMidWrite && n == crashAt) {
                    append(inode, Arrays.copyOf(bytes, bytes.length / 2));
                    dead = true;
                    throw new SimulatedCrash("in the middle of WRITE (step " + n + ")");
                }
                check();
                append(inode, bytes);
            }

            @Override
            public void force() {
                step(Op.FORCE);
                check();
                if (!lyingFsync) {
                    inode.durable = inode.data.clone();
                }
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    step(Op.CLOSE);
                }
            }

            private void check() {
                if (closed) {
                    throw new IllegalStateException("closed");
                }
            }
        };
    }

    private static void append(Inode i, byte[] b) {
        byte[] n = Arrays.copyOf(i.data, i.data.length + b.length);
        System.arraycopy(b, 0, n, i.data.length, b.length);
        i.data = n;
    }

    @Override
    public void rename(String from, String to) throws IOException {
        step(Op.RENAME);
        if (from.equals(to)) {
            throw new FileAlreadyExistsException(to);
        }
        Inode i = dir.remove(from);
        if (i == null) {
            throw new NoSuchFileException(from);
        }
        dir.put(to, i);
    }

    @Override
    public void forceDirectory() {
        step(Op.FORCE_DIRECTORY);
        if (!lyingFsync) {
            durableDir = new HashMap<>(dir);
        }
    }

    @Override
    public void delete(String name) {
        step(Op.DELETE);
        dir.remove(name);
    }

    @Override
    public String location() {
        return "mem:";
    }
}
