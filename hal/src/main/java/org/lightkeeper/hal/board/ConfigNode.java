package org.lightkeeper.hal.board;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A strict, line-aware view of one YAML mapping. Every accessor fails with a
 * {@link BoardFileException} naming the file and line; {@link #requireNoUnknownKeys()} turns a typo
 * into an error instead of a silently ignored setting.
 */
public final class ConfigNode {
    private final String file;
    private final Node node;
    private final Map<String, Node> entries = new LinkedHashMap<>();
    private final Set<String> used = new LinkedHashSet<>();

    ConfigNode(String file, Node node) {
        this.file = file;
        this.node = node;
        if (!(node instanceof MappingNode m)) {
            throw new BoardFileException(file, line(node), "expected a mapping of key: value");
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new BoardFileException(file, line(t.getKeyNode()), "keys must be plain words");
            }
            if (entries.put(k.getValue(), t.getValueNode()) != null) {
                throw new BoardFileException(file, line(k), "duplicate key '" + k.getValue() + "'");
            }
        }
    }

    /** Parses a whole YAML document (a scenario file, say) into a strict, line-aware mapping. */
    public static ConfigNode parse(String file, java.io.Reader reader) {
        Node root;
        try {
            org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new org.yaml.snakeyaml.Yaml(options).compose(reader);
        } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new BoardFileException(file, line, "not valid YAML: " + e.getProblem());
        }
        if (root == null) {
            throw new BoardFileException(file, 1, "empty file");
        }
        return new ConfigNode(file, root);
    }

    static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }

    public String file() {
        return file;
    }

    /** 1-based line where this mapping starts. */
    public int line() {
        return line(node);
    }

    public int lineOf(String key) {
        Node n = entries.get(key);
        return n == null ? line() : line(n);
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public BoardFileException error(String key, String fault) {
        return new BoardFileException(file, lineOf(key), fault);
    }

    private Node require(String key) {
        used.add(key);
        Node n = entries.get(key);
        if (n == null) {
            throw new BoardFileException(file, line(), "missing required key '" + key + "'");
        }
        return n;
    }

    private String scalar(String key) {
        Node n = require(key);
        if (!(n instanceof ScalarNode s)) {
            throw new BoardFileException(file, line(n), "'" + key + "' must be a single value");
        }
        return s.getValue().trim();
    }

    public String string(String key) {
        String v = scalar(key);
        if (v.isEmpty()) {
            throw error(key, "'" + key + "' must not be empty");
        }
        return v;
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    /** An integer, decimal or 0x-hex, within [min, max]. */
    public int integer(String key, int min, int max) {
        String v = scalar(key);
        long value;
        try {
            value = Long.decode(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(key, "'" + key + "' must be an integer, got '" + v + "'");
        }
        if (value < min || value > max) {
            throw error(key, String.format("'%s' = %s is outside %s..%s", key, v, fmt(key, min), fmt(key, max)));
        }
        return (int) value;
    }

    private static String fmt(String key, int v) {
        return key.contains("address") ? String.format("0x%02X", v) : Integer.toString(v);
    }

    public int integer(String key, int min, int max, int fallback) {
        return has(key) ? integer(key, min, max) : fallback;
    }

    /** A finite number within [min, max]. */
    public double number(String key, double min, double max) {
        String v = scalar(key);
        double value;
        try {
            value = Double.parseDouble(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(key, "'" + key + "' must be a number, got '" + v + "'");
        }
        if (!(value >= min && value <= max)) {
            throw error(key, "'" + key + "' = " + v + " is outside " + min + ".." + max);
        }
        return value;
    }

    public double number(String key, double min, double max, double fallback) {
        return has(key) ? number(key, min, max) : fallback;
    }

    public long longInteger(String key, long fallback) {
        if (!has(key)) {
            return fallback;
        }
        String v = scalar(key);
        try {
            return Long.decode(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(key, "'" + key + "' must be an integer, got '" + v + "'");
        }
    }

    public ConfigNode map(String key) {
        return new ConfigNode(file, require(key));
    }

    /** A list of mappings; an absent key is an empty list only when {@code optional}. */
    public List<ConfigNode> list(String key, boolean optional) {
        if (optional && !has(key)) {
            used.add(key);
            return List.of();
        }
        Node n = require(key);
        if (!(n instanceof SequenceNode s)) {
            throw new BoardFileException(file, line(n), "'" + key + "' must be a list");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (Node item : s.getValue()) {
            out.add(new ConfigNode(file, item));
        }
        return out;
    }

    /** Fails on any key no accessor asked for: a misspelt key is an error, not a default. */
    public void requireNoUnknownKeys() {
        for (String k : entries.keySet()) {
            if (!used.contains(k)) {
                throw new BoardFileException(file, lineOf(k), "unknown key '" + k + "'");
            }
        }
    }

    /** Marks a key as read by another layer (the simulator's physics section). */
    public void markUsed(String key) {
        used.add(key);
    }
}
