package io.argus.alertmanager.config;

import io.argus.alertmanager.config.YamlNode.Entry;
import io.argus.alertmanager.config.YamlNode.MapNode;
import io.argus.alertmanager.config.YamlNode.ScalarNode;
import io.argus.alertmanager.config.YamlNode.SeqNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Walks a {@link YamlNode} tree the way gopkg.in/yaml.v2's strict decoder fills Go structs: type
 * mismatches, unknown and repeated fields are collected and reported together ({@code yaml:
 * unmarshal errors:}), and a struct with such problems is not validated; a failed validation or a
 * bad value of a field with its own syntax (durations, URLs, regexes) is thrown at once, alone. Not
 * thread-safe; one per load.
 */
final class Decoder {
  private record Problem(int line, long pos, String text) {}

  private final List<Problem> problems = new ArrayList<>();

  /** Throws the collected type and field errors, if any, in line order. */
  void throwCollected() throws ConfigException {
    if (problems.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder("yaml: unmarshal errors:");
    problems.stream()
        .sorted(Comparator.comparingLong(Problem::pos))
        .forEach(p -> sb.append("\n  line ").append(p.line).append(": ").append(p.text));
    throw new ConfigException(sb.toString());
  }

  int problemCount() {
    return problems.size();
  }

  void typeError(YamlNode node, String goType) {
    String shown =
        node instanceof ScalarNode s
            ? "cannot unmarshal " + s.tag() + " `" + s.text() + "` into " + goType
            : "cannot unmarshal " + node.tag() + " into " + goType;
    problems.add(new Problem(node.line(), node.pos(), shown));
  }

  static boolean isNull(@Nullable YamlNode n) {
    return n == null || (n instanceof ScalarNode s && s.isNull());
  }

  /** Opens a struct of Go type {@code goType}; a null node gives an empty struct. */
  Obj obj(@Nullable YamlNode node, String goType) {
    if (isNull(node)) {
      return new Obj(new MapNode(0, 0, Map.of(), List.of()), goType);
    }
    if (node instanceof MapNode m) {
      return new Obj(m, goType);
    }
    typeError(node, goType);
    return new Obj(new MapNode(node.line(), node.pos(), Map.of(), List.of()), goType);
  }

  /** Text of a scalar decoded into a Go string; other nodes are type errors. */
  String scalarText(YamlNode n, String goType) {
    if (n instanceof ScalarNode s && !s.isNull()) {
      return s.text();
    }
    if (!isNull(n)) {
      typeError(n, goType);
    }
    return "";
  }

  /** Decodes one item of a sequence. */
  @FunctionalInterface
  interface ItemDecoder<T> {
    T decode(YamlNode item) throws ConfigException;
  }

  /** Decodes a nested struct. */
  @FunctionalInterface
  interface StructDecoder<T> {
    T decode(Obj o) throws ConfigException;
  }

  /** A struct being decoded; call {@link #end()} after reading every field it knows. */
  final class Obj {
    private final MapNode map;
    private final String goType;
    private final Set<String> known = new HashSet<>();
    private final int problemsBefore = problems.size();
    private boolean ended;

    private Obj(MapNode map, String goType) {
      this.map = map;
      this.goType = goType;
    }

    /**
     * Reports unknown and repeated fields and returns whether the struct decoded cleanly (no
     * problem inside it), i.e. whether Go would go on to validate it.
     */
    boolean end() {
      if (!ended) {
        ended = true;
        for (Entry e : map.entries().values()) {
          if (!known.contains(e.key())) {
            problems.add(
                new Problem(
                    e.keyLine(), e.keyPos(), "field " + e.key() + " not found in type " + goType));
          }
        }
        for (Entry d : map.duplicates()) {
          problems.add(
              new Problem(
                  d.keyLine(), d.keyPos(), "field " + d.key() + " already set in type " + goType));
        }
      }
      return problems.size() == problemsBefore;
    }

    int line() {
      return map.line();
    }

    /** The keys in document order. */
    List<String> keys() {
      return List.copyOf(map.entries().keySet());
    }

    /** Whether the key is present and not null. */
    boolean has(String key) {
      return !isNull(raw(key));
    }

    /** Whether the key is present at all (even with a null value). */
    boolean present(String key) {
      known.add(key);
      return map.entries().containsKey(key);
    }

    @Nullable YamlNode raw(String key) {
      known.add(key);
      Entry e = map.entries().get(key);
      return e == null ? null : e.value();
    }

    @Nullable String strOrNull(String key) {
      YamlNode n = raw(key);
      if (isNull(n)) {
        return null;
      }
      if (n instanceof ScalarNode s) {
        return s.text();
      }
      typeError(n, "string");
      return null;
    }

    /** A string field; absent or null gives {@code def}. */
    String str(String key, String def) {
      String s = strOrNull(key);
      return s == null ? def : s;
    }

    String str(String key) {
      return str(key, "");
    }

    /** A string field whose Go type unmarshals through a named type (e.g. Secret). */
    String str(String key, String def, String goType) {
      YamlNode n = raw(key);
      if (isNull(n)) {
        return def;
      }
      if (n instanceof ScalarNode s) {
        return s.text();
      }
      typeError(n, goType);
      return def;
    }

    boolean bool(String key, boolean def) {
      YamlNode n = raw(key);
      if (isNull(n)) {
        return n == null ? def : false;
      }
      if (n instanceof ScalarNode s && s.tag().equals("!!bool")) {
        return switch (s.text().toLowerCase(java.util.Locale.ROOT)) {
          case "true", "yes", "on", "y" -> true;
          default -> false;
        };
      }
      typeError(n, "bool");
      return def;
    }

    /** An integer field of Go type {@code goType} (int64, uint64, int). */
    long integer(String key, long def, String goType) {
      YamlNode n = raw(key);
      if (isNull(n)) {
        return def;
      }
      if (n instanceof ScalarNode s && s.tag().equals("!!int")) {
        try {
          String digits = s.text().replace("_", "");
          if (goType.startsWith("uint")) {
            if (!digits.startsWith("-")) {
              return Long.parseUnsignedLong(digits.startsWith("+") ? digits.substring(1) : digits);
            }
          } else {
            return Long.parseLong(digits);
          }
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      typeError(n, goType);
      return def;
    }

    /** A Prometheus duration ({@code model.Duration}); null when absent. */
    @Nullable Long duration(String key) throws ConfigException {
      String s = strOrNull(key);
      if (s == null) {
        return null;
      }
      return Durations.parseModel(s);
    }

    /** A list of strings of Go type {@code goType}; elements are Go strings. */
    List<String> strings(String key, String goType) throws ConfigException {
      return list(key, goType, n -> scalarText(n, "string"));
    }

    /** A string map of Go type {@code goType}; null values become "". */
    Map<String, String> stringMap(String key, String goType) {
      YamlNode n = raw(key);
      if (isNull(n)) {
        return Map.of();
      }
      if (!(n instanceof MapNode m)) {
        typeError(n, goType);
        return Map.of();
      }
      for (Entry d : m.duplicates()) {
        problems.add(
            new Problem(d.keyLine(), d.keyPos(), "key \"" + d.key() + "\" already set in map"));
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (Entry e : m.entries().values()) {
        String v = isNull(e.value()) ? "" : scalarText(e.value(), "string");
        out.put(e.key(), v);
      }
      return out;
    }

    /** Decodes a sequence of Go type {@code goType}. */
    <T> List<T> list(String key, String goType, ItemDecoder<T> each) throws ConfigException {
      YamlNode n = raw(key);
      if (isNull(n)) {
        return List.of();
      }
      if (!(n instanceof SeqNode s)) {
        typeError(n, goType);
        return List.of();
      }
      List<T> out = new ArrayList<>(s.items().size());
      for (YamlNode item : s.items()) {
        out.add(each.decode(item));
      }
      return out;
    }

    /** Decodes a nested struct; an absent field gives {@code decode(empty struct)}. */
    <T> T nested(String key, String goType, StructDecoder<T> decode) throws ConfigException {
      return decode.decode(obj(raw(key), goType));
    }
  }
}
