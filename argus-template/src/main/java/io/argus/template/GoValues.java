package io.argus.template;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Go's view of template values: type names, truth, and the kinds Go's builtins distinguish. Java
 * values stand for Go values as follows: {@link String} string, {@link Long} int, {@link Double}
 * float64, {@link Boolean} bool, {@code null} nil, plus {@link GoMap}, {@link GoSlice}, {@link
 * GoStruct}, {@link GoHtml} and {@link GoMethods}. Thread-safe.
 */
public final class GoValues {
  private GoValues() {}

  /** Go's basic kinds as the comparison functions see them. */
  enum Kind {
    INVALID,
    BOOL,
    INT,
    FLOAT,
    STRING,
    OTHER
  }

  static Kind kind(@Nullable Object v) {
    return switch (v) {
      case null -> Kind.INVALID;
      case Boolean b -> Kind.BOOL;
      case Long l -> Kind.INT;
      case Integer i -> Kind.INT;
      case Double d -> Kind.FLOAT;
      case String s -> Kind.STRING;
      case GoHtml h -> Kind.STRING;
      default -> Kind.OTHER;
    };
  }

  /** Normalises Java values handed in by callers (ints, maps, lists) to template values. */
  public static @Nullable Object of(@Nullable Object v) {
    return switch (v) {
      case Integer i -> (long) i;
      case Float f -> (double) f;
      case Map<?, ?> m -> {
        java.util.TreeMap<String, Object> copy = new java.util.TreeMap<>();
        boolean allStrings = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          Object value = of(e.getValue());
          allStrings &= value instanceof String;
          copy.put(String.valueOf(e.getKey()), value);
        }
        yield allStrings && !m.isEmpty()
            ? GoMap.ofStrings(castStrings(copy))
            : GoMap.ofValues(copy);
      }
      case java.util.List<?> l ->
          new GoSlice("[]interface {}", l.stream().map(GoValues::of).toList());
      case null, default -> v;
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> castStrings(Map<String, Object> m) {
    return (Map<String, String>) (Map<String, ?>) m;
  }

  /** The Go type name of a value as {@code %T} prints it. */
  public static String typeName(@Nullable Object v) {
    return switch (v) {
      case null -> "<nil>";
      case String s -> "string";
      case Long l -> "int";
      case Integer i -> "int";
      case Double d -> "float64";
      case Boolean b -> "bool";
      case GoHtml h -> "template.HTML";
      case GoMap m -> m.typeName();
      case GoSlice s -> s.typeName();
      case GoStruct s -> s.typeName();
      case GoMethods m -> m.typeName();
      default -> v.getClass().getSimpleName();
    };
  }

  /** Go's {@code isTrue}: the truth of a value in {@code if}, {@code with}, {@code and}, ... */
  public static boolean isTrue(@Nullable Object v) {
    return switch (v) {
      case null -> false;
      case Boolean b -> b;
      case Long l -> l != 0;
      case Integer i -> i != 0;
      case Double d -> d != 0;
      case String s -> !s.isEmpty();
      case GoHtml h -> !h.html().isEmpty();
      case GoMap m -> !m.entries().isEmpty();
      case GoSlice s -> !s.items().isEmpty();
      default -> true;
    };
  }

  static String stringOf(Object v) {
    return v instanceof GoHtml h ? h.html() : (String) v;
  }
}
