package io.argus.model.textparse;

import java.nio.charset.StandardCharsets;

/**
 * Parses decimal floats from bytes with the grammar Prometheus accepts (Go's {@code
 * strconv.ParseFloat} minus hex floats and underscores): optional sign, digits with an optional
 * fraction and exponent, or case-insensitive {@code inf}/{@code infinity} (optionally signed) and
 * {@code nan}. Short numbers are converted without allocating; NaN is always Prometheus' normal NaN
 * ({@code 0x7ff8000000000001}). Stateless.
 */
final class GoFloatParser {
  /** The NaN bit pattern Go's {@code math.NaN()} returns, which Prometheus stores. */
  static final double NORMAL_NAN = Double.longBitsToDouble(0x7ff8000000000001L);

  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  /** Thrown for text that is not a float; carries Go's message. */
  static final class InvalidFloat extends Exception {
    InvalidFloat(String message) {
      super(message, null, false, false);
    }
  }

  private GoFloatParser() {}

  static double parse(byte[] b, int start, int end) throws InvalidFloat {
    int i = start;
    boolean negative = false;
    if (i < end && (b[i] == '+' || b[i] == '-')) {
      negative = b[i] == '-';
      i++;
    }
    if (i < end && (b[i] | 0x20) == 'i') {
      int n = end - i;
      if ((n == 3 && equalsIgnoreCase(b, i, "inf"))
          || (n == 8 && equalsIgnoreCase(b, i, "infinity"))) {
        return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      throw invalid(b, start, end);
    }
    if (i == start && end - i == 3 && equalsIgnoreCase(b, i, "nan")) {
      return NORMAL_NAN;
    }
    long mantissa = 0;
    int significant = 0;
    int dropped = 0;
    int fractionDigits = 0;
    boolean sawDigit = false;
    boolean sawDot = false;
    for (; i < end; i++) {
      int c = b[i];
      if (c >= '0' && c <= '9') {
        sawDigit = true;
        if (mantissa == 0 && c == '0') {
          if (sawDot) {
            fractionDigits++;
          }
          continue;
        }
        if (significant < 18) {
          mantissa = mantissa * 10 + (c - '0');
          significant++;
          if (sawDot) {
            fractionDigits++;
          }
        } else {
          dropped++;
          if (sawDot) {
            dropped--;
          }
        }
      } else if (c == '.' && !sawDot) {
        sawDot = true;
      } else {
        break;
      }
    }
    if (!sawDigit) {
      throw invalid(b, start, end);
    }
    long exponent = 0;
    if (i < end) {
      if ((b[i] | 0x20) != 'e') {
        throw invalid(b, start, end);
      }
      i++;
      boolean expNegative = false;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        expNegative = b[i] == '-';
        i++;
      }
      if (i == end) {
        throw invalid(b, start, end);
      }
      for (; i < end; i++) {
        int c = b[i];
        if (c < '0' || c > '9') {
          throw invalid(b, start, end);
        }
        if (exponent < 100_000) {
          exponent = exponent * 10 + (c - '0');
        }
      }
      if (expNegative) {
        exponent = -exponent;
      }
    }
    long scale = exponent - fractionDigits + dropped;
    if (significant <= 15 && Math.abs(scale) <= 22) {
      // Both operands are exact doubles, so one correctly rounded operation gives the result.
      double v = scale >= 0 ? mantissa * POW10[(int) scale] : mantissa / POW10[(int) -scale];
      return negative ? -v : v;
    }
    double v = Double.parseDouble(new String(b, start, end - start, StandardCharsets.ISO_8859_1));
    if (Double.isInfinite(v)) {
      throw new InvalidFloat(
          "strconv.ParseFloat: parsing " + quote(b, start, end) + ": value out of range");
    }
    return v;
  }

  private static InvalidFloat invalid(byte[] b, int start, int end) {
    return new InvalidFloat(
        "strconv.ParseFloat: parsing " + quote(b, start, end) + ": invalid syntax");
  }

  static String quote(byte[] b, int start, int end) {
    StringBuilder sb = new StringBuilder(end - start + 2).append('"');
    for (int i = start; i < end; i++) {
      int c = b[i] & 0xFF;
      if (c == '"' || c == '\\') {
        sb.append('\\').append((char) c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x20 || c >= 0x7f) {
        sb.append(String.format("\\x%02x", c));
      } else {
        sb.append((char) c);
      }
    }
    return sb.append('"').toString();
  }

  private static boolean equalsIgnoreCase(byte[] b, int at, String lower) {
    for (int k = 0; k < lower.length(); k++) {
      if ((b[at + k] | 0x20) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
