package io.edgecdn.ops.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One mapping of the config tree (a YAML section, or the JSON body of an admin {@code PUT}): reads
 * keys by name with their defaults, checks types and ranges, and ({@link #done()}) rejects keys it
 * did not read. Every failure is a {@link ConfigException} whose message names the source, the
 * full key (e.g. {@code hls.window}) and what is wrong. Each module reads its own section with one
 * of these; the node's {@code ConfigLoader} composes them.
 */
public final class ConfigSection {
    private final JsonNode node;
    private final String prefix;
    private final String source;
    private final Set<String> used = new HashSet<>();

    /**
     * @param node the mapping; null or a JSON null reads as empty (every key takes its default)
     * @param prefix how its keys are named in messages, with the trailing dot ({@code "hls."}), or {@code ""} at the top
     * @param source what is read, first in every message (a file name, or {@code "body"})
     * @throws ConfigException when the node is not a mapping
     */
    public ConfigSection(JsonNode node, String prefix, String source) {
        if (node != null && !node.isObject() && !node.isNull()) {
            throw new ConfigException(source + ": " + (prefix.isEmpty() ? "the top level" : prefix.substring(0, prefix.length() - 1))
                    + " must be a mapping of keys");
        }
        this.node = node;
        this.prefix = prefix;
        this.source = source;
    }

    /** Whether the mapping is absent or has no keys. */
    public boolean isEmpty() {
        return node == null || node.isNull() || node.isEmpty();
    }

    /** Whether {@code key} is given (even as null). */
    public boolean has(String key) {
        return node != null && node.has(key);
    }

    /** The value at {@code key} as it is (null when absent), marked as read. */
    public JsonNode raw(String key) {
        used.add(key);
        return node == null ? null : node.get(key);
    }

    /** The mapping at {@code key} (empty when absent). */
    public ConfigSection section(String key) {
        return new ConfigSection(raw(key), prefix + key + ".", source);
    }

    /** An error about {@code key} of this section: "{source}: {prefix}{key} {what}". */
    public ConfigException bad(String key, String what) {
        return new ConfigException(source + ": " + prefix + key + " " + what);
    }

    /** An error about this section as a whole: "{source}: {message}" (the message names the keys, see {@link #key}). */
    public ConfigException error(String message) {
        return new ConfigException(source + ": " + message);
    }

    /** An error about this section caused by a record's own validation. */
    public ConfigException error(String message, Throwable cause) {
        return new ConfigException(source + ": " + message, cause);
    }

    /** The full name of {@code key} in messages, e.g. {@code hls.window}; the section itself when {@code key} is empty. */
    public String key(String key) {
        return key.isEmpty() && !prefix.isEmpty() ? prefix.substring(0, prefix.length() - 1) : prefix + key;
    }

    /** What is read, as given to the constructor. */
    public String source() {
        return source;
    }

    /**
     * The list at {@code key}, each element a mapping read with its own section ({@code key[i].}).
     * Absent or null: an empty list.
     *
     * @throws ConfigException when the value is not a list
     */
    public List<ConfigSection> sections(String key, String shape) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw bad(key, "must be a list of " + shape);
        }
        List<ConfigSection> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(new ConfigSection(v.get(i), prefix + key + "[" + i + "].", source));
        }
        return out;
    }

    /** A string (any scalar's text); {@code def} when absent or null. */
    public String string(String key, String def) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isValueNode()) {
            throw bad(key, "must be a string");
        }
        return v.asText();
    }

    /** {@code true} or {@code false}; {@code def} when absent. */
    public boolean bool(String key, boolean def) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isBoolean()) {
            throw bad(key, "must be true or false, got '" + v.asText() + "'");
        }
        return v.booleanValue();
    }

    /** A number within {@code [min, max]}; {@code def} when absent. */
    public double number(String key, double def, double min, double max) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isNumber()) {
            throw bad(key, "must be a number, got '" + v.asText() + "'");
        }
        double x = v.doubleValue();
        if (x < min || x > max) {
            throw bad(key, "must be between " + min + " and " + max + ", got " + x);
        }
        return x;
    }

    /** A whole number within {@code [min, max]}; {@code def} when absent. */
    public int intIn(String key, int def, int min, int max) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw bad(key, "must be a whole number, got '" + v.asText() + "'");
        }
        int i = v.intValue();
        if (i < min || i > max) {
            throw bad(key, "must be between " + min + " and " + max + ", got " + i);
        }
        return i;
    }

    /** A duration ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}); {@code def} when absent. */
    public Duration duration(String key, Duration def) {
        String s = string(key, null);
        if (s == null) {
            return def;
        }
        try {
            return ConfigValues.parseDuration(s);
        } catch (IllegalArgumentException e) {
            throw bad(key, e.getMessage());
        }
    }

    /** A bitrate in bits per second ({@code 1200000}, {@code 1200k}, {@code 1.2M}); {@code def} when absent. */
    public long bits(String key, long def) {
        String s = string(key, null);
        if (s == null) {
            return def;
        }
        try {
            return ConfigValues.parseBits(s);
        } catch (IllegalArgumentException e) {
            throw bad(key, e.getMessage());
        }
    }

    /** A size in bytes above 0 ({@code 1048576}, {@code 512KiB}, {@code 16MiB}); {@code def} when absent. */
    public long size(String key, long def) {
        String s = string(key, null);
        if (s == null) {
            return def;
        }
        try {
            long n = ConfigValues.parseSize(s);
            if (n <= 0) {
                throw new IllegalArgumentException("must be above 0");
            }
            return n;
        } catch (IllegalArgumentException e) {
            throw bad(key, e.getMessage());
        }
    }

    /** A list of strings; empty when absent. */
    public List<String> stringList(String key) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw bad(key, "must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isValueNode()) {
                throw bad(key, "must be a list of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    /**
     * Ends the reading of this section.
     *
     * @throws ConfigException naming the first key that was given but not read (unknown to the reader)
     */
    public void done() {
        if (node == null || node.isNull()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!used.contains(k)) {
                throw new ConfigException(source + ": unknown key " + prefix + k + " (see edge.example.yaml for the keys)");
            }
        }
    }
}
