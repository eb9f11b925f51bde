package io.argus.promql.parser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The table of PromQL functions known to the parser: names, argument and return types, arity
 * and which ones are experimental, as in Prometheus 3.x. Immutable and thread-safe.
 */
public final class Functions {
  private static final Map<String, Function> BY_NAME = new TreeMap<>();

  static {
    def("abs", "V", 0, 'V', false);
    def("absent", "V", 0, 'V', false);
    def("absent_over_time", "M", 0, 'V', false);
    def("acos", "V", 0, 'V', false);
    def("acosh", "V", 0, 'V', false);
    def("asin", "V", 0, 'V', false);
    def("asinh", "V", 0, 'V', false);
    def("atan", "V", 0, 'V', false);
    def("atanh", "V", 0, 'V', false);
    def("avg_over_time", "M", 0, 'V', false);
    def("ceil", "V", 0, 'V', false);
    def("changes", "M", 0, 'V', false);
    def("clamp", "VSS", 0, 'V', false);
    def("clamp_max", "VS", 0, 'V', false);
    def("clamp_min", "VS", 0, 'V', false);
    def("cos", "V", 0, 'V', false);
    def("cosh", "V", 0, 'V', false);
    def("count_over_time", "M", 0, 'V', false);
    def("days_in_month", "V", 1, 'V', false);
    def("day_of_month", "V", 1, 'V', false);
    def("day_of_week", "V", 1, 'V', false);
    def("day_of_year", "V", 1, 'V', false);
    def("deg", "V", 0, 'V', false);
    def("end", "", 0, 'S', true);
    def("delta", "M", 0, 'V', false);
    def("deriv", "M", 0, 'V', false);
    def("exp", "V", 0, 'V', false);
    def("first_over_time", "M", 0, 'V', false);
    def("floor", "V", 0, 'V', false);
    def("histogram_avg", "V", 0, 'V', false);
    def("histogram_count", "V", 0, 'V', false);
    def("histogram_sum", "V", 0, 'V', false);
    def("histogram_stddev", "V", 0, 'V', false);
    def("histogram_stdvar", "V", 0, 'V', false);
    def("histogram_fraction", "SSV", 0, 'V', false);
    def("histogram_quantile", "SV", 0, 'V', false);
    def("histogram_quantiles", "VTSS", 9, 'V', true);
    def("double_exponential_smoothing", "MSS", 0, 'V', true);
    def("hour", "V", 1, 'V', false);
    def("idelta", "M", 0, 'V', false);
    def("increase", "M", 0, 'V', false);
    def("info", "VV", 1, 'V', true);
    def("irate", "M", 0, 'V', false);
    def("label_replace", "VTTTT", 0, 'V', false);
    def("label_join", "VTTT", -1, 'V', false);
    def("max_of", "SS", 0, 'S', true);
    def("last_over_time", "M", 0, 'V', false);
    def("min_of", "SS", 0, 'S', true);
    def("ln", "V", 0, 'V', false);
    def("log10", "V", 0, 'V', false);
    def("log2", "V", 0, 'V', false);
    def("mad_over_time", "M", 0, 'V', true);
    def("max_over_time", "M", 0, 'V', false);
    def("min_over_time", "M", 0, 'V', false);
    def("ts_of_first_over_time", "M", 0, 'V', true);
    def("ts_of_max_over_time", "M", 0, 'V', true);
    def("ts_of_min_over_time", "M", 0, 'V', true);
    def("ts_of_last_over_time", "M", 0, 'V', true);
    def("minute", "V", 1, 'V', false);
    def("month", "V", 1, 'V', false);
    def("pi", "", 0, 'S', false);
    def("predict_linear", "MS", 0, 'V', false);
    def("present_over_time", "M", 0, 'V', false);
    def("quantile_over_time", "SM", 0, 'V', false);
    def("rad", "V", 0, 'V', false);
    def("range", "", 0, 'S', true);
    def("rate", "M", 0, 'V', false);
    def("resets", "M", 0, 'V', false);
    def("round", "VS", 1, 'V', false);
    def("scalar", "V", 0, 'S', false);
    def("sgn", "V", 0, 'V', false);
    def("sin", "V", 0, 'V', false);
    def("sinh", "V", 0, 'V', false);
    def("sort", "V", 0, 'V', false);
    def("sort_desc", "V", 0, 'V', false);
    def("sort_by_label", "VT", -1, 'V', true);
    def("sort_by_label_desc", "VT", -1, 'V', true);
    def("sqrt", "V", 0, 'V', false);
    def("start", "", 0, 'S', true);
    def("start_timestamp", "V", 0, 'V', true);
    def("step", "", 0, 'S', true);
    def("stddev_over_time", "M", 0, 'V', false);
    def("stdvar_over_time", "M", 0, 'V', false);
    def("sum_over_time", "M", 0, 'V', false);
    def("tan", "V", 0, 'V', false);
    def("tanh", "V", 0, 'V', false);
    def("time", "", 0, 'S', false);
    def("timestamp", "V", 0, 'V', false);
    def("vector", "S", 0, 'V', false);
    def("year", "V", 1, 'V', false);
  }

  private Functions() {}

  /** Returns the function called {@code name} (case-sensitive), or null when there is none. */
  public static @Nullable Function get(String name) {
    return BY_NAME.get(name);
  }

  /** Returns every function, sorted by name. */
  public static List<Function> all() {
    return Collections.unmodifiableList(new ArrayList<>(BY_NAME.values()));
  }

  /** Codes: S scalar, V instant vector, M range vector, T string. */
  private static void def(
      String name, String args, int variadic, char returns, boolean experimental) {
    List<ValueType> types = new ArrayList<>();
    for (char c : args.toCharArray()) {
      types.add(type(c));
    }
    BY_NAME.put(name, new Function(name, types, variadic, type(returns), experimental));
  }

  private static ValueType type(char code) {
    return switch (code) {
      case 'S' -> ValueType.SCALAR;
      case 'V' -> ValueType.VECTOR;
      case 'M' -> ValueType.MATRIX;
      case 'T' -> ValueType.STRING;
      default -> throw new IllegalArgumentException("unknown type code " + code);
    };
  }
}
