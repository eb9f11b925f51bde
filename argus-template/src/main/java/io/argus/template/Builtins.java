package io.argus.template;

import static io.argus.template.GoFunction.Param.ANY;
import static io.argus.template.GoFunction.Param.STRING;
import static io.argus.template.GoFunction.Param.VALUE;

import io.argus.template.GoValues.Kind;
import io.argus.template.parse.GoStrings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Go's predefined template functions with their Go signatures and messages. Thread-safe. */
final class Builtins {
  static final String BAD_COMPARISON_TYPE = "invalid type for comparison";
  static final String BAD_COMPARISON = "incompatible types for comparison";
  static final String NO_COMPARISON = "missing argument for comparison";

  private Builtins() {}

  static final Map<String, GoFunction> FUNCTIONS =
      List.of(
              GoFunction.variadic("and", a -> a.getLast(), VALUE, VALUE),
              GoFunction.variadic("or", a -> a.getLast(), VALUE, VALUE),
              GoFunction.of("not", a -> !GoValues.isTrue(a.getFirst()), VALUE),
              GoFunction.variadic("index", Builtins::index, VALUE, VALUE),
              GoFunction.variadic("slice", Builtins::slice, VALUE, VALUE),
              GoFunction.of("len", a -> length(a.getFirst()), VALUE),
              GoFunction.variadic("print", GoFmt::sprint, ANY),
              GoFunction.variadic("println", GoFmt::sprintln, ANY),
              GoFunction.variadic(
                  "printf",
                  a -> GoFmt.sprintf((String) a.getFirst(), a.subList(1, a.size())),
                  STRING,
                  ANY),
              GoFunction.variadic("html", a -> htmlEscape(evalArgs(a)), ANY),
              GoFunction.variadic("js", a -> jsEscape(evalArgs(a)), ANY),
              GoFunction.variadic("urlquery", a -> GoUrls.queryEscape(evalArgs(a)), ANY),
              GoFunction.variadic(
                  "eq", a -> eq(a.getFirst(), a.subList(1, a.size())), VALUE, VALUE),
              GoFunction.of(
                  "ne",
                  a -> !eq(a.get(0), java.util.Collections.singletonList(a.get(1))),
                  VALUE,
                  VALUE),
              GoFunction.of("lt", a -> lt(a.get(0), a.get(1)), VALUE, VALUE),
              GoFunction.of("le", a -> le(a.get(0), a.get(1)), VALUE, VALUE),
              GoFunction.of("gt", a -> !le(a.get(0), a.get(1)), VALUE, VALUE),
              GoFunction.of("ge", a -> !lt(a.get(0), a.get(1)), VALUE, VALUE))
          .stream()
          .collect(Collectors.toUnmodifiableMap(GoFunction::name, Function.identity()));

  static boolean eq(@Nullable Object arg1, List<@Nullable Object> others)
      throws TemplateFunctionException {
    if (others.isEmpty()) {
      throw new TemplateFunctionException(NO_COMPARISON);
    }
    Kind k1 = GoValues.kind(arg1);
    for (Object arg : others) {
      Kind k2 = GoValues.kind(arg);
      boolean truth;
      if (k1 != k2) {
        if (arg1 != null && arg != null) {
          throw new TemplateFunctionException(BAD_COMPARISON);
        }
        truth = false;
      } else {
        truth =
            switch (k1) {
              case BOOL -> arg1.equals(arg);
              case FLOAT -> ((Double) arg1).doubleValue() == (Double) arg;
              case INT -> ((Number) arg1).longValue() == ((Number) arg).longValue();
              case STRING -> GoValues.stringOf(arg1).equals(GoValues.stringOf(arg));
              case INVALID -> true;
              case OTHER -> {
                if (arg1 instanceof GoMap || arg1 instanceof GoSlice) {
                  throw new TemplateFunctionException(
                      "non-comparable type "
                          + GoFmt.valueString(arg1)
                          + ": "
                          + GoValues.typeName(arg1));
                }
                yield arg1 == arg;
              }
            };
      }
      if (truth) {
        return true;
      }
    }
    return false;
  }

  static boolean lt(@Nullable Object a, @Nullable Object b) throws TemplateFunctionException {
    Kind k1 = GoValues.kind(a);
    if (k1 == Kind.INVALID || k1 == Kind.OTHER) {
      throw new TemplateFunctionException(BAD_COMPARISON_TYPE);
    }
    Kind k2 = GoValues.kind(b);
    if (k2 == Kind.INVALID || k2 == Kind.OTHER) {
      throw new TemplateFunctionException(BAD_COMPARISON_TYPE);
    }
    if (k1 != k2) {
      throw new TemplateFunctionException(BAD_COMPARISON);
    }
    return switch (k1) {
      case FLOAT -> (Double) a < (Double) b;
      case INT -> ((Number) a).longValue() < ((Number) b).longValue();
      case STRING -> compareBytes(GoValues.stringOf(a), GoValues.stringOf(b)) < 0;
      default -> throw new TemplateFunctionException(BAD_COMPARISON_TYPE);
    };
  }

