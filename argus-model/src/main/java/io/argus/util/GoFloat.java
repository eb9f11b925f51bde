package io.argus.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats doubles exactly as Go's {@code %g} verb (and {@code strconv.FormatFloat(v, 'g', -1, 64)})
 * does, which is how Prometheus' tools print sample values: the shortest decimal that reads back as
 * the same double, in exponent form when its decimal exponent is below -4 or at least 6 (e.g.
 * {@code 21.75}, {@code 123456}, {@code 1e+06}, {@code 1.5e-05}, {@code +Inf}, {@code NaN}).
 * Thread-safe.
 */
public final class GoFloat {
  private static final int EXPONENT_FORM_FROM = 6;
  private static final int EXPONENT_FORM_BELOW = -4;

  private GoFloat() {}

  /** Returns {@code v} formatted like Go's {@code fmt.Sprintf("%g", v)}. */
  public static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    boolean negative = (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
    if (v == 0) {
      return negative ? "-0" : "0";
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
    if (exponent < EXPONENT_FORM_BELOW || exponent >= EXPONENT_FORM_FROM) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exponent < 0 ? '-' : '+');
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
