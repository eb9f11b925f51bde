package io.argus.promql.parser;

import java.util.List;
import java.util.Random;

/** Generates random well-typed PromQL text covering the whole grammar (for property tests). */
final class QueryGenerator {
  private static final List<String> NAMES =
      List.of("up", "http_requests_total", "job:rate:5m", "sum", "offset", "by", "start", "a");
  private static final List<String> LABELS = List.of("job", "instance", "on", "bool", "le");
  private static final List<String> INCLUDES = List.of("()", "(team)", "(team, \"x.y\")");
  private static final List<String> NUMBERS =
      List.of("1", "0.5", "1e3", "0x1F", "Inf", "NaN", "5m", "1h30m", "1_000", ".25", "3");
  private static final List<String> DURATIONS = List.of("5m", "1h", "30s", "1d", "90s", "1500ms");
  private static final List<String> ARITH = List.of("+", "-", "*", "/", "%", "^", "atan2");
  private static final List<String> COMPARE = List.of("==", "!=", ">", "<", ">=", "<=");
  private static final List<String> SET = List.of("and", "or", "unless");

  private final Random r;

  QueryGenerator(Random r) {
    this.r = r;
  }

  private <T> T pick(List<T> xs) {
    return xs.get(r.nextInt(xs.size()));
  }

  private boolean chance(int percent) {
    return r.nextInt(100) < percent;
  }

  String string() {
    return pick(List.of("\"a\"", "'b'", "`c\\d`", "\"\\n\\u00e9\\\"\"", "\"\"", "\"x.y\""));
  }

  String scalar(int depth) {
    if (depth <= 0) {
      return pick(NUMBERS);
    }
    return switch (r.nextInt(7)) {
      case 0 -> pick(NUMBERS);
      case 1 -> "time()";
      case 2 -> "scalar(" + vector(depth - 1) + ")";
      case 3 -> "(" + scalar(depth - 1) + " " + pick(ARITH) + " " + scalar(depth - 1) + ")";
      case 4 -> "(" + scalar(depth - 1) + " " + pick(COMPARE) + " bool " + scalar(depth - 1) + ")";
      case 5 -> "-(" + scalar(depth - 1) + ")";
      default -> "pi()";
    };
  }

  String selector() {
    StringBuilder sb = new StringBuilder();
    boolean named = chance(70);
    if (named) {
      sb.append(pick(NAMES));
    }
    if (!named || chance(50)) {
      sb.append('{');
      if (!named) {
        sb.append(chance(50) ? "\"my.metric\"" : "__name__=~\"x.+\"");
      }
      int n = r.nextInt(3);
      for (int i = 0; i < n; i++) {
        if (i > 0 || !named) {
          sb.append(", ");
        }
        sb.append(chance(80) ? pick(LABELS) : "\"a.b\"")
            .append(pick(List.of("=", "!=", "=~", "!~")))
            .append(pick(List.of("\"v\"", "\"a|b\"", "'.*x'")));
      }
      sb.append('}');
    }
    return sb.toString();
  }

  private String modifiers() {
    StringBuilder sb = new StringBuilder();
    if (chance(20)) {
      sb.append(chance(50) ? " @ " + r.nextInt(100000) : " @ " + pick(List.of("start()", "end()")));
    }
    if (chance(25)) {
      sb.append(" offset ").append(chance(30) ? "-" : "").append(pick(DURATIONS));
    }
    return sb.toString();
  }

  String duration() {
    return switch (r.nextInt(6)) {
      case 0 -> pick(DURATIONS) + " + " + pick(DURATIONS);
      case 1 -> "step() * 2";
      case 2 -> "(" + pick(DURATIONS) + ")";
      case 3 -> "max_of(" + pick(DURATIONS) + ", range())";
      default -> pick(DURATIONS);
    };
  }

  String matrix(int depth) {
    if (depth <= 0 || chance(70)) {
      String extended = chance(10) ? pick(List.of(" anchored", " smoothed")) : "";
      return selector() + "[" + duration() + "]" + extended + modifiers();
    }
    return "(" + vector(depth - 1) + ")[" + duration() + ":" + (chance(50) ? "" : pick(DURATIONS))
        + "]" + modifiers();
  }

  private String grouping() {
    int n = r.nextInt(3);
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < n; i++) {
      sb.append(i > 0 ? ", " : "").append(pick(LABELS));
    }
    return sb.append(')').toString();
  }

  String vector(int depth) {
    if (depth <= 0) {
      return selector() + modifiers();
    }
    int d = depth - 1;
    return switch (r.nextInt(12)) {
      case 0 -> selector() + modifiers();
      case 1 ->
          pick(List.of("rate", "increase", "max_over_time", "changes")) + "(" + matrix(d) + ")";
      case 2 -> pick(List.of("abs", "ceil", "sort", "-")) + "(" + vector(d) + ")";
      case 3 -> {
        String op = pick(List.of("sum", "avg", "count", "min", "max", "group", "stddev"));
        String g = chance(50) ? "" : (chance(50) ? " by " : " without ") + grouping();
        yield chance(50) ? op + g + " (" + vector(d) + ")" : op + "(" + vector(d) + ")" + g;
      }
      case 4 -> pick(List.of("topk", "bottomk", "quantile", "limitk", "limit_ratio"))
          + "(" + scalar(d) + ", " + vector(d) + ")";
      case 5 -> "count_values(" + string() + ", " + vector(d) + ")";
      case 6 -> {
        String op = pick(ARITH);
        String matching = chance(50) ? "" : " " + pick(List.of("on", "ignoring")) + grouping();
        if (!matching.isEmpty() && chance(40)) {
          matching += pick(List.of(" group_left", " group_right")) + pick(INCLUDES);
        }
        if (chance(20)) {
          matching += pick(List.of(" fill(0)", " fill_left(-1)", " fill_right(2) fill_left(1)"));
        }
        yield "(" + vector(d) + " " + op + matching + " " + vector(d) + ")";
      }
      case 7 -> "(" + vector(d) + " " + pick(COMPARE) + (chance(50) ? " bool " : " ")
          + (chance(50) ? scalar(d) : vector(d)) + ")";
      case 8 -> "(" + vector(d) + " " + pick(SET) + (chance(50) ? " on" + grouping() : "") + " "
          + vector(d) + ")";
      case 9 -> "label_replace(" + vector(d) + ", \"dst\", \"$1\", \"src\", \"(.*)\")";
      case 10 -> "histogram_quantile(" + scalar(d) + ", " + vector(d) + ")";
      default -> "-" + selector();
    };
  }
}
