package org.lightkeeper.firmware.persist;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Range checks shared by the document records; messages name the field and the value. */
final class Checks {
    private Checks() {
    }

    static int index(String field, int v) {
        if (v < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + v);
        }
        return v;
    }

    /** {@code lo <= v <= hi}, finite. */
    static double range(String field, double v, double lo, double hi, String unit) {
        if (!Double.isFinite(v) || v < lo || v > hi) {
            throw new IllegalArgumentException(field + " = " + v + " " + unit + " is out of range [" + lo + ", " + hi + "]");
        }
        return v;
    }

    /** {@code lo < v <= hi}, finite. */
    static double above(String field, double v, double lo, double hi, String unit) {
        if (!Double.isFinite(v) || v <= lo || v > hi) {
            throw new IllegalArgumentException(field + " = " + v + " " + unit + " is out of range (" + lo + ", " + hi + "]");
        }
        return v;
    }

    static double finite(String field, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be a finite number, got " + v);
        }
        return v;
    }

    static String text(String field, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < 0x20) {
                throw new IllegalArgumentException(field + " must not contain control characters");
            }
        }
        return v;
    }

    /** An immutable copy, refusing null elements and two elements with the same key. */
    static <T, K> List<T> unique(String what, List<T> list, Function<T, K> key) {
        List<T> copy = List.copyOf(list);
        Set<K> seen = new HashSet<>();
        for (T t : copy) {
            if (!seen.add(key.apply(t))) {
                throw new IllegalArgumentException("duplicate " + what + " " + key.apply(t));
            }
        }
        return copy;
    }
}
