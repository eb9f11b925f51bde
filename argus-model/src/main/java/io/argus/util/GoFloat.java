package io.argus.util;

/**
 * Formats doubles exactly as Go's {@code %g} verb (and {@code strconv.FormatFloat(v, 'g', -1, 64)})
 * does, which is how Prometheus' tools print sample values: the shortest decimal that reads back as
 * the same double, in exponent form when its decimal exponent is below -4 or at least 6 (e.g.
 * {@code 21.75}, {@code 123456}, {@code 1e+06}, {@code 1.5e-05}, {@code +Inf}, {@code NaN}).
 * Thread-safe.
 *
 * <p>Digits come from {@link Double#toString(double)}, which since JDK 19 yields the shortest
 * decimal that rounds to the double (Giulietti's algorithm), as Go's shortest formatting does;
 * integers below 2<sup>53</sup> skip it. No intermediate {@code BigDecimal} is built.
 */
public final class GoFloat {
  /**
   * Enough room for any {@link #writeJson} output: 17 digits, sign, point, and either up to 7
   * leading zeros (plain form) or a 5-character exponent.
   */
  public static final int MAX_JSON_CHARS = 32;

  /** Enough room for any {@link #formatPlain} output ({@code -0.} then 323 zeros and 17 digits). */
  private static final int MAX_PLAIN_CHARS = 344;

  private static final double TWO_POW_53 = 0x1p53;
  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
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

  private GoFloat() {}

  /** Returns {@code v} formatted like Go's {@code fmt.Sprintf("%g", v)}. */
  public static String format(double v) {
    return format(v, Form.G);
  }

  /**
   * Returns {@code v} as Prometheus' HTTP API writes sample values: the shortest decimal that reads
   * back as the same double, in plain form ({@code strconv.FormatFloat(v, 'f', -1, 64)}, e.g.
   * {@code 1234567}, {@code 0.000123}) unless its magnitude is below 1e-6 or at least 1e21, where
   * the exponent form of {@link #format} is used ({@code 1e-07}, {@code 1.5e+21}). Special values
   * are {@code NaN}, {@code +Inf} and {@code -Inf}.
   */
  public static String formatJson(double v) {
    return format(v, Form.JSON);
  }

  /**
   * Writes {@link #formatJson formatJson(v)} into {@code buf} from {@code off} and returns the
   * index after the last character written. {@code buf} must have at least {@link #MAX_JSON_CHARS}
   * chars from {@code off}. Lets JSON writers reuse one buffer instead of a String per value.
   */
  public static int writeJson(double v, char[] buf, int off) {
    return write(v, Form.JSON, buf, off);
  }

  /**
   * Returns {@code v} like Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest decimal
   * that reads back as the same double, never in exponent form ({@code 0.0000001}, {@code
   * 1500000000000000000000}); special values as in {@link #formatJson}.
   */
  public static String formatPlain(double v) {
    return format(v, Form.PLAIN);
  }

  /**
   * Returns {@code v} like Go's {@code strconv.FormatFloat(v, 'E', -1, 64)}: the shortest decimal
   * that reads back as the same double, always in exponent form with at least two exponent digits
   * ({@code 1E+00}, {@code 1.5E-07}, {@code 0E+00}); special values as in {@link #formatJson}.
   */
  public static String formatUpperExponent(double v) {
    return format(v, Form.UPPER_EXPONENT);
  }

  private static String format(double v, Form form) {
    char[] buf = new char[form == Form.PLAIN ? MAX_PLAIN_CHARS : MAX_JSON_CHARS];
    int end = write(v, form, buf, 0);
    return new String(buf, 0, end);
  }

