package io.argus.template.parse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.function.Function;

/** Interprets numeric and character literals as Go's template parser does. Thread-safe. */
final class NumberParser {
  private static final BigInteger MAX_UINT64 =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private NumberParser() {}

  static Node.Number parse(Token token, Function<String, RuntimeException> errorf) {
    String text = token.val();
    int pos = token.pos();
    if (token.type() == TokenType.CHAR_CONSTANT) {
      int[] at = {1};
      int rune;
      try {
        rune = GoStrings.unquoteChar(text, at, '\'');
      } catch (IllegalArgumentException e) {
        throw errorf.apply(e.getMessage());
      }
      if (!text.substring(at[0]).equals("'")) {
        throw errorf.apply("malformed character constant: " + text);
      }
      return new Node.Number(pos, text, true, rune, true, true, rune, false);
    }
    if (token.type() == TokenType.COMPLEX || text.endsWith("i")) {
      return new Node.Number(pos, text, false, 0, false, false, 0, true);
    }
    BigInteger integer = parseInteger(text);
    boolean isInt = false;
    boolean isUint = false;
    long intValue = 0;
    boolean isFloat = false;
    double floatValue = 0;
    if (integer != null) {
      isUint = integer.signum() >= 0 && integer.compareTo(MAX_UINT64) <= 0 && !text.startsWith("-");
      if (integer.bitLength() < 64) {
        isInt = true;
        intValue = integer.longValue();
        if (intValue == 0) {
          isUint = true;
        }
      }
      if (isInt) {
        isFloat = true;
        floatValue = intValue;
      } else if (isUint) {
        isFloat = true;
        floatValue = integer.doubleValue();
      }
    }
    if (!isInt && !isUint) {
      Double f = parseFloat(text);
      if (f != null) {
        if (!containsAny(text, ".eEpP")) {
          throw errorf.apply("integer overflow: " + GoStrings.quote(text));
        }
        isFloat = true;
        floatValue = f;
        if (!Double.isInfinite(f) && f == Math.rint(f) && Math.abs(f) < 0x1p63) {
          isInt = true;
          intValue = (long) f.doubleValue();
        }
        if (!Double.isInfinite(f) && f == Math.rint(f) && f >= 0 && f < 0x1p64) {
          isUint = true;
        }
      }
    }
    if (!isInt && !isUint && !isFloat) {
      throw errorf.apply("illegal number syntax: " + GoStrings.quote(text));
    }
    return new Node.Number(pos, text, isInt, intValue, isUint, isFloat, floatValue, false);
  }

  private static boolean containsAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Go's {@code strconv.ParseInt(text, 0, 64)} syntax without the range check, or null. */
  private static BigInteger parseInteger(String text) {
    String s = text;
    boolean negative = false;
    if (s.startsWith("+") || s.startsWith("-")) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    int radix = 10;
    boolean prefixed = false;
    if (s.length() >= 2 && s.charAt(0) == '0') {
      char p = Character.toLowerCase(s.charAt(1));
      if (p == 'x') {
        radix = 16;
        prefixed = true;
      } else if (p == 'o') {
        radix = 8;
        prefixed = true;
      } else if (p == 'b') {
        radix = 2;
        prefixed = true;
      } else {
        radix = 8;
      }
    }
    String digits = prefixed ? s.substring(2) : s;
    if (!validUnderscores(s, prefixed || radix == 8)) {
      return null;
    }
    digits = digits.replace("_", "");
    if (digits.isEmpty()) {
      return null;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), radix) < 0) {
        return null;
      }
    }
    try {
      BigInteger v = new BigInteger(digits, radix);
      return negative ? v.negate() : v;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean validUnderscores(String s, boolean basePrefix) {
    if (s.indexOf('_') < 0) {
      return true;
    }
    // Underscores must separate digits (or follow a base prefix).
    char prev = basePrefix ? '0' : '^';
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '_') {
        if (prev != '0') {
          return false;
        }
      }
      prev = c == '_' ? '_' : (Character.isLetterOrDigit(c) ? '0' : '!');
    }
    return prev != '_';
  }

  /** Go's {@code strconv.ParseFloat(text, 64)} for decimal and hex literals, or null. */
  private static Double parseFloat(String text) {
    String s = text.replace("_", "");
    boolean negative = s.startsWith("-");
    if (s.startsWith("+") || s.startsWith("-")) {
      s = s.substring(1);
    }
    if (s.isEmpty()) {
      return null;
    }
    try {
      double v;
      if (s.length() > 1 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
        if (!s.contains("p") && !s.contains("P")) {
          return null;
        }
        v = Double.parseDouble(s.startsWith("0X") ? "0x" + s.substring(2) : s);
      } else {
        if (!s.matches("([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
          return null;
        }
        v = new BigDecimal(s).doubleValue();
      }
      return negative ? -v : v;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
