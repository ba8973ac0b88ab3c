package org.lightkeeper.hal.bus.remote;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One frame of the remote bus protocol, reused for every request or reply of a connection so a
 * transaction allocates nothing: a 4-byte big-endian body length, then the body (an op or status
 * byte and its payload). Every read is bounds-checked against the body received and throws
 * {@link MalformedFrameException}, so a short or lying frame can never reach a bus.
 */
final class Frame {
    private final byte[] buf = new byte[4 + BusProtocol.MAX_FRAME];
    private int limit;
    private int pos;

    /** Starts a frame whose first body byte is {@code code} (op or status). */
    Frame begin(int code) {
        pos = 4;
        buf[pos++] = (byte) code;
        return this;
    }

    Frame putByte(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    Frame putShort(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    Frame putInt(int v) {
        ensure(4);
        for (int s = 24; s >= 0; s -= 8) {
            buf[pos++] = (byte) (v >>> s);
        }
        return this;
    }

    Frame putLong(long v) {
        ensure(8);
        for (int s = 56; s >= 0; s -= 8) {
            buf[pos++] = (byte) (v >>> s);
        }
        return this;
    }

    Frame putBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        return this;
    }

    /** A string: 2-byte length, then UTF-8; longer strings are cut to {@link BusProtocol#MAX_STRING} bytes. */
    Frame putString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(b.length, BusProtocol.MAX_STRING);
        putShort(n);
        return putBytes(b, 0, n);
    }

    /** Counts {@code n} bytes written straight into {@link #array()} at {@link #position()} as part of the frame. */
    Frame advance(int n) {
        ensure(n);
        pos += n;
        return this;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            throw new IllegalArgumentException("frame body would exceed " + BusProtocol.MAX_FRAME + " bytes");
        }
    }

    /** Sends the frame built since {@link #begin}, length prefix and body in one write. */
    void writeTo(OutputStream out) throws IOException {
        int body = pos - 4;
        buf[0] = (byte) (body >>> 24);
        buf[1] = (byte) (body >>> 16);
        buf[2] = (byte) (body >>> 8);
        buf[3] = (byte) body;
        out.write(buf, 0, pos);
        out.flush();
    }

    /**
     * Receives one frame and returns its first body byte (op or status).
     *
     * @throws MalformedFrameException for a length of zero or above {@link BusProtocol#MAX_FRAME}
     *         (the rest of the stream cannot be trusted after that)
     * @throws EOFException when the peer closed the connection
     */
    int readFrom(InputStream in) throws IOException {
        readFully(in, buf, 0, 4);
        int body = ((buf[0] & 0xFF) << 24) | ((buf[1] & 0xFF) << 16) | ((buf[2] & 0xFF) << 8) | (buf[3] & 0xFF);
        if (body < 1 || body > BusProtocol.MAX_FRAME) {
            throw new MalformedFrameException("frame length " + Integer.toUnsignedString(body) + " outside 1-"
                    + BusProtocol.MAX_FRAME);
        }
        readFully(in, buf, 4, body);
        limit = 4 + body;
        pos = 5;
        return buf[4] & 0xFF;
    }

    static void readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) {
                throw new EOFException("connection closed by peer");
            }
            off += n;
            len -= n;
        }
    }

    int remaining() {
        return limit - pos;
    }

    private void need(int n) {
        if (limit - pos < n) {
            throw new MalformedFrameException("frame ends " + (n - (limit - pos)) + " byte(s) early");
        }
    }

    int getByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    int getShort() {
        need(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    int getInt() {
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    long getLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    void getBytes(byte[] b, int off, int len) {
        need(len);
        System.arraycopy(buf, pos, b, off, len);
        pos += len;
    }

    /** The frame's buffer, for a bus to read from or write into in place at {@link #position()}. */
    byte[] array() {
        return buf;
    }

    int position() {
        return pos;
    }

    String getString() {
        int n = getShort();
        if (n > BusProtocol.MAX_STRING) {
            throw new MalformedFrameException("string of " + n + " bytes, limit " + BusProtocol.MAX_STRING);
        }
        need(n);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** Refuses trailing bytes: a frame longer than its op says is as malformed as a shorter one. */
    void end() {
        if (pos != limit) {
            throw new MalformedFrameException((limit - pos) + " unexpected trailing byte(s)");
        }
    }
}
