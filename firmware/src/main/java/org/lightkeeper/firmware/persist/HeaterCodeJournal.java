package org.lightkeeper.firmware.persist;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The last heater code written to each ring whose DAC cannot be read back (the LTC2668 has no
 * register readback: its SDO only echoes the previous frame, datasheet "Echo Readback"), kept in a
 * memory-mapped file of the state directory so a restarted firmware knows what the DACs hold.
 *
 * <p>A store into a shared mapping lands in the kernel's page cache at once: it survives the
 * process being killed (kill -9, a crash, an upgrade) without any write call, costs a few
 * nanoseconds and allocates nothing, so the ring loop records every code it writes. It does not
 * survive a power cut, and does not need to: a power cut resets the DACs too, and the monitors then
 * disagree with the journal, so the rings are acquired afresh (docs/persistence.md).
 *
 * <p>Layout (little endian): magic "LKHJ", format version, ring count, board key (a hash of the board
 * name and the heater channel map), then one int per ring: its code, or {@link #UNKNOWN}.
 */
public final class HeaterCodeJournal implements AutoCloseable {
    public static final String FILE_NAME = "heater-codes.journal";
    public static final int UNKNOWN = -1;
    private static final int MAGIC = 0x4A484B4C; // "LKHJ" little endian
    private static final int VERSION = 1;
    private static final int HEADER = 16;

    private final FileChannel channel;
    private final MappedByteBuffer map;
    private final int rings;
    private final int[] found;
    private final String foundWhy;

    private HeaterCodeJournal(FileChannel channel, MappedByteBuffer map, int rings, int[] found, String foundWhy) {
        this.channel = channel;
        this.map = map;
        this.rings = rings;
        this.found = found;
        this.foundWhy = foundWhy;
    }

    /**
     * Opens (creating if needed) the journal for a board with {@code rings} rings and {@code boardKey}.
     * What a previous process left is kept for {@link #found}; a journal of another board or format
     * is started afresh (and says why).
     */
    public static HeaterCodeJournal open(Path dir, int rings, int boardKey) throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long size = HEADER + 4L * rings;
            long had = ch.size();
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            m.order(ByteOrder.LITTLE_ENDIAN);
            int[] found = null;
            String why;
            if (had < size) {
                why = had == 0 ? "no heater journal yet" : "heater journal is " + had + " bytes, " + size + " expected";
            } else if (m.getInt(0) != MAGIC || m.getInt(4) != VERSION) {
                why = "heater journal has another format";
            } else if (m.getInt(8) != rings) {
                why = "heater journal is for " + m.getInt(8) + " rings, this board has " + rings;
            } else {
                why = null;
            }
            if (why == null && m.getInt(12) != boardKey) {
                why = "heater journal belongs to another board";
            }
            if (why == null) {
                found = new int[rings];
                for (int i = 0; i < rings; i++) {
                    found[i] = m.getInt(HEADER + 4 * i);
                }
            } else {
                m.putInt(0, MAGIC);
                m.putInt(4, VERSION);
                m.putInt(8, rings);
                m.putInt(12, boardKey);
                for (int i = 0; i < rings; i++) {
                    m.putInt(HEADER + 4 * i, UNKNOWN);
                }
            }
            return new HeaterCodeJournal(ch, m, rings, found, why);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The codes a previous process recorded, by ring ordinal; empty when there is no usable journal. */
    public java.util.Optional<int[]> found() {
        return found == null ? java.util.Optional.empty() : java.util.Optional.of(Arrays.copyOf(found, rings));
    }

    /** Why no codes were found (null when they were). */
    public String whyNotFound() {
        return foundWhy;
    }

    /** Records that ring {@code ordinal}'s DAC now holds {@code code}. Allocation-free. */
    public void record(int ordinal, int code) {
        map.putInt(HEADER + 4 * ordinal, code);
    }

    public int rings() {
        return rings;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