  private static int write(double v, Form form, char[] buf, int off) {
    if (Double.isNaN(v)) {
      return putAscii("NaN", buf, off);
    }
    if (Double.isInfinite(v)) {
      return putAscii(v > 0 ? "+Inf" : "-Inf", buf, off);
    }
    int pos = off;
    if ((Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0) {
      buf[pos++] = '-';
    }
    if (v == 0) {
      return putAscii(form == Form.UPPER_EXPONENT ? "0E+00" : "0", buf, pos);
    }
    double abs = Math.abs(v);
    // The value is digits * 10^(exponent - digitCount + 1), digits without trailing zeros.
    long digits;
    int exponent;
    long whole = (long) abs;
    if (abs < TWO_POW_53 && whole == abs) {
      // Every integer below 2^53 is a double, so no shorter decimal rounds to it.
      int zeros = 0;
      while (whole % 10 == 0) {
        whole /= 10;
        zeros++;
      }
      digits = whole;
      exponent = digitCount(whole) - 1 + zeros;
    } else {
      String s = Double.toString(abs);
      long d = 0;
      int scale = 0;
      boolean afterPoint = false;
      int i = 0;
      int n = s.length();
      for (; i < n; i++) {
        char c = s.charAt(i);
        if (c == '.') {
          afterPoint = true;
        } else if (c == 'E') {
          break;
        } else {
          d = d * 10 + (c - '0');
          if (afterPoint) {
            scale--;
          }
        }
      }
      if (i < n) {
        scale += Integer.parseInt(s, i + 1, n, 10);
      }
      while (d % 10 == 0) {
        d /= 10;
        scale++;
      }
      int count = digitCount(d);
      exponent = scale + count - 1;
      if (count == 2) {
        // Java may print two digits where one already identifies the double; Go never does.
        long first = d / 10;
        long second = d % 10;
        long rounded = second > 5 || (second == 5 && (first & 1) == 1) ? first + 1 : first;
        if (parsesTo(rounded, exponent, abs)) {
          d = rounded == 10 ? 1 : rounded;
          exponent = rounded == 10 ? exponent + 1 : exponent;
        }
      }
      digits = d;
    }
    boolean exponentForm =
        switch (form) {
          case G -> exponent < EXPONENT_FORM_BELOW || exponent >= EXPONENT_FORM_FROM;
          case JSON -> abs < JSON_PLAIN_FROM || abs >= JSON_PLAIN_BELOW;
          case PLAIN -> false;
          case UPPER_EXPONENT -> true;
        };
    int count = digitCount(digits);
    if (exponentForm) {
      putDigits(digits, count, 1, buf, pos);
      pos += count == 1 ? 1 : count + 1;
      buf[pos++] = form == Form.UPPER_EXPONENT ? 'E' : 'e';
      buf[pos++] = exponent < 0 ? '-' : '+';
      int absExp = Math.abs(exponent);
      if (absExp >= 100) {
        buf[pos++] = (char) ('0' + absExp / 100);
        absExp %= 100;
      }
      buf[pos++] = (char) ('0' + absExp / 10);
      buf[pos++] = (char) ('0' + absExp % 10);
      return pos;
    }
    if (exponent >= 0) {
      int intDigits = exponent + 1;
      if (count <= intDigits) {
        putDigits(digits, count, count, buf, pos);
        pos += count;
        for (int k = count; k < intDigits; k++) {
          buf[pos++] = '0';
        }
        return pos;
      }
      putDigits(digits, count, intDigits, buf, pos);
      return pos + count + 1;
    }
    buf[pos++] = '0';
    buf[pos++] = '.';
    for (int k = -exponent - 1; k > 0; k--) {
      buf[pos++] = '0';
    }
    putDigits(digits, count, count, buf, pos);
    return pos + count;
  }

  /** Whether the one-digit decimal {@code digit * 10^exponent} (digit 1..10) reads as {@code v}. */
  private static boolean parsesTo(long digit, int exponent, double v) {
    if (exponent >= 0 && exponent < POWERS_OF_TEN.length) {
      // Both factors are exact, so the single rounding matches parsing the decimal.
      return digit * POWERS_OF_TEN[exponent] == v;
    }
    if (exponent < 0 && -exponent < POWERS_OF_TEN.length) {
      return digit / POWERS_OF_TEN[-exponent] == v;
    }
    return Double.parseDouble(digit + "e" + exponent) == v;
  }

  /**
   * Writes the {@code count} decimal digits of {@code digits} at {@code pos}, with a point after
   * the first {@code pointAfter} of them when {@code pointAfter < count}.
   */
  private static void putDigits(long digits, int count, int pointAfter, char[] buf, int pos) {
    long rest = digits;
    for (int k = count - 1; k >= 0; k--) {
      buf[pos + k + (k >= pointAfter ? 1 : 0)] = (char) ('0' + (int) (rest % 10));
      rest /= 10;
    }
    if (pointAfter < count) {
      buf[pos + pointAfter] = '.';
    }
  }

  private static int digitCount(long v) {
    int count = 1;
    for (long rest = v; rest >= 10; rest /= 10) {
      count++;
    }
    return count;
  }

  private static int putAscii(String s, char[] buf, int pos) {
    s.getChars(0, s.length(), buf, pos);
    return pos + s.length();
  }
}