  private static int compareBytes(String a, String b) {
    return java.util.Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  static boolean le(@Nullable Object a, @Nullable Object b) throws TemplateFunctionException {
    if (lt(a, b)) {
      return true;
    }
    return eq(a, java.util.Collections.singletonList(b));
  }

  private static long indexArg(@Nullable Object index, int cap) throws TemplateFunctionException {
    long x;
    if (index instanceof Long l) {
      x = l;
    } else if (index == null) {
      throw new TemplateFunctionException("cannot index slice/array with nil");
    } else {
      throw new TemplateFunctionException(
          "cannot index slice/array with type " + GoValues.typeName(index));
    }
    if (x < 0 || x > cap) {
      throw new TemplateFunctionException("index out of range: " + x);
    }
    return x;
  }

  private static @Nullable Object index(List<@Nullable Object> args)
      throws TemplateFunctionException {
    Object item = args.getFirst();
    if (item == null) {
      throw new TemplateFunctionException("index of untyped nil");
    }
    for (Object index : args.subList(1, args.size())) {
      switch (item) {
        case String s -> {
          byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
          long x = indexArg(index, bytes.length);
          if (x == bytes.length) {
            throw new TemplateFunctionException("index out of range: " + x);
          }
          item = (long) (bytes[(int) x] & 0xff);
        }
        case GoSlice s -> {
          long x = indexArg(index, s.items().size());
          if (x == s.items().size()) {
            throw new TemplateFunctionException("index out of range: " + x);
          }
          item = s.items().get((int) x);
        }
        case GoMap m -> {
          if (index == null) {
            throw new TemplateFunctionException("value is nil; should be of type string");
          }
          if (!(index instanceof String key)) {
            throw new TemplateFunctionException(
                "value has type " + GoValues.typeName(index) + "; should be string");
          }
          item = m.entries().containsKey(key) ? m.entries().get(key) : m.zero();
        }
        case null -> throw new TemplateFunctionException("index of untyped nil");
        default ->
            throw new TemplateFunctionException(
                "can't index item of type " + GoValues.typeName(item));
      }
    }
    return item;
  }

  private static Object slice(List<@Nullable Object> args) throws TemplateFunctionException {
    Object item = args.getFirst();
    List<@Nullable Object> indexes = args.subList(1, args.size());
    if (item == null) {
      throw new TemplateFunctionException("slice of untyped nil");
    }
    if (indexes.size() > 3) {
      throw new TemplateFunctionException("too many slice indexes: " + indexes.size());
    }
    int len;
    byte[] bytes = null;
    if (item instanceof String s) {
      if (indexes.size() == 3) {
        throw new TemplateFunctionException("cannot 3-index slice a string");
      }
      bytes = s.getBytes(StandardCharsets.UTF_8);
      len = bytes.length;
    } else if (item instanceof GoSlice s) {
      len = s.items().size();
    } else {
      throw new TemplateFunctionException("can't slice item of type " + GoValues.typeName(item));
    }
    long[] idx = {0, len, len};
    for (int i = 0; i < indexes.size(); i++) {
      idx[i] = indexArg(indexes.get(i), len);
    }
    if (idx[0] > idx[1]) {
      throw new TemplateFunctionException("invalid slice index: " + idx[0] + " > " + idx[1]);
    }
    if (indexes.size() == 3 && idx[1] > idx[2]) {
      throw new TemplateFunctionException("invalid slice index: " + idx[1] + " > " + idx[2]);
    }
    if (bytes != null) {
      return new String(bytes, (int) idx[0], (int) (idx[1] - idx[0]), StandardCharsets.UTF_8);
    }
    GoSlice s = (GoSlice) item;
    return new GoSlice(s.typeName(), List.copyOf(s.items().subList((int) idx[0], (int) idx[1])));
  }

  private static long length(@Nullable Object item) throws TemplateFunctionException {
    return switch (item) {
      case String s -> s.getBytes(StandardCharsets.UTF_8).length;
      case GoHtml h -> h.html().getBytes(StandardCharsets.UTF_8).length;
      case GoMap m -> m.entries().size();
      case GoSlice s -> s.items().size();
      case null -> throw new TemplateFunctionException("len of nil pointer");
      default -> throw new TemplateFunctionException("len of type " + GoValues.typeName(item));
    };
  }

  static String evalArgs(List<@Nullable Object> args) {
    if (args.size() == 1 && args.getFirst() instanceof String s) {
      return s;
    }
    List<@Nullable Object> printable = new ArrayList<>(args.size());
    for (Object a : args) {
      printable.add(a == null ? "<no value>" : a);
    }
    return GoFmt.sprint(printable);
  }

  static String htmlEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("&#34;");
        case '\'' -> sb.append("&#39;");
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case 0 -> sb.append('\uFFFD');
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static String jsEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\'' -> sb.append("\\'");
        case '"' -> sb.append("\\\"");
        case '<' -> sb.append("\\u003C");
        case '>' -> sb.append("\\u003E");
        case '&' -> sb.append("\\u0026");
        case '=' -> sb.append("\\u003D");
        default -> {
          if (c < ' ') {
            sb.append(String.format("\\u%04X", c));
          } else if (c >= 0x80 && !GoStrings.isPrint(c)) {
            sb.append(String.format("\\u%04X", c));
          } else {
            sb.appendCodePoint(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
