package org.lightkeeper.firmware.persist;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer for the state documents: objects ({@link LinkedHashMap}, duplicate keys
 * refused), arrays ({@link List}), strings, numbers (kept as their text, {@link Num}), booleans and null.
 * The writer puts small flat containers on one line, so a ring's calibration is one line of the file.
 */
final class Json {
    private static final int MAX_DEPTH = 32;
    private static final int INLINE_WIDTH = 160;

    /** A number, as written, so that integers and doubles are converted exactly where they are read. */
    record Num(String text) {
    }

    private final String s;
    private int pos;

    private Json(String s) {
        this.s = s;
    }

    static Object parse(String text) throws InvalidDocumentException {
        Json p = new Json(text);
        p.space();
        Object v = p.value(0);
        p.space();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the document");
        }
        return v;
    }

    // ---------------------------------------------------------------- reading

    private Object value(int depth) throws InvalidDocumentException {
        if (depth > MAX_DEPTH) {
            throw error("nested too deeply");
        }
        if (pos >= s.length()) {
            throw error("unexpected end of document");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                word("true");
                return Boolean.TRUE;
            case 'f':
                word("false");
                return Boolean.FALSE;
            case 'n':
                word("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> object(int depth) throws InvalidDocumentException {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        space();
        if (peek('}')) {
            pos++;
            return m;
        }
        while (true) {
            space();
            if (!peek('"')) {
                throw error("expected a field name");
            }
            String key = string();
            space();
            expect(':');
            space();
            Object v = value(depth + 1);
            if (m.containsKey(key)) {
                throw error("duplicate field \"" + key + "\"");
            }
            m.put(key, v);
            space();
            if (peek(',')) {
                pos++;
                continue;
            }
            expect('}');
            return m;
        }
    }

    private List<Object> array(int depth) throws InvalidDocumentException {
        List<Object> a = new ArrayList<>();
        pos++;
        space();
        if (peek(']')) {
            pos++;
            return a;
        }
        while (true) {
            space();
            a.add(value(depth + 1));
            space();
            if (peek(',')) {
                pos++;
                continue;
            }
            expect(']');
            return a;
        }
    }

    private String string() throws InvalidDocumentException {
        pos++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (pos + 4 > s.length()) {
                        throw error("bad \\u escape");
                    }
                    try {
                        b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private Num number() throws InvalidDocumentException {
        int start = pos;
        if (peek('-')) {
            pos++;
        }
        if (peek('0')) {
            pos++;
        } else if (!digits()) {
            throw error("malformed number");
        }
        if (peek('.')) {
            pos++;
            if (!digits()) {
                throw error("malformed number");
            }
        }
        if (peek('e') || peek('E')) {
            pos++;
            if (peek('+') || peek('-')) {
                pos++;
            }
            if (!digits()) {
                throw error("malformed number");
            }
        }
        return new Num(s.substring(start, pos));
    }

    private boolean digits() {
        int start = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private void word(String w) throws InvalidDocumentException {
        if (!s.startsWith(w, pos)) {
            throw error("unexpected text");
        }
        pos += w.length();
    }

    private boolean peek(char c) {
        return pos < s.length() && s.charAt(pos) == c;
    }

    private void expect(char c) throws InvalidDocumentException {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void space() {
        while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private InvalidDocumentException error(String what) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, s.length()); i++) {
            if (s.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new InvalidDocumentException("JSON syntax error at line " + line + " column " + col + ": " + what);
    }

    // ---------------------------------------------------------------- writing

    /** Writes maps, lists, strings, numbers (finite), booleans and null; ends with a newline. */
    static String write(Object v) {
        StringBuilder b = new StringBuilder();
        write(b, v, 0);
        return b.append('\n').toString();
    }

    private static void write(StringBuilder b, Object v, int indent) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                b.append("{}");
                return;
            }
            String inline = inline(v);
            if (inline != null && inline.length() + indent <= INLINE_WIDTH) {
                b.append(inline);
                return;
            }
            b.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                pad(b, indent + 2);
                quote(b, (String) e.getKey());
                b.append(": ");
                write(b, e.getValue(), indent + 2);
                b.append(++i < m.size() ? ",\n" : "\n");
            }
            pad(b, indent);
            b.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                b.append("[]");
                return;
            }
            String inline = inline(v);
            if (inline != null && inline.length() + indent <= INLINE_WIDTH) {
                b.append(inline);
                return;
            }
            b.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                pad(b, indent + 2);
                write(b, l.get(i), indent + 2);
                b.append(i + 1 < l.size() ? ",\n" : "\n");
            }
            pad(b, indent);
            b.append(']');
        } else {
            scalar(b, v);
        }
    }

    /** One-line form of a container whose members are scalars or containers of scalars; else null. */
    private static String inline(Object v) {
        StringBuilder b = new StringBuilder();
        return inline(b, v, 0) ? b.toString() : null;
    }

    private static boolean inline(StringBuilder b, Object v, int depth) {
        if (v instanceof Map<?, ?> m) {
            if (depth >= 2) {
                return false;
            }
            b.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                quote(b, (String) e.getKey());
                b.append(": ");
                if (!inline(b, e.getValue(), depth + 1)) {
                    return false;
                }
                if (++i < m.size()) {
                    b.append(", ");
                }
            }
            b.append('}');
            return true;
        }
        if (v instanceof List<?> l) {
            if (depth >= 2) {
                return false;
            }
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (!inline(b, l.get(i), depth + 1)) {
                    return false;
                }
                if (i + 1 < l.size()) {
                    b.append(", ");
                }
            }
            b.append(']');
            return true;
        }
        scalar(b, v);
        return true;
    }

    private static void scalar(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String str) {
            quote(b, str);
        } else if (v instanceof Boolean bool) {
            b.append(bool.booleanValue());
        } else if (v instanceof Integer || v instanceof Long) {
            b.append(v);
        } else if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON cannot hold " + d);
            }
            b.append(Double.toString(d));
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
    }

    private static void quote(StringBuilder b, String str) {
        b.append('"');
        for (int i = 0; i < str.length(); i++) {
            char c = str.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static void pad(StringBuilder b, int n) {
        b.append(" ".repeat(n));
    }

    /** An ordered map for writing, {@code key, value, key, value, ...}. */
    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
