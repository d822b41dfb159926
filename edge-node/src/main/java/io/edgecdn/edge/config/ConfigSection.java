package io.edgecdn.edge.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** One mapping in the YAML tree: reads keys by name and reports unknown ones. */
final class ConfigSection {
    private final JsonNode node;
    private final String prefix;
    private final String source;
    private final Set<String> used = new HashSet<>();

    ConfigSection(JsonNode node, String prefix, String source) {
        if (node != null && !node.isObject() && !node.isNull()) {
            throw new ConfigException(source + ": " + (prefix.isEmpty() ? "the top level" : prefix.substring(0, prefix.length() - 1))
                    + " must be a mapping of keys");
        }
        this.node = node;
        this.prefix = prefix;
        this.source = source;
    }

    boolean isEmpty() {
        return node == null || node.isNull() || node.isEmpty();
    }

    boolean has(String key) {
        return node != null && node.has(key);
    }

    JsonNode raw(String key) {
        used.add(key);
        return node == null ? null : node.get(key);
    }

    ConfigSection section(String key) {
        return new ConfigSection(raw(key), prefix + key + ".", source);
    }

    private ConfigException bad(String key, String what) {
        return new ConfigException(source + ": " + prefix + key + " " + what);
    }

    String string(String key, String def) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isValueNode()) {
            throw bad(key, "must be a string");
        }
        return v.asText();
    }

    boolean bool(String key, boolean def) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isBoolean()) {
            throw bad(key, "must be true or false, got '" + v.asText() + "'");
        }
        return v.booleanValue();
    }

    double number(String key, double def, double min, double max) {
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

    int intIn(String key, int def, int min, int max) {
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

    Duration duration(String key, Duration def) {
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

    /** A bitrate in bits per second: {@code 1200000}, {@code 1200k}, {@code 1.2M}. */
    long bits(String key, long def) {
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

    long size(String key, long def) {
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

    List<String> stringList(String key) {
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

    void done() {
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
