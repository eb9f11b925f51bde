package io.argus.promql;

import java.math.BigDecimal;

/** Formats floats the way Go's {@code strconv} does, for messages and label values. */
public final class Format {
  private Format() {}

  /** Go's {@code %g} (shortest representation, exponent when below 1e-4 or at least 1e6). */
  public static String goFloat(double v) {
    return io.argus.util.GoFloat.format(v);
  }

  /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}-like {@code %v}: exponent from 1e21. */
  public static String goValue(double v) {
    return format(v, 21);
  }

  private static String format(double v, int expThreshold) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
    }
    // Shortest repr digits: Java's Double.toString gives the shortest uniquely identifying digits.
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int exp = digits.length() - 1 - bd.scale();
    String sign = v < 0 ? "-" : "";
    if (exp < -4 || exp >= expThreshold) {
      StringBuilder sb = new StringBuilder(sign).append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int a = Math.abs(exp);
      if (a < 10) {
        sb.append('0');
      }
      return sb.append(a).toString();
    }
    return sign + bd.toPlainString();
  }
}
