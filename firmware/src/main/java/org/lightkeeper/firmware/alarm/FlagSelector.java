package org.lightkeeper.firmware.alarm;

import java.util.Objects;

/**
 * Which flags an acknowledgement is for: every flag, every subject of a quantity, the four flags of
 * one subject, or one flag. Built through the factories; the fields that do not apply are null.
 */
public record FlagSelector(Quantity quantity, Subject subject, FlagKind kind) {
    public static FlagSelector all() {
        return new FlagSelector(null, null, null);
    }

    public static FlagSelector quantity(Quantity q) {
        return new FlagSelector(Objects.requireNonNull(q, "quantity"), null, null);
    }

    public static FlagSelector subject(Subject s) {
        return new FlagSelector(null, Objects.requireNonNull(s, "subject"), null);
    }

    public static FlagSelector flag(Subject s, FlagKind k) {
        return new FlagSelector(null, Objects.requireNonNull(s, "subject"), Objects.requireNonNull(k, "kind"));
    }

    public boolean matches(Subject s, FlagKind k) {
        if (subject != null) {
            return subject.equals(s) && (kind == null || kind == k);
        }
        return quantity == null || quantity == s.quantity();
    }

    /**
     * True when this names a particular subject or flag, which must then exist (a sweep over all
     * flags or a quantity may match none).
     */
    public boolean namesOne() {
        return subject != null;
    }

    @Override
    public String toString() {
        if (subject == null) {
            return quantity == null ? "all flags" : "every " + quantity.name().toLowerCase() + " flag";
        }
        return kind == null ? subject.toString() : kind.name().toLowerCase() + " flag on " + subject;
    }
}
