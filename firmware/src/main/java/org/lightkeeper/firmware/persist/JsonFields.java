package org.lightkeeper.firmware.persist;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Typed, path-tracking access to one parsed JSON object: every error names the field as a path from the
 * document root ({@code engines[0].rings[3].heaterPowerAtLockMw}). {@link #end()} refuses unknown fields, so
 * a misspelt hand edit is caught rather than silently ignored.
 */
final class JsonFields {
    private final Map<String, Object> map;
    private final String path;
    private final Set<String> used = new HashSet<>();

    private JsonFields(Map<String, Object> map, String path) {
        this.map = map;
        this.path = path;
    }

    static JsonFields root(String payload) throws InvalidDocumentException {
        return of(Json.parse(payload), "");
    }

    @SuppressWarnings("unchecked")
    private static JsonFields of(Object v, String path) throws InvalidDocumentException {
        if (!(v instanceof Map)) {
            throw new InvalidDocumentException(where(path) + "expected an object, got " + describe(v));
        }
        return new JsonFields((Map<String, Object>) v, path);
    }

    String path() {
        return path;
    }

    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Object get(String key) throws InvalidDocumentException {
        used.add(key);
        if (!map.containsKey(key)) {
            throw new InvalidDocumentException(at(key) + ": missing");
        }
        return map.get(key);
    }

    /** Whether an optional field is present (a field added in a later format revision). */
    boolean has(String key) {
        return map.containsKey(key);
    }

    boolean isNull(String key) throws InvalidDocumentException {
        return get(key) == null;
    }

    int integer(String key) throws InvalidDocumentException {
        return toInt(get(key), at(key));
    }

    double number(String key) throws InvalidDocumentException {
        return toDouble(get(key), at(key));
    }

    boolean bool(String key) throws InvalidDocumentException {
        Object v = get(key);
        if (!(v instanceof Boolean b)) {
            throw new InvalidDocumentException(at(key) + ": expected true or false, got " + describe(v));
        }
        return b;
    }

    String string(String key) throws InvalidDocumentException {
        Object v = get(key);
        if (!(v instanceof String str)) {
            throw new InvalidDocumentException(at(key) + ": expected a string, got " + describe(v));
        }
        return str;
    }

    JsonFields object(String key) throws InvalidDocumentException {
        return of(get(key), at(key));
    }

    List<Object> array(String key) throws InvalidDocumentException {
        Object v = get(key);
        if (!(v instanceof List<?> l)) {
            throw new InvalidDocumentException(at(key) + ": expected an array, got " + describe(v));
        }
        return new ArrayList<>(l);
    }

    List<JsonFields> objects(String key) throws InvalidDocumentException {
        List<Object> a = array(key);
        List<JsonFields> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(of(a.get(i), at(key) + "[" + i + "]"));
        }
        return out;
    }

    /** An object used as a map with free keys, e.g. thresholds by name. */
    Map<String, JsonFields> objectMap(String key) throws InvalidDocumentException {
        JsonFields o = object(key);
        Map<String, JsonFields> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : o.map.entrySet()) {
            out.put(e.getKey(), of(e.getValue(), o.at(e.getKey())));
        }
        return out;
    }

    /** Refuses fields that were not read. */
    void end() throws InvalidDocumentException {
        for (String k : map.keySet()) {
            if (!used.contains(k)) {
                throw new InvalidDocumentException(at(k) + ": unknown field");
            }
        }
    }

    /** Builds a record, naming this object in the message of the record's own range check. */
    <T> T build(Supplier<T> constructor) throws InvalidDocumentException {
        return build(path, constructor);
    }

    static <T> T build(String path, Supplier<T> constructor) throws InvalidDocumentException {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidDocumentException(where(path) + e.getMessage());
        }
    }

    static int toInt(Object v, String path) throws InvalidDocumentException {
        if (v instanceof Json.Num n && n.text().matches("-?[0-9]{1,10}")) {
            long x = Long.parseLong(n.text());
            if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) {
                return (int) x;
            }
        }
        throw new InvalidDocumentException(where(path) + "expected an integer, got " + describe(v));
    }

    static double toDouble(Object v, String path) throws InvalidDocumentException {
        if (v instanceof Json.Num n) {
            double d = Double.parseDouble(n.text());
            if (Double.isFinite(d)) {
                return d;
            }
        }
        throw new InvalidDocumentException(where(path) + "expected a finite number, got " + describe(v));
    }

    private static String where(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Json.Num n) {
            return n.text();
        }
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        return v.toString();
    }
}
