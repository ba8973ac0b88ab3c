package org.lightkeeper.firmware.grpc.security;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.logging.Logger;

/**
 * Every management write, allowed or refused: who, what, when and the result. The last
 * {@code capacity} records are kept in memory for {@link #recent()}; each is also written as one line
 * to the {@code java.util.logging} logger {@value #LOGGER_NAME}, so a site can route it to a file or
 * syslog with an ordinary logging configuration.
 */
public final class AuditLog {
    public static final String LOGGER_NAME = "lightkeeper.audit";
    private static final Logger LOG = Logger.getLogger(LOGGER_NAME);

    /**
     * One audited call.
     *
     * @param principal certificate CN, "local" or "anonymous"
     * @param role the role the caller had (viewer, operator, admin), or "none" for an unknown CN
     * @param method full gRPC method name, e.g. {@code lightkeeper.v1.LaserService/SetLaneEnabled}
     * @param request the request as compact protobuf text; "(not read)" when refused before reading
     * @param firmwareNs firmware clock when the call ended, ns
     * @param wallTime wall-clock time when the call ended
     * @param status gRPC status code name (OK, PERMISSION_DENIED, ...)
     * @param detail status description, empty when none
     */
    public record Entry(String principal, String role, String method, String request, long firmwareNs, Instant wallTime,
                        String status, String detail) {
        /** The log line: key=value pairs, values with spaces quoted. */
        public String line() {
            return "who=" + principal + " role=" + role + " method=" + method + " status=" + status
                    + " fw_ns=" + firmwareNs + " wall=" + wallTime + " request=" + quote(request)
                    + (detail.isEmpty() ? "" : " detail=" + quote(detail));
        }

        private static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
        }
    }

    private final int capacity;
    private final ArrayDeque<Entry> entries;
    private long total;

    public AuditLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("audit log capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    public void record(Entry e) {
        synchronized (this) {
            if (entries.size() == capacity) {
                entries.removeFirst();
            }
            entries.addLast(e);
            total++;
        }
        LOG.info(e.line());
    }

    /** The kept records, oldest first. */
    public synchronized List<Entry> recent() {
        return List.copyOf(entries);
    }

    /** Records ever written, including those no longer kept. */
    public synchronized long total() {
        return total;
    }
}
