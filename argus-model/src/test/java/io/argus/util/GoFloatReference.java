package io.argus.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The former BigDecimal-based {@link GoFloat}, kept as the reference the fast implementation is
 * property-tested against. Formats doubles exactly as Go's {@code %g} verb (and {@code
 * strconv.FormatFloat(v, 'g', -1, 64)}) does, which is how Prometheus' tools print sample values:
 * the shortest decimal that reads back as the same double, in exponent form when its decimal
 * exponent is below -4 or at least 6 (e.g. {@code 21.75}, {@code 123456}, {@code 1e+06}, {@code
 * 1.5e-05}, {@code +Inf}, {@code NaN}).
 * Thread-safe.
 */
final class GoFloatReference {
  private static final int EXPONENT_FORM_FROM = 6;
  private static final int EXPONENT_FORM_BELOW = -4;
  private static final double JSON_PLAIN_FROM = 1e-6;
  private static final double JSON_PLAIN_BELOW = 1e21;

  /** Where the exponent form starts. */
  private enum Form {
    /** Go's {@code %g}. */
    G,
    /** Prometheus' JSON sample values. */
    JSON,
    /** Go's {@code 'f'} with precision -1: never. */
    PLAIN,
    /** Go's {@code 'E'} with precision -1: always, with a capital {@code E}. */
    UPPER_EXPONENT
  }

  private GoFloatReference() {}

  /** Returns {@code v} formatted like Go's {@code fmt.Sprintf("%g", v)}. */
  static String format(double v) {
    return format(v, Form.G);
  }

  /**
   * Returns {@code v} as Prometheus' HTTP API writes sample values: the shortest decimal that reads
   * back as the same double, in plain form ({@code strconv.FormatFloat(v, 'f', -1, 64)}, e.g.
   * {@code 1234567}, {@code 0.000123}) unless its magnitude is below 1e-6 or at least 1e21, where
   * the exponent form of {@link #format} is used ({@code 1e-07}, {@code 1.5e+21}). Special values
   * are {@code NaN}, {@code +Inf} and {@code -Inf}.
   */
  static String formatJson(double v) {
    return format(v, Form.JSON);
  }

  /**
   * Returns {@code v} like Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest decimal
   * that reads back as the same double, never in exponent form ({@code 0.0000001}, {@code
   * 1500000000000000000000}); special values as in {@link #formatJson}.
   */
  static String formatPlain(double v) {
    return format(v, Form.PLAIN);
  }

  /**
   * Returns {@code v} like Go's {@code strconv.FormatFloat(v, 'E', -1, 64)}: the shortest decimal
   * that reads back as the same double, always in exponent form with at least two exponent digits
   * ({@code 1E+00}, {@code 1.5E-07}, {@code 0E+00}); special values as in {@link #formatJson}.
   */
  static String formatUpperExponent(double v) {
    return format(v, Form.UPPER_EXPONENT);
  }

  private static String format(double v, Form form) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    boolean negative = (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
    if (v == 0) {
      String zero = form == Form.UPPER_EXPONENT ? "0E+00" : "0";
      return negative ? "-" + zero : zero;
    }
    double abs = Math.abs(v);
    BigDecimal shortest = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    if (digits.length() == 2) {
      // Java may print two digits where one already identifies the double; Go never does.
      BigDecimal oneDigit = shortest.round(new MathContext(1, RoundingMode.HALF_EVEN));
      if (oneDigit.doubleValue() == abs) {
        shortest = oneDigit.stripTrailingZeros();
        digits = shortest.unscaledValue().toString();
      }
    }
    int exponent = digits.length() - 1 - shortest.scale();
    StringBuilder sb = new StringBuilder(24);
    if (negative) {
      sb.append('-');
    }
    boolean exponentForm =
        switch (form) {
          case G -> exponent < EXPONENT_FORM_BELOW || exponent >= EXPONENT_FORM_FROM;
          case JSON -> abs < JSON_PLAIN_FROM || abs >= JSON_PLAIN_BELOW;
          case PLAIN -> false;
          case UPPER_EXPONENT -> true;
        };
    if (exponentForm) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append(form == Form.UPPER_EXPONENT ? 'E' : 'e').append(exponent < 0 ? '-' : '+');
      int absExp = Math.abs(exponent);
      if (absExp < 10) {
        sb.append('0');
      }
      sb.append(absExp);
    } else if (exponent >= 0) {
      int intDigits = exponent + 1;
      if (digits.length() <= intDigits) {
        sb.append(digits).repeat('0', intDigits - digits.length());
      } else {
        sb.append(digits, 0, intDigits).append('.').append(digits, intDigits, digits.length());
      }
    } else {
      sb.append("0.").repeat('0', -exponent - 1).append(digits);
    }
    return sb.toString();
  }
}
