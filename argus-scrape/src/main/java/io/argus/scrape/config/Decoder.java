package io.argus.scrape.config;

import io.argus.scrape.config.YamlNode.Entry;
import io.argus.scrape.config.YamlNode.MapNode;
import io.argus.scrape.config.YamlNode.ScalarNode;
import io.argus.scrape.config.YamlNode.SeqNode;
import io.argus.util.ByteSizes;
import io.argus.util.PrometheusDurations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Walks a {@link YamlNode} tree the way Go's strict YAML decoder fills structs: type mismatches,
 * unknown and repeated fields are collected (Go reports them together), while a bad value of a
 * field with its own syntax (durations, regexes, …) or a failed validation aborts at once. Not
 * thread-safe; one per load.
 */
final class Decoder {
  private record Problem(int line, String text) {}

  private final String file;
  private final List<Problem> problems = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();

  Decoder(String file) {
    this.file = file;
  }

  /** An immediate error naming the line and field. */
  ConfigException fail(int line, String field, String message) {
    return new ConfigException(file, "line " + line + ": field " + field + ": " + message);
  }

  /** Throws the collected type and field errors, if any, in line order. */
  void throwCollected() {
    if (problems.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder("yaml: unmarshal errors:");
    problems.stream()
        .sorted(Comparator.comparingInt(Problem::line))
        .forEach(p -> sb.append("\n  line ").append(p.line).append(": ").append(p.text));
    throw new ConfigException(file, sb.toString());
  }

  void typeError(YamlNode node, String goType, String field) {
    String shown =
        node instanceof ScalarNode s
            ? "cannot unmarshal " + s.tag() + " `" + s.text() + "` into " + goType
            : "cannot unmarshal " + node.tag() + " into " + goType;
    problems.add(new Problem(node.line(), "field " + field + ": " + shown));
  }

  static boolean isNull(@Nullable YamlNode n) {
    return n == null || (n instanceof ScalarNode s && s.isNull());
  }

  /** Opens a struct of Go type {@code goType}; a null node gives an empty struct. */
  Obj obj(@Nullable YamlNode node, String goType, String field) {
    if (isNull(node)) {
      return new Obj(new MapNode(0, Map.of(), List.of()), goType);
    }
    if (node instanceof MapNode m) {
      return new Obj(m, goType);
    }
    typeError(node, goType, field);
    return new Obj(new MapNode(node.line(), Map.of(), List.of()), goType);
  }

  /** A struct being decoded; call {@link #end()} after reading every field it knows. */
  final class Obj {
    private final MapNode map;
    private final String goType;
    private final Set<String> known = new HashSet<>();
    private final int problemsBefore = problems.size();

    private Obj(MapNode map, String goType) {
      this.map = map;
      this.goType = goType;
    }

    /**
     * A failed validation of this struct. As in Go, a struct whose fields did not decode is not
     * validated: the decoding errors collected so far are reported instead.
     */
    ConfigException invalid(String key, String message) {
      return invalidAt(line(key), key, message);
    }

    /** As {@link #invalid} but naming {@code field} at the struct's own line. */
    ConfigException invalidAt(int line, String field, String message) {
      if (problems.size() > problemsBefore) {
        throwCollected();
      }
      return Decoder.this.fail(line, field, message);
    }

    /** Line of the struct itself. */
    int line() {
      return map.line();
    }

    /** Line of {@code key}, or of the struct when absent. */
    int line(String key) {
      Entry e = map.entries().get(key);
      return e == null ? map.line() : e.keyLine();
    }

    boolean has(String key) {
      known.add(key);
      return !isNull(raw(key));
    }

    @Nullable YamlNode raw(String key) {
      known.add(key);
      Entry e = map.entries().get(key);
      return e == null ? null : e.value();
    }

    Set<String> keys() {
      return map.entries().keySet();
    }

    ConfigException fail(String key, String message) {
      return Decoder.this.fail(line(key), key, message);
    }

    @Nullable String strOrNull(String key) {
      YamlNode n = raw(key);
      if (isNull(n)) {
        return null;
      }
      if (n instanceof ScalarNode s) {
        return s.text();
      }
      typeError(n, "string", key);
      return null;
    }

    String str(String key, String def) {
      String s = strOrNull(key);
      return s == null ? def : s;
    }

    boolean bool(String key, boolean def) {
      YamlNode n = raw(key);
      if (isNull(n)) {
        return def;
      }
      if (n instanceof ScalarNode s && s.tag().equals("!!bool")) {
        return Boolean.parseBoolean(s.text());
      }
      typeError(n, "bool", key);
      return def;
    }

    /** An unsigned integer field ({@code goType} names it in errors: uint, uint64, int). */
    long integer(String key, long def, String goType) {
      YamlNode n = raw(key);
      if (isNull(n)) {
        return def;
      }
      if (n instanceof ScalarNode s && s.tag().equals("!!int")) {
        try {
          String digits = s.text().replace("_", "");
          if (goType.equals("uint64") && !digits.startsWith("-")) {
            return Long.parseUnsignedLong(digits);
          }
          long v = Long.parseLong(digits);
          if (v >= 0 || goType.equals("int") || goType.equals("int64")) {
            return v;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      typeError(n, goType, key);
      return def;
    }

    long duration(String key, long defMillis) {
      String s = strOrNull(key);
      if (s == null) {
        return defMillis;
      }
      try {
        return PrometheusDurations.parse(s);
      } catch (IllegalArgumentException e) {
        throw fail(key, e.getMessage());
      }
    }

    long size(String key, long def) {
      String s = strOrNull(key);
      if (s == null) {
        return def;
      }
      try {
        return ByteSizes.parse(s);
      } catch (IllegalArgumentException e) {
        throw fail(key, e.getMessage());
      }
    }

    List<String> strings(String key) {
      return list(key, "[]string", (n, i) -> scalarText(n, "string", key));
    }

    Map<String, String> stringMap(String key, String goType) {
      YamlNode n = raw(key);
      if (isNull(n)) {
        return Map.of();
      }
      if (!(n instanceof MapNode m)) {
        typeError(n, goType, key);
        return Map.of();
      }
      for (Entry d : m.duplicates()) {
        problems.add(new Problem(d.keyLine(), "key \"" + d.key() + "\" already set in map"));
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (Entry e : m.entries().values()) {
        String v = isNull(e.value()) ? "" : scalarText(e.value(), "string", key + "." + e.key());
        out.put(e.key(), v);
      }
      return out;
    }

    /** Decodes a sequence; {@code each} gets the item and its index. */
    <T> List<T> list(String key, String goType, ItemDecoder<T> each) {
      YamlNode n = raw(key);
      if (isNull(n)) {
        return List.of();
      }
      if (!(n instanceof SeqNode s)) {
        typeError(n, goType, key);
        return List.of();
      }
      List<T> out = new ArrayList<>(s.items().size());
      for (int i = 0; i < s.items().size(); i++) {
        T v = each.decode(s.items().get(i), i);
        if (v != null) {
          out.add(v);
        }
      }
      return out;
    }

    /** Decodes a nested struct; a missing field gives {@code decode(null-struct)}. */
    <T> T nested(String key, String goType, Function<Obj, T> decode) {
      return decode.apply(obj(raw(key), goType, key));
    }

    /** Reports fields not read and repeated fields. */
    void end() {
      for (Entry e : map.entries().values()) {
        if (!known.contains(e.key())) {
          problems.add(
              new Problem(e.keyLine(), "field " + e.key() + " not found in type " + goType));
        }
      }
      for (Entry d : map.duplicates()) {
        problems.add(
            new Problem(d.keyLine(), "field " + d.key() + " already set in type " + goType));
      }
    }
  }

  /** Decodes one item of a sequence; null results are skipped. */
  interface ItemDecoder<T> {
    @Nullable T decode(YamlNode item, int index);
  }

  String scalarText(YamlNode n, String goType, String field) {
    if (n instanceof ScalarNode s && !s.isNull()) {
      return s.text();
    }
    if (!isNull(n)) {
      typeError(n, goType, field);
    }
    return "";
  }
}
