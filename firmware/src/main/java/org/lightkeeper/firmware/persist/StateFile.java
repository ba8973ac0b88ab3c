package org.lightkeeper.firmware.persist;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The envelope of one generation file: a one-line header, then the payload.
 *
 * <pre>
 * lightkeeper-state document=calibration format=1 generation=42 length=1234 crc32c=1a2b3c4d
 * { ...payload, exactly length bytes of UTF-8, CRC32C over those bytes... }
 * </pre>
 */
public final class StateFile {
    public static final String MAGIC = "lightkeeper-state";
    private static final int MAX_HEADER = 512;

    private StateFile() {
    }

    /** A file that is not an intact generation of the expected document. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final LoadProblem.Kind kind;

        Rejected(LoadProblem.Kind kind, String reason) {
            super(reason, null, false, false);
            this.kind = kind;
        }
    }

    /** The file bytes for a payload. */
    public static byte[] encode(String document, int format, long generation, String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(body);
        String header = String.format(java.util.Locale.ROOT, "%s document=%s format=%d generation=%d length=%d crc32c=%08x\n", MAGIC,
                document, format, generation, body.length, crc.getValue());
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** Checks the envelope and returns the payload text. */
    static String decode(byte[] b, String document, long generationFromName, int supportedFormat) throws Rejected {
        if (b.length == 0) {
            throw new Rejected(LoadProblem.Kind.EMPTY, "empty file (0 bytes)");
        }
        if (allZero(b)) {
            throw new Rejected(LoadProblem.Kind.CORRUPT, b.length + " bytes, all NUL: content lost before it reached the disk");
        }
        int nl = -1;
        for (int i = 0; i < Math.min(b.length, MAX_HEADER); i++) {
            if (b[i] == '\n') {
                nl = i;
                break;
            }
        }
        String magicPrefix = MAGIC + " ";
        if (nl < 0) {
            String start = new String(b, 0, Math.min(b.length, magicPrefix.length()), StandardCharsets.ISO_8859_1);
            if (b.length < MAX_HEADER && magicPrefix.startsWith(start)) {
                throw new Rejected(LoadProblem.Kind.TRUNCATED, "cut inside the header (" + b.length + " bytes)");
            }
            throw new Rejected(LoadProblem.Kind.CORRUPT, "no header line: not a state file");
        }
        String header = new String(b, 0, nl, StandardCharsets.ISO_8859_1);
        if (!header.startsWith(magicPrefix)) {
            throw new Rejected(LoadProblem.Kind.CORRUPT, "header does not start with '" + MAGIC + "': not a state file");
        }
        Map<String, String> f = new HashMap<>();
        for (String tok : header.substring(magicPrefix.length()).trim().split(" +")) {
            int eq = tok.indexOf('=');
            if (eq <= 0 || f.put(tok.substring(0, eq), tok.substring(eq + 1)) != null) {
                throw new Rejected(LoadProblem.Kind.CORRUPT, "malformed header field '" + tok + "'");
            }
        }
        long format = number(f, "format");
        if (format != supportedFormat) {
            throw new Rejected(LoadProblem.Kind.UNSUPPORTED_FORMAT, "format version " + format
                    + (format > supportedFormat ? " is newer than" : " is not") + " the version this firmware reads ("
                    + supportedFormat + ")" + (format > supportedFormat ? "; written by a newer firmware?" : "")
                    + " Refusing to load it");
        }
        String doc = f.get("document");
        if (!document.equals(doc)) {
            throw new Rejected(LoadProblem.Kind.CORRUPT, "header says document '" + doc + "', expected '" + document + "'");
        }
        long gen = number(f, "generation");
        if (gen != generationFromName) {
            throw new Rejected(LoadProblem.Kind.CORRUPT, "header says generation " + gen + " but the file name says "
                    + generationFromName);
        }
        long length = number(f, "length");
        String crcText = f.get("crc32c");
        if (crcText == null || !crcText.matches("[0-9a-f]{8}")) {
            throw new Rejected(LoadProblem.Kind.CORRUPT, "header field crc32c missing or malformed: " + crcText);
        }
        long have = b.length - (nl + 1L);
        if (have < length) {
            throw new Rejected(LoadProblem.Kind.TRUNCATED, "payload has " + have + " of " + length + " bytes");
        }
        if (have > length) {
            throw new Rejected(LoadProblem.Kind.CORRUPT, (have - length) + " unexpected bytes after the " + length
                    + "-byte payload");
        }
        CRC32C crc = new CRC32C();
        crc.update(b, nl + 1, (int) length);
        long want = Long.parseLong(crcText, 16);
        if (crc.getValue() != want) {
            throw new Rejected(LoadProblem.Kind.CHECKSUM_MISMATCH, String.format(
                    "payload CRC32C is %08x, header says %08x", crc.getValue(), want));
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, nl + 1, (int) length)).toString();
        } catch (CharacterCodingException e) {
            throw new Rejected(LoadProblem.Kind.CORRUPT, "payload is not valid UTF-8");
        }
    }

    private static long number(Map<String, String> f, String key) throws Rejected {
        String v = f.get(key);
        if (v == null || !v.matches("[0-9]{1,18}")) {
            throw new Rejected(LoadProblem.Kind.CORRUPT, "header field " + key + " missing or malformed: " + v);
        }
        return Long.parseLong(v);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
