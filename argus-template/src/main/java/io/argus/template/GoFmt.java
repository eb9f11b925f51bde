package io.argus.template;

import io.argus.template.parse.GoStrings;
import io.argus.util.GoFloat;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Go's {@code fmt} printing of template values: {@code Sprint}, {@code Sprintln}, {@code Sprintf}
 * with the common verbs, flags, width and precision, and Go's float formatting ({@code %e}, {@code
 * %f}, {@code %g}). Thread-safe.
 */
public final class GoFmt {
  private GoFmt() {}

  /** Go's {@code fmt.Sprint}: operands separated by a space when neither is a string. */
  public static String sprint(List<@Nullable Object> args) {
    StringBuilder sb = new StringBuilder();
    boolean prevString = false;
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      boolean isString = a instanceof String || a instanceof GoHtml;
      if (i > 0 && !isString && !prevString) {
        sb.append(' ');
      }
      appendValue(sb, a, 0);
      prevString = isString;
    }
    return sb.toString();
  }

  /** Go's {@code fmt.Sprintln}: operands separated by spaces, then a newline. */
  public static String sprintln(List<@Nullable Object> args) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      appendValue(sb, args.get(i), 0);
    }
    return sb.append('\n').toString();
  }

  /** A value as Go's {@code %v} prints it. */
  public static String valueString(@Nullable Object v) {
    StringBuilder sb = new StringBuilder();
    appendValue(sb, v, 0);
    return sb.toString();
  }

  private static void appendValue(StringBuilder sb, @Nullable Object v, int depth) {
    switch (v) {
      case null -> sb.append("<nil>");
      case String s -> sb.append(s);
      case GoHtml h -> sb.append(h.html());
      case Double d -> sb.append(GoFloat.format(d));
      case GoMap m -> {
        sb.append("map[");
        boolean first = true;
        for (Map.Entry<String, Object> e : m.entries().entrySet()) {
          if (!first) {
            sb.append(' ');
          }
          first = false;
          sb.append(e.getKey()).append(':');
          appendValue(sb, e.getValue(), depth + 1);
        }
        sb.append(']');
      }
      case GoSlice s -> {
        sb.append('[');
        for (int i = 0; i < s.items().size(); i++) {
          if (i > 0) {
            sb.append(' ');
          }
          appendValue(sb, s.items().get(i), depth + 1);
        }
        sb.append(']');
      }
      case GoStruct s -> {
        if (s.pointer()) {
          sb.append('&');
        }
        sb.append('{');
        boolean first = true;
        for (Object f : s.fields().values()) {
          if (!first) {
            sb.append(' ');
          }
          first = false;
          appendValue(sb, f, depth + 1);
        }
        sb.append('}');
      }
      default -> sb.append(v);
    }
  }

  /** Go's {@code fmt.Sprintf}. */
  public static String sprintf(String format, List<@Nullable Object> args) {
    StringBuilder out = new StringBuilder();
    int argIndex = 0;
    boolean reordered = false;
    int n = format.length();
    int i = 0;
    while (i < n) {
      char c = format.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      i++;
      Spec spec = new Spec();
      // flags
      while (i < n) {
        char f = format.charAt(i);
        if (f == '+') {
          spec.plus = true;
        } else if (f == '-') {
          spec.minus = true;
        } else if (f == '#') {
          spec.sharp = true;
        } else if (f == ' ') {
          spec.space = true;
        } else if (f == '0') {
          spec.zero = true;
        } else {
          break;
        }
        i++;
      }
      int explicit = explicitIndex(format, i);
      if (explicit != 0) {
        reordered = true;
        argIndex = explicit > 0 ? explicit - 1 : args.size();
        i = format.indexOf(']', i) + 1;
      }
      if (i < n && format.charAt(i) == '*') {
        i++;
        if (argIndex < args.size() && args.get(argIndex) instanceof Long w) {
          spec.width = (int) (long) w;
          if (spec.width < 0) {
            spec.minus = true;
            spec.width = -spec.width;
          }
        } else {
          out.append("%!(BADWIDTH)");
        }
        argIndex++;
      } else {
        int start = i;
        while (i < n && Character.isDigit(format.charAt(i))) {
          i++;
        }
        if (i > start) {
          spec.width = Integer.parseInt(format.substring(start, i));
        }
      }
      if (i < n && format.charAt(i) == '.') {
        i++;
        if (i < n && format.charAt(i) == '*') {
          i++;
          if (argIndex < args.size() && args.get(argIndex) instanceof Long p && p >= 0) {
            spec.precision = (int) (long) p;
          } else {
            out.append("%!(BADPREC)");
          }
          argIndex++;
        } else {
          int start = i;
          while (i < n && Character.isDigit(format.charAt(i))) {
            i++;
          }
          spec.precision = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
        }
      }
      explicit = explicitIndex(format, i);
      if (explicit != 0) {
        reordered = true;
        argIndex = explicit > 0 ? explicit - 1 : args.size();
        i = format.indexOf(']', i) + 1;
      }
      if (i >= n) {
        out.append("%!(NOVERB)");
        break;
      }
      int verb = format.codePointAt(i);
      i += Character.charCount(verb);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (argIndex >= args.size()) {
        out.append("%!").appendCodePoint(verb).append("(MISSING)");
        continue;
      }
      if (verb == 'v' && spec.plus) {
        spec.plus = false;
        spec.plusV = true;
      }
      formatArg(out, args.get(argIndex++), verb, spec);
    }
    if (!reordered && argIndex < args.size()) {
      out.append("%!(EXTRA ");
      for (int k = argIndex; k < args.size(); k++) {
        if (k > argIndex) {
          out.append(", ");
        }
        Object a = args.get(k);
        if (a == null) {
          out.append("<nil>");
        } else {
          out.append(GoValues.typeName(a)).append('=');
          appendValue(out, a, 0);
        }
      }
      out.append(')');
    }
    return out.toString();
  }

  /** The argument number of a {@code [n]} at {@code i}: 0 if none, -1 if malformed. */
  private static int explicitIndex(String format, int i) {
    if (i >= format.length() || format.charAt(i) != '[') {
      return 0;
    }
    int close = format.indexOf(']', i);
    if (close < 0) {
      return 0;
    }
    try {
      int n = Integer.parseInt(format.substring(i + 1, close));
      return n > 0 ? n : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static final class Spec {
    boolean plus;
    boolean plusV;
    boolean minus;
    boolean sharp;
    boolean space;
    boolean zero;
    int width = -1;
    int precision = -1;
  }

  private static void formatArg(StringBuilder out, @Nullable Object arg, int verb, Spec spec) {
    if (verb == 'T') {
      pad(out, GoValues.typeName(arg), spec, false);
      return;
    }
    if (arg == null) {
      if (verb == 'v') {
        pad(out, "<nil>", spec, false);
      } else {
        out.append("%!").appendCodePoint(verb).append("(<nil>)");
      }
      return;
    }
    if (arg instanceof Integer i) {
      arg = (long) i;
    }
    switch (arg) {
      case Boolean b -> {
        if (verb == 'v' || verb == 't') {
          pad(out, b.toString(), spec, false);
          return;
        }
      }
      case Long l -> {
        if (formatInteger(out, l, verb, spec)) {
          return;
        }
      }
      case Double d -> {
        if (formatFloatVerb(out, d, verb, spec)) {
          return;
        }
      }
      case String s -> {
        if (formatString(out, s, verb, spec)) {
          return;
        }
      }
      case GoHtml h -> {
        if (formatString(out, h.html(), verb, spec)) {
          return;
        }
      }
      case GoMap m -> {
        out.append("map[");
        boolean first = true;
        for (Map.Entry<String, Object> e : m.entries().entrySet()) {
          if (!first) {
            out.append(' ');
          }
          first = false;
          formatArg(out, e.getKey(), verb, spec);
          out.append(':');
          formatArg(out, e.getValue(), verb, spec);
        }
        out.append(']');
        return;
      }
      case GoSlice s -> {
        out.append('[');
        for (int k = 0; k < s.items().size(); k++) {
          if (k > 0) {
            out.append(' ');
          }
          formatArg(out, s.items().get(k), verb, spec);
        }
        out.append(']');
        return;
      }
      case GoStruct s -> {
        if (verb == 'v' || verb == 's' || verb == 'd' || verb == 'f' || verb == 'g') {
          if (s.pointer()) {
            out.append('&');
          }
          out.append('{');
          boolean first = true;
          for (Map.Entry<String, Object> e : s.fields().entrySet()) {
            if (!first) {
              out.append(' ');
            }
            first = false;
            if (spec.plusV) {
              out.append(e.getKey()).append(':');
            }
            formatArg(out, e.getValue(), verb, spec);
          }
          out.append('}');
          return;
        }
      }
      case GoMethods m -> {
        if (verb == 'v' || verb == 's' || verb == 'q') {
          String text = m.toString();
          if (verb == 'q') {
            text = GoStrings.quote(text);
          }
          pad(out, text, spec, false);
          return;
        }
      }
      default -> {}
    }
    out.append("%!").appendCodePoint(verb).append('(').append(GoValues.typeName(arg)).append('=');
    // Go prints the operand with %v, keeping the flags, width and precision given.
    if (verb == 'v') {
      appendValue(out, arg, 0);
    } else {
      formatArg(out, arg, 'v', spec);
    }
    out.append(')');
  }

  private static boolean formatString(StringBuilder out, String s, int verb, Spec spec) {
    switch (verb) {
      case 'v', 's' -> {
        String text = s;
        if (spec.precision >= 0 && text.codePointCount(0, text.length()) > spec.precision) {
          text = text.substring(0, text.offsetByCodePoints(0, spec.precision));
        }
        if (verb == 'v' && spec.sharp) {
          text = GoStrings.quote(text);
        }
        pad(out, text, spec, true);
        return true;
      }
      case 'q' -> {
        boolean backquote =
            spec.sharp && s.indexOf('`') < 0 && s.chars().allMatch(c -> c == '\t' || c >= ' ');
        pad(out, backquote ? "`" + s + "`" : GoStrings.quote(s), spec, true);
        return true;
      }
      case 'x', 'X' -> {
        StringBuilder hex = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
          String h = String.format(verb == 'x' ? "%02x" : "%02X", b & 0xff);
          hex.append(h);
        }
        pad(out, hex.toString(), spec, false);
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static boolean formatInteger(StringBuilder out, long v, int verb, Spec spec) {
    String digits;
    switch (verb) {
      case 'v', 'd' -> digits = Long.toString(Math.abs(v));
      case 'x' -> digits = Long.toHexString(Math.abs(v));
      case 'X' -> digits = Long.toHexString(Math.abs(v)).toUpperCase(java.util.Locale.ROOT);
      case 'o' -> digits = Long.toOctalString(Math.abs(v));
      case 'b' -> digits = Long.toBinaryString(Math.abs(v));
      case 'c' -> {
        pad(out, new String(Character.toChars((int) v)), spec, false);
        return true;
      }
      case 'q' -> {
        StringBuilder q = new StringBuilder("'");
        GoStrings.appendQuoted(q, new String(Character.toChars((int) v)), '\'');
        pad(out, q.append('\'').toString(), spec, false);
        return true;
      }
      case 'U' -> {
        String hex = Long.toHexString(v).toUpperCase(java.util.Locale.ROOT);
        pad(out, "U+" + "0".repeat(Math.max(0, 4 - hex.length())) + hex, spec, false);
        return true;
      }
      case 'e', 'E', 'f', 'F', 'g', 'G' -> {
        return false;
      }
      default -> {
        return false;
      }
    }
    if (v == Long.MIN_VALUE && (verb == 'd' || verb == 'v')) {
      digits = "9223372036854775808";
    }
    if (spec.precision >= 0) {
      if (digits.length() < spec.precision) {
        digits = "0".repeat(spec.precision - digits.length()) + digits;
      } else if (spec.precision == 0 && v == 0) {
        digits = "";
      }
    }
    if (spec.sharp) {
      if (verb == 'x') {
        digits = "0x" + digits;
      } else if (verb == 'X') {
        digits = "0X" + digits;
      } else if (verb == 'o' && !digits.startsWith("0")) {
        digits = "0" + digits;
      }
    }
    String sign = v < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
    padNumber(out, sign, digits, spec, spec.precision < 0);
    return true;
  }

  private static boolean formatFloatVerb(StringBuilder out, double v, int verb, Spec spec) {
    String body;
    switch (verb) {
      case 'v', 'g' -> body = formatG(v, spec.precision, false);
      case 'G' -> body = formatG(v, spec.precision, true);
      case 'e' -> body = formatE(v, spec.precision < 0 ? 6 : spec.precision, 'e');
      case 'E' -> body = formatE(v, spec.precision < 0 ? 6 : spec.precision, 'E');
      case 'f', 'F' -> body = formatF(v, spec.precision < 0 ? 6 : spec.precision);
      case 'x', 'X' -> {
        body = formatHex(v);
        if (verb == 'X') {
          body =
              body.toUpperCase(java.util.Locale.ROOT).replace("INF", "Inf").replace("NAN", "NaN");
        }
      }
      default -> {
        return false;
      }
    }
    boolean special = Double.isNaN(v) || Double.isInfinite(v);
    String sign = "";
    if (body.startsWith("-") || body.startsWith("+")) {
      sign = body.substring(0, 1);
      body = body.substring(1);
    }
    if (sign.isEmpty() && !Double.isNaN(v)) {
      sign = spec.plus ? "+" : spec.space ? " " : "";
    } else if (Double.isNaN(v) && (spec.plus || spec.space)) {
      sign = spec.plus ? "+" : " ";
    }
    padNumber(out, sign, body, spec, !special);
    return true;
  }

  private static void pad(StringBuilder out, String text, Spec spec, boolean allowZero) {
    int len = text.codePointCount(0, text.length());
    int padding = spec.width > len ? spec.width - len : 0;
    if (spec.minus) {
      out.append(text).repeat(' ', padding);
    } else {
      out.repeat(spec.zero && allowZero ? '0' : ' ', padding).append(text);
    }
  }

  private static void padNumber(
      StringBuilder out, String sign, String digits, Spec spec, boolean zeroAllowed) {
    int len = sign.length() + digits.length();
    int padding = spec.width > len ? spec.width - len : 0;
    if (spec.minus) {
      out.append(sign).append(digits).repeat(' ', padding);
    } else if (spec.zero && zeroAllowed) {
      out.append(sign).repeat('0', padding).append(digits);
    } else {
      out.repeat(' ', padding).append(sign).append(digits);
    }
  }

  private static @Nullable String special(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return null;
  }

  private static boolean negative(double v) {
    return (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
  }

  /** Go's {@code %x} of a float: shortest hexadecimal mantissa, binary exponent. */
  static String formatHex(double v) {
    String s = special(v);
    if (s != null) {
      return s;
    }
    StringBuilder sb = new StringBuilder();
    if (negative(v)) {
      sb.append('-');
    }
    double abs = Math.abs(v);
    if (abs == 0) {
      return sb.append("0x0p+00").toString();
    }
    int exp = Math.getExponent(abs);
    long mantissa;
    if (exp < Double.MIN_EXPONENT) {
      int shift = Long.numberOfLeadingZeros(Double.doubleToRawLongBits(abs)) - 11;
      mantissa = (Double.doubleToRawLongBits(abs) << shift) & ((1L << 52) - 1);
      exp = Double.MIN_EXPONENT - shift;
    } else {
      mantissa = Double.doubleToRawLongBits(abs) & ((1L << 52) - 1);
    }
    String frac = String.format("%013x", mantissa).replaceAll("0+$", "");
    sb.append("0x1");
    if (!frac.isEmpty()) {
      sb.append('.').append(frac);
    }
    sb.append('p').append(exp < 0 ? '-' : '+');
    if (Math.abs(exp) < 10) {
      sb.append('0');
    }
    return sb.append(Math.abs(exp)).toString();
  }

  /** Go's {@code %.<prec>f}. */
  public static String formatF(double v, int prec) {
    String s = special(v);
    if (s != null) {
      return s;
    }
    BigDecimal d = new BigDecimal(Math.abs(v)).setScale(prec, RoundingMode.HALF_EVEN);
    return (negative(v) ? "-" : "") + d.toPlainString();
  }

  /** Go's {@code %.<prec>e}. */
  public static String formatE(double v, int prec, char e) {
    String s = special(v);
    if (s != null) {
      return s;
    }
    Digits d = digits(Math.abs(v), prec + 1);
    StringBuilder sb = new StringBuilder();
    if (negative(v)) {
      sb.append('-');
    }
    appendE(sb, d, prec, e);
    return sb.toString();
  }

  /** Decimal digits (no trailing zeros) and decimal point position, Go's {@code decimalSlice}. */
  private record Digits(String d, int dp) {}

  private static Digits digits(double abs, int significant) {
    if (abs == 0) {
      return new Digits("", 0);
    }
    BigDecimal r = new BigDecimal(abs).round(new MathContext(significant, RoundingMode.HALF_EVEN));
    r = r.stripTrailingZeros();
    String unscaled = r.unscaledValue().toString();
    int dp = unscaled.length() - r.scale();
    return new Digits(unscaled, dp);
  }

  private static void appendE(StringBuilder sb, Digits d, int prec, char e) {
    char first = d.d.isEmpty() ? '0' : d.d.charAt(0);
    sb.append(first);
    if (prec > 0) {
      sb.append('.');
      for (int i = 1; i <= prec; i++) {
        sb.append(i < d.d.length() ? d.d.charAt(i) : '0');
      }
    }
    int exp = d.d.isEmpty() ? 0 : d.dp - 1;
    sb.append(e).append(exp < 0 ? '-' : '+');
    int abs = Math.abs(exp);
    if (abs < 10) {
      sb.append('0');
    }
    sb.append(abs);
  }

  /** Go's {@code %g} with a precision ({@code prec < 0}: shortest, as {@code %v}). */
  public static String formatG(double v, int prec, boolean upper) {
    if (prec < 0) {
      String s = GoFloat.format(v);
      return upper ? s.toUpperCase(java.util.Locale.ROOT).replace("INF", "Inf") : s;
    }
    String s = special(v);
    if (s != null) {
      return s;
    }
    if (prec == 0) {
      prec = 1;
    }
    Digits d = digits(Math.abs(v), prec);
    int nd = d.d.length();
    int eprec = prec;
    if (eprec > nd && nd >= d.dp) {
      eprec = nd;
    }
    int exp = d.dp - 1;
    StringBuilder sb = new StringBuilder();
    if (negative(v)) {
      sb.append('-');
    }
    if (v == 0) {
      return sb.append('0').toString();
    }
    if (exp < -4 || exp >= eprec) {
      int p = Math.min(prec, nd);
      appendE(sb, d, p - 1, upper ? 'E' : 'e');
      return sb.toString();
    }
    int p = prec > d.dp ? nd : prec;
    int fracDigits = Math.max(p - d.dp, 0);
    // integer part
    if (d.dp > 0) {
      for (int i = 0; i < d.dp; i++) {
        sb.append(i < nd ? d.d.charAt(i) : '0');
      }
    } else {
      sb.append('0');
    }
    if (fracDigits > 0) {
      sb.append('.');
      for (int i = 0; i < fracDigits; i++) {
        int j = d.dp + i;
        sb.append(j >= 0 && j < nd ? d.d.charAt(j) : '0');
      }
    }
    return sb.toString();
  }
}
