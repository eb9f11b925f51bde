package io.argus.template.parse;

/**
 * Go's {@code strconv.Quote} and {@code strconv.Unquote} for template literals and messages.
 * Thread-safe.
 */
public final class GoStrings {
  private static final String HEX = "0123456789abcdef";

  private GoStrings() {}

  /** Returns {@code s} quoted like Go's {@code strconv.Quote}. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    appendQuoted(sb, s, '"');
    return sb.append('"').toString();
  }

  /** Appends the body of a Go quoted literal of {@code s} using the {@code quote} character. */
  public static void appendQuoted(StringBuilder sb, String s, char quote) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      appendQuotedRune(sb, cp, quote);
    }
  }

  static void appendQuotedRune(StringBuilder sb, int cp, char quote) {
    if (cp == quote || cp == '\\') {
      sb.append('\\').appendCodePoint(cp);
      return;
    }
    if (isPrint(cp)) {
      sb.appendCodePoint(cp);
      return;
    }
    switch (cp) {
      case 7 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 11 -> sb.append("\\v");
      default -> {
        if (cp < ' ' || cp == 0x7f) {
          sb.append("\\x").append(HEX.charAt(cp >> 4)).append(HEX.charAt(cp & 0xf));
        } else if (Character.isSurrogate((char) cp)) {
          sb.append("\\ufffd");
        } else if (cp < 0x10000) {
          sb.append("\\u");
          appendHex(sb, cp, 4);
        } else {
          sb.append("\\U");
          appendHex(sb, cp, 8);
        }
      }
    }
  }

  private static void appendHex(StringBuilder sb, int v, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      sb.append(HEX.charAt((v >> shift) & 0xf));
    }
  }

  /** Whether Go's {@code unicode.IsPrint} holds: graphic characters and the ASCII space. */
  public static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.UNASSIGNED,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR ->
          false;
      default -> true;
    };
  }

  /**
   * Unquotes a Go string literal (double-quoted or raw) like {@code strconv.Unquote}.
   *
   * @throws IllegalArgumentException with message {@code invalid syntax}
   */
  public static String unquote(String literal) {
    int n = literal.length();
    if (n < 2) {
      throw syntax();
    }
    char q = literal.charAt(0);
    if (q != literal.charAt(n - 1)) {
      throw syntax();
    }
    String body = literal.substring(1, n - 1);
    if (q == '`') {
      if (body.indexOf('`') >= 0) {
        throw syntax();
      }
      return body.replace("\r", "");
    }
    if (q != '"' && q != '\'') {
      throw syntax();
    }
    if (body.indexOf('\n') >= 0) {
      throw syntax();
    }
    StringBuilder sb = new StringBuilder(body.length());
    int[] pos = {0};
    while (pos[0] < body.length()) {
      int cp = unquoteChar(body, pos, q);
      sb.appendCodePoint(cp);
      if (q == '\'' && pos[0] != body.length()) {
        throw syntax();
      }
    }
    if (q == '\'' && sb.isEmpty()) {
      throw syntax();
    }
    return sb.toString();
  }

  /**
   * Decodes one possibly escaped character of a quoted literal at {@code pos[0]}, advancing it.
   *
   * @throws IllegalArgumentException with message {@code invalid syntax}
   */
  public static int unquoteChar(String s, int[] pos, char quote) {
    int i = pos[0];
    int c = s.codePointAt(i);
    if (c == quote && (quote == '\'' || quote == '"')) {
      throw syntax();
    }
    if (c != '\\') {
      pos[0] = i + Character.charCount(c);
      return c;
    }
    if (i + 1 >= s.length()) {
      throw syntax();
    }
    char e = s.charAt(i + 1);
    int next = i + 2;
    int value;
    switch (e) {
      case 'a' -> value = 7;
      case 'b' -> value = '\b';
      case 'f' -> value = '\f';
      case 'n' -> value = '\n';
      case 'r' -> value = '\r';
      case 't' -> value = '\t';
      case 'v' -> value = 11;
      case 'x', 'u', 'U' -> {
        int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (next + len > s.length()) {
          throw syntax();
        }
        value = 0;
        for (int k = 0; k < len; k++) {
          int d = Character.digit(s.charAt(next + k), 16);
          if (d < 0) {
            throw syntax();
          }
          value = value * 16 + d;
        }
        next += len;
        if (e != 'x' && (value > 0x10FFFF || (value >= 0xD800 && value < 0xE000))) {
          throw syntax();
        }
      }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        if (i + 4 > s.length()) {
          throw syntax();
        }
        value = 0;
        for (int k = 1; k <= 3; k++) {
          int d = s.charAt(i + k) - '0';
          if (d < 0 || d > 7) {
            throw syntax();
          }
          value = value * 8 + d;
        }
        if (value > 255) {
          throw syntax();
        }
        next = i + 4;
      }
      case '\\' -> value = '\\';
      case '\'', '"' -> {
        if (e != quote) {
          throw syntax();
        }
        value = e;
      }
      default -> throw syntax();
    }
    pos[0] = next;
    return value;
  }

  private static IllegalArgumentException syntax() {
    return new IllegalArgumentException("invalid syntax");
  }
}
