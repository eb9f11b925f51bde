package io.argus.template.parse;

import java.util.Locale;

/** Go's {@code %#U} rendering of a rune, e.g. {@code U+0021 '!'}. Thread-safe. */
final class GoUnicode {
  private GoUnicode() {}

  static String sharpU(int r) {
    if (r < 0) {
      return "U+FFFFFFFFFFFFFFFF";
    }
    String hex = Integer.toHexString(r).toUpperCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder("U+");
    sb.repeat('0', Math.max(0, 4 - hex.length())).append(hex);
    if (GoStrings.isPrint(r)) {
      sb.append(" '").appendCodePoint(r).append('\'');
    }
    return sb.toString();
  }
}
