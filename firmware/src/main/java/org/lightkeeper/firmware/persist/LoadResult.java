package org.lightkeeper.firmware.persist;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link StateStore#load} found for one document.
 *
 * <ul>
 *   <li>{@link Status#LOADED}: the newest committed generation, intact. {@link #problems()} can still list
 *       {@link LoadProblem.Kind#INTERRUPTED_WRITE interrupted writes} (log them; no alarm).</li>
 *   <li>{@link Status#FELL_BACK}: one or more newer generations were rejected and an older one was loaded.
 *       The caller must raise an alarm carrying {@link #problems()}: the running configuration or
 *       calibration is older than the last one saved.</li>
 *   <li>{@link Status#NONE}: no intact generation. With no rejecting problems this is a first start (nothing
 *       was ever saved); otherwise every generation present was rejected, for the reasons listed, and the
 *       caller must raise an alarm. Never substitute defaults silently.</li>
 * </ul>
 *
 * @param generation the loaded generation, or -1 for {@link Status#NONE}
 * @param file the loaded file's name, or null for {@link Status#NONE}
 * @param problems every problem found on the way, newest file first
 */
public record LoadResult<T>(String document, Status status, T value, long generation, String file,
                            List<LoadProblem> problems) {

    public enum Status { LOADED, FELL_BACK, NONE }

    public LoadResult {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(status, "status");
        problems = List.copyOf(problems);
        if ((status == Status.NONE) != (value == null)) {
            throw new IllegalArgumentException("a " + status + " result " + (value == null ? "needs" : "has no")
                    + " value");
        }
    }

    static <T> LoadResult<T> none(String document, List<LoadProblem> problems) {
        return new LoadResult<>(document, Status.NONE, null, -1, null, problems);
    }

    public boolean found() {
        return status != Status.NONE;
    }

    public boolean fellBack() {
        return status == Status.FELL_BACK;
    }

    /** Whether the caller must raise an alarm: a generation was rejected (fallback, or nothing usable left). */
    public boolean needsAlarm() {
        return problems.stream().anyMatch(p -> p.kind().rejectsGeneration());
    }

    public Optional<T> optional() {
        return Optional.ofNullable(value);
    }

    /** The document; {@link NoSuchElementException} with the reasons when there is none. */
    public T orElseThrow() {
        if (value == null) {
            throw new NoSuchElementException(summary());
        }
        return value;
    }

    /** One line for a log or an alarm text. */
    public String summary() {
        StringBuilder s = new StringBuilder(document).append(": ");
        switch (status) {
            case LOADED -> s.append("loaded generation ").append(generation).append(" (").append(file).append(')');
            case FELL_BACK -> s.append("FELL BACK to generation ").append(generation).append(" (").append(file)
                    .append(") after rejecting newer files");
            case NONE -> s.append(problems.isEmpty() ? "no generation saved" : "no intact generation");
        }
        for (LoadProblem p : problems) {
            s.append("; ").append(p);
        }
        return s.toString();
    }
}
