package io.argus.app.log;

/**
 * Writes keys and values in logfmt, the {@code key=value} line format Prometheus logs in. A value
 * is written bare unless it contains a space, a control character, {@code =}, {@code "} or a
 * character that is not printable; then it is quoted, with escapes as Go's {@code strconv.Quote}
 * writes them. An empty value is written as nothing ({@code key=}). Stateless and thread-safe.
 */
public final class Logfmt {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Logfmt() {}

  /** Appends {@code key=value}, preceded by a space unless {@code out} is empty. */
  public static void appendField(StringBuilder out, String key, String value) {
    if (!out.isEmpty()) {
      out.append(' ');
    }
    appendKey(out, key);
    out.append('=');
    appendValue(out, value);
  }

  /**
   * Appends a key, replacing characters a key may not contain (spaces, control characters,
   * {@code =} and {@code "}) with {@code _}; an empty key becomes {@code _}.
   */
  public static void appendKey(StringBuilder out, String key) {
    if (key.isEmpty()) {
      out.append('_');
      return;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      out.append(c <= ' ' || c == '=' || c == '"' || c == 0x7f ? '_' : c);
    }
  }

  /** Appends a value, quoted only when it has to be. */
  public static void appendValue(StringBuilder out, String value) {
    if (needsQuoting(value)) {
      appendQuoted(out, value);
    } else {
      out.append(value);
    }
  }

  /** Returns whether {@code value} must be quoted to be read back as one logfmt value. */
  public static boolean needsQuoting(String value) {
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (cp <= ' ' || cp == '=' || cp == '"' || !isPrintable(value, i, cp)) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }

  /**
   * Appends {@code value} as a double-quoted string with Go's escapes: {@code \"}, {@code \\},
   * {@code \a \b \f \n \r \t \v}, {@code \xHH} for other ASCII control characters, and
   * {@code \\uHHHH} or {@code \\UHHHHHHHH} for characters that are not printable. An unpaired
   * surrogate is written as {@code \\ufffd}.
   */
  public static void appendQuoted(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      int width = Character.charCount(cp);
      switch (cp) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case 0x07 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 0x0b -> out.append("\\v");
        default -> {
          if (cp < ' ' || cp == 0x7f) {
            out.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xf]);
          } else if (Character.isSurrogate((char) cp)) {
            out.append("\\ufffd");
          } else if (isPrintable(value, i, cp)) {
            out.appendCodePoint(cp);
          } else if (cp <= 0xffff) {
            out.append("\\u");
            appendHex(out, cp, 4);
          } else {
            out.append("\\U");
            appendHex(out, cp, 8);
          }
        }
      }
      i += width;
    }
    out.append('"');
  }

  private static void appendHex(StringBuilder out, int value, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      out.append(HEX[(value >> shift) & 0xf]);
    }
  }

  /**
   * Go's notion of printable: letters, marks, numbers, punctuation, symbols and the ASCII space.
   * Other spaces, separators, control, format, private-use and unassigned characters are not.
   */
  private static boolean isPrintable(String s, int index, int cp) {
    if (cp == ' ') {
      return true;
    }
    if (Character.isSurrogate(s.charAt(index)) && Character.charCount(cp) == 1) {
      return false;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.PRIVATE_USE,
          Character.SURROGATE,
          Character.UNASSIGNED,
          Character.SPACE_SEPARATOR,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          false;
      default -> true;
    };
  }
}
