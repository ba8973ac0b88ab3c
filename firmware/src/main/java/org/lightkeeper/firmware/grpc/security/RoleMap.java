package org.lightkeeper.firmware.grpc.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Client certificate subject CN to role, from a roles file of {@code CN=role} lines:
 *
 * <pre>
 * # who may do what on this switch
 * noc-dashboard=viewer
 * alice=operator
 * bringup-bot=admin
 * </pre>
 *
 * Blank lines and lines starting with {@code #} are ignored. The CN is everything before the last
 * {@code =}, trimmed; the role is viewer, operator or admin. A CN listed twice is an error. A CN not
 * listed has no role and is refused.
 */
public final class RoleMap {
    private final Map<String, Role> roles;

    public RoleMap(Map<String, Role> roles) {
        this.roles = Map.copyOf(roles);
    }

    /** Reads a roles file; errors name the file and line. */
    public static RoleMap load(Path file) throws IOException {
        return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static RoleMap parse(String source, List<String> lines) {
        Map<String, Role> m = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.lastIndexOf('=');
            String where = source + ":" + (i + 1) + ": ";
            if (eq <= 0) {
                throw new IllegalArgumentException(where + "expected CN=role, got '" + line + "'");
            }
            String cn = line.substring(0, eq).strip();
            Role role;
            try {
                role = Role.parse(line.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            if (m.putIfAbsent(cn, role) != null) {
                throw new IllegalArgumentException(where + "CN '" + cn + "' listed twice");
            }
        }
        return new RoleMap(m);
    }

    public Optional<Role> roleOf(String cn) {
        return Optional.ofNullable(roles.get(cn));
    }

    public int size() {
        return roles.size();
    }
}
