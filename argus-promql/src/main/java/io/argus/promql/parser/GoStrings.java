package io.argus.promql.parser;

import io.argus.util.GoFloat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/** Go-compatible quoting and float formatting, so messages and printed queries match upstream. */
final class GoStrings {
  private GoStrings() {}

  /** Quotes like Go's {@code strconv.Quote}. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> appendEscaped(sb, cp, '"'));
    return sb.append('"').toString();
  }

  /** Quotes a rune like Go's {@code %q} verb; -1 (end of input) quotes as U+FFFD. */
  static String quoteRune(int cp) {
    StringBuilder sb = new StringBuilder("'");
    appendEscaped(sb, cp < 0 ? 0xFFFD : cp, '\'');
    return sb.append('\'').toString();
  }

  /** Formats a rune like Go's {@code %#U}: {@code U+0063 'c'}. */
  static String describeRune(int cp) {
    String hex = String.format("U+%04X", cp < 0 ? 0xFFFD : cp);
    return isPrintable(cp) ? hex + " '" + new String(Character.toChars(cp)) + "'" : hex;
  }

  private static void appendEscaped(StringBuilder sb, int cp, char quote) {
    switch (cp) {
      case 0x07 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 0x0B -> sb.append("\\v");
      case '\\' -> sb.append("\\\\");
      default -> {
        if (cp == quote) {
          sb.append('\\').appendCodePoint(cp);
        } else if (isPrintable(cp)) {
          sb.appendCodePoint(cp);
        } else if (cp < 0x80) {
          sb.append(String.format("\\x%02x", cp));
        } else if (cp < 0x10000) {
          sb.append(String.format("\\u%04x", cp));
        } else {
          sb.append(String.format("\\U%08x", cp));
        }
      }
    }
  }

  private static boolean isPrintable(int cp) {
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xAD) {
      return false;
    }
    int type = Character.getType(cp);
    return type != Character.UNASSIGNED
        && type != Character.SURROGATE
        && type != Character.PRIVATE_USE
        && type != Character.FORMAT
        && type != Character.CONTROL
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR
        && (type != Character.SPACE_SEPARATOR || cp == ' ');
  }

  /**
   * Unquotes a PromQL string literal (single, double or back quotes) with Go's escapes. Byte
   * escapes ({@code \xff}, {@code \377}) are collected and decoded as UTF-8.
   *
   * @throws IllegalArgumentException on malformed input (the lexer normally rejects it first)
   */
  static String unquote(String s) {
    if (s.length() < 2 || s.charAt(0) != s.charAt(s.length() - 1)) {
      throw new IllegalArgumentException("invalid syntax");
    }
    char q = s.charAt(0);
    String body = s.substring(1, s.length() - 1);
    if (q == '`') {
      if (body.indexOf('`') >= 0) {
        throw new IllegalArgumentException("invalid syntax");
      }
      return body;
    }
    if (q != '"' && q != '\'') {
      throw new IllegalArgumentException("invalid syntax");
    }
    if (body.indexOf('\\') < 0) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c != '\\') {
        int cp = body.codePointAt(i);
        i += Character.charCount(cp);
        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 1 >= body.length()) {
        throw new IllegalArgumentException("invalid syntax");
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> out.write(7);
        case 'b' -> out.write(8);
        case 'f' -> out.write(12);
        case 'n' -> out.write(10);
        case 'r' -> out.write(13);
        case 't' -> out.write(9);
        case 'v' -> out.write(11);
        case '\\' -> out.write('\\');
        case '\'', '"' -> {
          if (e != q) {
            throw new IllegalArgumentException("invalid syntax");
          }
          out.write(e);
        }
        case 'x' -> {
          out.write(hex(body, i, 2, 16));
          i += 2;
        }
        case 'u', 'U' -> {
          int n = e == 'u' ? 4 : 8;
          int cp = hex(body, i, n, 16);
          i += n;
          if (cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp < 0xE000)) {
            throw new IllegalArgumentException("invalid syntax");
          }
          out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        }
        default -> {
          if (e >= '0' && e <= '7') {
            int v = hex(body, i - 1, 3, 8);
            if (v > 255) {
              throw new IllegalArgumentException("invalid syntax");
            }
            out.write(v);
            i += 2;
          } else {
            throw new IllegalArgumentException("invalid syntax");
          }
        }
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(String s, int from, int n, int base) {
    if (from + n > s.length()) {
      throw new IllegalArgumentException("invalid syntax");
    }
    int v = 0;
    for (int k = 0; k < n; k++) {
      int d = Character.digit(s.charAt(from + k), base);
      if (d < 0) {
        throw new IllegalArgumentException("invalid syntax");
      }
      v = v * base + d;
    }
    return v;
  }

  /** Formats like Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest, no exponent. */
  static String formatFloat(double v) {
    return GoFloat.formatPlain(v);
  }

  /** Formats like Go's {@code %v} for a float64: shortest, exponent below 1e-4 or from 1e21. */
  static String formatFloatV(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
      return formatFloat(v);
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    int exponent = d.precision() - d.scale() - 1;
    if (exponent < -4 || exponent >= 21) {
      String digits = d.unscaledValue().abs().toString();
      StringBuilder sb = new StringBuilder();
      if (v < 0) {
        sb.append('-');
      }
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) {
        sb.append('0');
      }
      return sb.append(abs).toString();
    }
    return d.toPlainString();
  }

  /** Formats like Go's {@code %f}: six decimals, exact, {@code +Inf}, {@code -Inf}, {@code NaN}. */
  static String formatFixed6(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return formatFloat(v);
    }
    return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
  }
}
