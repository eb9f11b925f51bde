package io.argus.template.prometheus;

import static io.argus.template.GoFunction.Param.ANY;
import static io.argus.template.GoFunction.Param.STRING;

import io.argus.template.GoFmt;
import io.argus.template.GoFunction;
import io.argus.template.GoFunction.Param;
import io.argus.template.GoHtml;
import io.argus.template.GoMap;
import io.argus.template.GoSlice;
import io.argus.template.GoStruct;
import io.argus.template.GoUrls;
import io.argus.template.TemplateFunctionException;
import io.argus.template.parse.GoStrings;
import io.argus.util.GoFloat;
import io.argus.util.PrometheusDurations;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Prometheus' template functions (those of its {@code template} package) with their Go signatures,
 * results and error messages. Thread-safe if the query function is.
 */
public final class PrometheusFunctions {
  static final String SAMPLE_TYPE = "*template.sample";
  static final String QUERY_RESULT_TYPE = "template.queryResult";
  private static final Param SAMPLE = new Param(SAMPLE_TYPE, GoFunction.Kind.TYPED);
  private static final Param QUERY_RESULT = new Param(QUERY_RESULT_TYPE, GoFunction.Kind.TYPED);
  private static final String[] BIG_PREFIXES = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
  private static final String[] SMALL_PREFIXES = {"m", "u", "n", "p", "f", "a", "z", "y"};
  private static final String[] BINARY_PREFIXES = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};
  private static final String NIL_POINTER =
      "runtime error: invalid memory address or nil pointer dereference";

  private PrometheusFunctions() {}

  /**
   * Returns the function map for one expansion.
   *
   * @param query evaluates {@code query}; null makes {@code query} fail like a missing engine
   * @param evalTimeMillis the time {@code query} evaluates at, Unix milliseconds
   * @param externalUrl the server's external URL for {@code externalURL} and {@code pathPrefix};
   *     null makes them fail as Prometheus does without one
   */
  public static Map<String, GoFunction> create(
      @Nullable QueryFunction query, long evalTimeMillis, @Nullable URI externalUrl) {
    Map<String, GoFunction> fns = new HashMap<>(STATELESS);
    List<GoFunction> bound = new ArrayList<>();
    bound.add(
        GoFunction.of(
            "query",
            a -> {
              if (query == null) {
                throw new TemplateFunctionException(NIL_POINTER);
              }
              try {
                return queryResult(query.query((String) a.getFirst(), evalTimeMillis));
              } catch (QueryFunction.QueryException e) {
                throw new TemplateFunctionException(e.getMessage());
              }
            },
            STRING));
    bound.add(
        GoFunction.of(
            "pathPrefix",
            a -> {
              if (externalUrl == null) {
                throw new TemplateFunctionException(NIL_POINTER);
              }
              return externalUrl.getPath() == null ? "" : externalUrl.getPath();
            }));
    bound.add(
        GoFunction.of(
            "externalURL",
            a -> {
              if (externalUrl == null) {
                throw new TemplateFunctionException(NIL_POINTER);
              }
              return externalUrl.toString();
            }));
    for (GoFunction f : bound) {
      fns.put(f.name(), f);
    }
    return Map.copyOf(fns);
  }

  private static final Map<String, GoFunction> STATELESS = stateless();

  private static Map<String, GoFunction> stateless() {
    List<GoFunction> fns = new ArrayList<>();
    fns.add(
        GoFunction.of(
            "first",
            a -> {
              GoSlice v = (GoSlice) a.getFirst();
              if (v != null && !v.items().isEmpty()) {
                return v.items().getFirst();
              }
              throw new TemplateFunctionException("first() called on vector with no elements");
            },
            QUERY_RESULT));
    fns.add(
        GoFunction.of(
            "label",
            a -> stringLabels(sample(a.get(1))).getOrDefault((String) a.getFirst(), ""),
            STRING,
            SAMPLE));
    fns.add(GoFunction.of("value", a -> sample(a.getFirst()).fields().get("Value"), SAMPLE));
    fns.add(
        GoFunction.of(
            "strvalue",
            a -> stringLabels(sample(a.getFirst())).getOrDefault("__value__", ""),
            SAMPLE));
    fns.add(
        GoFunction.variadic(
            "args",
            a -> {
              Map<String, Object> m = new HashMap<>();
              for (int i = 0; i < a.size(); i++) {
                m.put("arg" + i, a.get(i));
              }
              return GoMap.ofValues(m);
            },
            ANY));
    fns.add(
        GoFunction.of(
            "reReplaceAll",
            a -> {
              String pattern = (String) a.get(0);
              java.util.regex.Pattern re;
              try {
                re = GoRegexp.compile(pattern);
              } catch (TemplateFunctionException e) {
                throw new TemplateFunctionException(
                    "regexp: Compile(" + regexpQuote(pattern) + "): " + e.getMessage());
              }
              return GoRegexp.replaceAll(re, (String) a.get(2), (String) a.get(1));
            },
            STRING,
            STRING,
            STRING));
    fns.add(GoFunction.of("safeHtml", a -> new GoHtml((String) a.getFirst()), STRING));
    fns.add(
        GoFunction.of(
            "match",
            a -> GoRegexp.compile((String) a.get(0)).matcher((String) a.get(1)).find(),
            STRING,
            STRING));
    fns.add(GoFunction.of("title", a -> title((String) a.getFirst()), STRING));
    fns.add(GoFunction.of("toUpper", a -> mapCodePoints((String) a.getFirst(), true), STRING));
    fns.add(GoFunction.of("toLower", a -> mapCodePoints((String) a.getFirst(), false), STRING));
    fns.add(GoFunction.of("graphLink", a -> link((String) a.getFirst(), 0), STRING));
    fns.add(GoFunction.of("tableLink", a -> link((String) a.getFirst(), 1), STRING));
    fns.add(
        GoFunction.of(
            "sortByLabel",
            a -> {
              String label = (String) a.get(0);
              GoSlice v = (GoSlice) a.get(1);
              if (v == null) {
                return new GoSlice(QUERY_RESULT_TYPE, List.of());
              }
              List<Object> sorted = new ArrayList<>(v.items());
              sorted.sort(
                  Comparator.comparing(
                      s -> stringLabels((GoStruct) s).getOrDefault(label, ""),
                      PrometheusFunctions::compareBytes));
              return new GoSlice(QUERY_RESULT_TYPE, List.copyOf(sorted));
            },
            STRING,
            QUERY_RESULT));
    fns.add(GoFunction.of("stripPort", a -> stripPort((String) a.getFirst()), STRING));
    fns.add(GoFunction.of("stripDomain", a -> stripDomain((String) a.getFirst()), STRING));
    fns.add(GoFunction.of("humanize", a -> humanize(toFloat(a.getFirst())), ANY));
    fns.add(GoFunction.of("humanize1024", a -> humanize1024(toFloat(a.getFirst())), ANY));
    fns.add(GoFunction.of("humanizeDuration", a -> humanizeDuration(toFloat(a.getFirst())), ANY));
    fns.add(
        GoFunction.of(
            "humanizePercentage",
            a -> GoFmt.formatG(toFloat(a.getFirst()) * 100, 4, false) + "%",
            ANY));
    fns.add(
        GoFunction.of(
            "humanizeTimestamp",
            a -> {
              double v = toFloat(a.getFirst());
              if (Double.isNaN(v) || Double.isInfinite(v)) {
                return GoFmt.formatG(v, 4, false);
              }
              return toTime(v).toString();
            },
            ANY));
    fns.add(
        GoFunction.of(
            "toTime",
            a -> {
              double v = toFloat(a.getFirst());
              if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new TemplateFunctionException("value is NaN or Inf");
              }
              return toTime(v);
            },
            ANY));
    fns.add(
        GoFunction.of(
            "parseDuration",
            a -> {
              String text = (String) a.getFirst();
              try {
                return PrometheusDurations.parse(text) / 1000.0;
              } catch (IllegalArgumentException e) {
                // Prometheus 2.42's parser reports every malformed string alike.
                String message = e.getMessage();
                if (message != null && message.startsWith("unknown unit")) {
                  message = "not a valid duration string: " + GoStrings.quote(text);
                }
                throw new TemplateFunctionException(message);
              }
            },
            STRING));
    return fns.stream()
        .collect(Collectors.toUnmodifiableMap(GoFunction::name, Function.identity()));
  }

  /** The template value of a query result: a {@code template.queryResult} of samples. */
  static GoSlice queryResult(List<QueryFunction.Sample> samples) {
    List<Object> items = new ArrayList<>(samples.size());
    for (QueryFunction.Sample s : samples) {
      LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
      fields.put("Labels", GoMap.ofStrings(s.labels()));
      fields.put("Value", s.value());
      items.add(new GoStruct(SAMPLE_TYPE, true, fields));
    }
    return new GoSlice(QUERY_RESULT_TYPE, List.copyOf(items));
  }

  private static GoStruct sample(@Nullable Object s) throws TemplateFunctionException {
    if (s == null) {
      throw new TemplateFunctionException(NIL_POINTER);
    }
    return (GoStruct) s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> stringLabels(GoStruct s) {
    GoMap labels = (GoMap) s.fields().get("Labels");
    return (Map<String, String>) (Map<String, ?>) labels.entries();
  }

  private static int compareBytes(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String regexpQuote(String s) {
    boolean backquote = s.indexOf('`') < 0 && s.chars().allMatch(c -> c == '\t' || c >= ' ');
    return backquote ? "`" + s + "`" : GoStrings.quote(s);
  }

  private static String link(String expr, int tab) {
    return "/graph?g0.expr=" + GoUrls.queryEscape(expr) + "&g0.tab=" + tab;
  }

  /** Go's {@code strings.Title}: upper-cases the first letter of each word. */
  static String title(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    int prev = ' ';
    for (int i = 0; i < s.length(); ) {
      int r = s.codePointAt(i);
      i += Character.charCount(r);
      sb.appendCodePoint(isSeparator(prev) ? Character.toTitleCase(r) : r);
      prev = r;
    }
    return sb.toString();
  }

  private static boolean isSeparator(int r) {
    if (r <= 0x7f) {
      return !((r >= '0' && r <= '9')
          || (r >= 'a' && r <= 'z')
          || (r >= 'A' && r <= 'Z')
          || r == '_');
    }
    if (Character.isLetter(r) || Character.isDigit(r)) {
      return false;
    }
    return Character.isWhitespace(r) || Character.isSpaceChar(r);
  }

  private static String mapCodePoints(String s, boolean upper) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int r = s.codePointAt(i);
      i += Character.charCount(r);
      sb.appendCodePoint(upper ? Character.toUpperCase(r) : Character.toLowerCase(r));
    }
    return sb.toString();
  }

  static String stripPort(String hostPort) {
    String[] hp = GoNet.splitHostPort(hostPort);
    return hp == null ? hostPort : hp[0];
  }

  static String stripDomain(String hostPort) {
    String[] hp = GoNet.splitHostPort(hostPort);
    String host = hp == null ? hostPort : hp[0];
    String port = hp == null ? "" : hp[1];
    if (GoNet.isIp(host)) {
      return hostPort;
    }
    int dot = host.indexOf('.');
    host = dot < 0 ? host : host.substring(0, dot);
    return port.isEmpty() ? host : GoNet.joinHostPort(host, port);
  }

  /** Prometheus' {@code convertToFloat}: float64, int, or a string Go's ParseFloat accepts. */
  static double toFloat(@Nullable Object v) throws TemplateFunctionException {
    return switch (v) {
      case Double d -> d;
      case Long l -> l;
      case String s -> parseFloat(s);
      case null -> throw new TemplateFunctionException("can't convert <nil> to float");
      default ->
          throw new TemplateFunctionException(
              "can't convert " + io.argus.template.GoValues.typeName(v) + " to float");
    };
  }

  /** Go's {@code strconv.ParseFloat(s, 64)}. */
  static double parseFloat(String s) throws TemplateFunctionException {
    String body = s;
    boolean negative = false;
    if (body.startsWith("+") || body.startsWith("-")) {
      negative = body.charAt(0) == '-';
      body = body.substring(1);
    }
    String lower = body.toLowerCase(java.util.Locale.ROOT);
    double v;
    if (lower.equals("inf") || lower.equals("infinity")) {
      v = Double.POSITIVE_INFINITY;
    } else if (lower.equals("nan") && body.length() == s.length()) {
      return Double.NaN;
    } else if (lower.matches(
        "([0-9](_?[0-9])*\\.?([0-9](_?[0-9])*)?|\\.[0-9](_?[0-9])*)" + "(e[+-]?[0-9]+)?")) {
      BigDecimal d = new BigDecimal(body.replace("_", ""));
      v = d.doubleValue();
      if (Double.isInfinite(v)) {
        throw new TemplateFunctionException(
            "strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": value out of range");
      }
    } else if (lower.matches("0x[0-9a-f_]*\\.?[0-9a-f_]*p[+-]?[0-9]+")) {
      try {
        v = Double.parseDouble("0x" + body.substring(2).replace("_", ""));
      } catch (NumberFormatException e) {
        throw invalid(s);
      }
    } else {
      throw invalid(s);
    }
    return negative ? -v : v;
  }

  private static TemplateFunctionException invalid(String s) {
    return new TemplateFunctionException(
        "strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": invalid syntax");
  }

  static String humanize(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return GoFmt.formatG(v, 4, false);
    }
    String prefix = "";
    if (Math.abs(v) >= 1) {
      for (String p : BIG_PREFIXES) {
        if (Math.abs(v) < 1000) {
          break;
        }
        prefix = p;
        v /= 1000;
      }
      return GoFmt.formatG(v, 4, false) + prefix;
    }
    for (String p : SMALL_PREFIXES) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return GoFmt.formatG(v, 4, false) + prefix;
  }

  static String humanize1024(double v) {
    if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
      return GoFmt.formatG(v, 4, false);
    }
    String prefix = "";
    for (String p : BINARY_PREFIXES) {
      if (Math.abs(v) < 1024) {
        break;
      }
      prefix = p;
      v /= 1024;
    }
    return GoFmt.formatG(v, 4, false) + prefix;
  }

  static String humanizeDuration(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return GoFmt.formatG(v, 4, false);
    }
    if (v == 0) {
      return GoFmt.formatG(v, 4, false) + "s";
    }
    if (Math.abs(v) >= 1) {
      String sign = "";
      if (v < 0) {
        sign = "-";
        v = -v;
      }
      long duration = (long) v;
      long seconds = duration % 60;
      long minutes = (duration / 60) % 60;
      long hours = (duration / 60 / 60) % 24;
      long days = duration / 60 / 60 / 24;
      if (days != 0) {
        return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (hours != 0) {
        return sign + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (minutes != 0) {
        return sign + minutes + "m " + seconds + "s";
      }
      return sign + GoFmt.formatG(v, 4, false) + "s";
    }
    String prefix = "";
    for (String p : SMALL_PREFIXES) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return GoFmt.formatG(v, 4, false) + prefix + "s";
  }

  /** Prometheus' {@code floatToTime} for finite values: millisecond precision, UTC. */
  static GoTime toTime(double v) throws TemplateFunctionException {
    double nanos = v * 1e9;
    if (nanos > 0x1p63 || nanos < -0x1p63) {
      throw new TemplateFunctionException(
          GoFloat.format(v)
              + " cannot be represented as a nanoseconds timestamp since it"
              + " overflows int64");
    }
    long millis = (long) nanos / 1_000_000L;
    long seconds = millis / 1000;
    long nanoOfSecond = (millis % 1000) * 1_000_000L;
    return GoTime.ofUnixNanos(seconds * 1_000_000_000L + nanoOfSecond);
  }
}
