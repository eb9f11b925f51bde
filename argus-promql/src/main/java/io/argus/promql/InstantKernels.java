package io.argus.promql;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Matcher;

/**
 * Per-sample kernels of PromQL's instant-vector functions: math and trigonometry, rounding,
 * clamping, the sign function and the date functions (UTC), plus the template expansion of {@code
 * label_replace}. Stateless.
 */
public final class InstantKernels {
  private InstantKernels() {}

  private static final Map<String, DoubleUnaryOperator> SIMPLE =
      Map.ofEntries(
          Map.entry("abs", Math::abs),
          Map.entry("ceil", Math::ceil),
          Map.entry("floor", Math::floor),
          Map.entry("exp", Math::exp),
          Map.entry("sqrt", Math::sqrt),
          Map.entry("ln", Math::log),
          Map.entry("log2", InstantKernels::log2),
          Map.entry("log10", Math::log10),
          Map.entry("sin", Math::sin),
          Map.entry("cos", Math::cos),
          Map.entry("tan", Math::tan),
          Map.entry("asin", Math::asin),
          Map.entry("acos", Math::acos),
          Map.entry("atan", Math::atan),
          Map.entry("sinh", Math::sinh),
          Map.entry("cosh", Math::cosh),
          Map.entry("tanh", Math::tanh),
          Map.entry("asinh", InstantKernels::asinh),
          Map.entry("acosh", InstantKernels::acosh),
          Map.entry("atanh", InstantKernels::atanh),
          Map.entry("rad", v -> v * Math.PI / 180),
          Map.entry("deg", v -> v * 180 / Math.PI),
          Map.entry("sgn", InstantKernels::sgn),
          Map.entry("days_in_month", InstantKernels::daysInMonth),
          Map.entry("day_of_month", v -> date(v).getDayOfMonth()),
          Map.entry("day_of_week", v -> date(v).getDayOfWeek().getValue() % 7),
          Map.entry("day_of_year", v -> date(v).getDayOfYear()),
          Map.entry("hour", v -> date(v).getHour()),
          Map.entry("minute", v -> date(v).getMinute()),
          Map.entry("month", v -> date(v).getMonthValue()),
          Map.entry("year", v -> date(v).getYear()));

  /** The date functions, which default to {@code vector(time())} without an argument. */
  public static boolean isDateFunction(String name) {
    return switch (name) {
      case "days_in_month",
          "day_of_month",
          "day_of_week",
          "day_of_year",
          "hour",
          "minute",
          "month",
          "year" ->
          true;
      default -> false;
    };
  }

  /** Returns the one-argument kernel called {@code name}, or null. */
  public static DoubleUnaryOperator simple(String name) {
    return SIMPLE.get(name);
  }

  /** Go's {@code math.Log2}: exact for powers of two, else via the mantissa and exponent. */
  static double log2(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v) || v <= 0 || v < Double.MIN_NORMAL) {
      return Math.log(v) / Math.log(2);
    }
    int exp = Math.getExponent(v) + 1;
    double frac = v / Math.scalb(1.0, exp);
    if (frac == 0.5) {
      return exp - 1;
    }
    return Math.log(frac) * (1 / Math.log(2)) + exp;
  }

  static double asinh(double x) {
    if (Double.isInfinite(x) || Double.isNaN(x) || x == 0) {
      return x;
    }
    double a = Math.abs(x);
    double r = Math.log(a + Math.sqrt(a * a + 1));
    if (a > 1e8) {
      r = Math.log(a) + Math.log(2);
    }
    return x < 0 ? -r : r;
  }

  static double acosh(double x) {
    if (x < 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return 0;
    }
    if (x > 1e8) {
      return Math.log(x) + Math.log(2);
    }
    return Math.log(x + Math.sqrt(x * x - 1));
  }

  static double atanh(double x) {
    if (x < -1 || x > 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (x == -1) {
      return Double.NEGATIVE_INFINITY;
    }
    if (x == 0) {
      return x;
    }
    return 0.5 * Math.log1p(2 * x / (1 - x));
  }

  /** -1, 1, or the value itself for zeros and NaN. */
  public static double sgn(double v) {
    return v < 0 ? -1 : v > 0 ? 1 : v;
  }

  /** {@code round(v, toNearest)}: ties round up. */
  public static double round(double v, double toNearest) {
    double inverse = 1.0 / toNearest;
    return Math.floor(v * inverse + 0.5) / inverse;
  }

  /** {@code clamp}: callers drop the sample set entirely when {@code max < min}. */
  public static double clamp(double v, double min, double max) {
    return Math.max(min, Math.min(max, v));
  }

  /** Converts Unix seconds (truncated towards zero, as Go's int64 conversion) to UTC. */
  static LocalDateTime date(double seconds) {
    long s;
    if (Double.isNaN(seconds) || Double.isInfinite(seconds) || Math.abs(seconds) >= 9.2e18) {
      s = Long.MIN_VALUE;
    } else {
      s = (long) seconds;
    }
    if (s == Long.MIN_VALUE) {
      // Go yields an out-of-range time here; the fields of the resulting instant are unspecified.
      return LocalDateTime.MIN;
    }
    long clamped = Math.max(-31557014167219200L, Math.min(31556889864403199L, s));
    return LocalDateTime.ofEpochSecond(clamped, 0, ZoneOffset.UTC);
  }

  static double daysInMonth(double seconds) {
    LocalDateTime d = date(seconds);
    return d.toLocalDate().lengthOfMonth();
  }

  /**
   * Expands a {@code label_replace} replacement template against a successful match, following Go's
   * {@code Regexp.Expand}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$};
   * {@code $name} takes the longest run of letters, digits and underscores; unknown or invalid
   * references expand to nothing.
   */
  public static String expand(String template, Matcher m) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = template.length();
    while (i < n) {
      char c = template.charAt(i);
      if (c != '$' || i + 1 >= n) {
        out.append(c);
        i++;
        continue;
      }
      char next = template.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      String name;
      int end;
      if (next == '{') {
        int close = template.indexOf('}', i + 2);
        if (close < 0) {
          out.append(c);
          i++;
          continue;
        }
        name = template.substring(i + 2, close);
        end = close + 1;
        if (name.isEmpty() || !name.chars().allMatch(InstantKernels::isWordChar)) {
          out.append(c);
          i++;
          continue;
        }
      } else {
        end = i + 1;
        while (end < n && isWordChar(template.charAt(end))) {
          end++;
        }
        if (end == i + 1) {
          out.append(c);
          i++;
          continue;
        }
        name = template.substring(i + 1, end);
      }
      out.append(group(m, name));
      i = end;
    }
    return out.toString();
  }

  private static boolean isWordChar(int c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static String group(Matcher m, String name) {
    String g = null;
    if (name.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      try {
        int idx = Integer.parseInt(name);
        if (idx <= m.groupCount()) {
          g = m.group(idx);
        }
      } catch (NumberFormatException e) {
        g = null;
      }
    } else {
      try {
        g = m.group(name);
      } catch (IllegalArgumentException e) {
        g = null;
      }
    }
    return g == null ? "" : g;
  }
}
