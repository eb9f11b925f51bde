package io.argus.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text (query strings and form bodies) as Go's
 * {@code url.ParseQuery} does: pairs split on {@code &}, {@code +} is a space, {@code %XX} is a
 * byte, the bytes are UTF-8. As there, a pair whose name contains {@code ;} or whose name or value
 * holds a malformed escape is dropped (Go reports the error, which Prometheus' handlers ignore, so
 * {@code query=%zz} reads as no query at all). Not instantiable; thread-safe.
 */
public final class FormDecoder {
  private FormDecoder() {}

  /** Adds every pair of {@code text} to {@code into}, keeping repeated names in order. */
  public static void decodeInto(String text, Map<String, List<String>> into) {
    int start = 0;
    int n = text.length();
    while (start <= n) {
      int amp = text.indexOf('&', start);
      int end = amp < 0 ? n : amp;
      if (end > start && wellFormed(text, start, end)) {
        int eq = text.indexOf('=', start);
        String name;
        String value;
        if (eq < 0 || eq > end) {
          name = unescape(text, start, end);
          value = "";
        } else {
          name = unescape(text, start, eq);
          value = unescape(text, eq + 1, end);
        }
        into.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
      }
      if (amp < 0) {
        break;
      }
      start = amp + 1;
    }
  }

  /** Whether the pair in {@code [from, to)} is one Go's {@code url.ParseQuery} keeps. */
  private static boolean wellFormed(String s, int from, int to) {
    boolean inName = true;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '=') {
        inName = false;
      } else if (c == ';' && inName) {
        return false;
      } else if (c == '%') {
        if (i + 2 >= to || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
          return false;
        }
        i += 2;
      }
    }
    return true;
  }

  /** Decodes one escaped component ({@code +} and {@code %XX}; a malformed escape stays as is). */
  public static String unescape(String s, int from, int to) {
    boolean plain = true;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '+' || c == '%') {
        plain = false;
        break;
      }
    }
    if (plain) {
      return s.substring(from, to);
    }
    // Every char yields at most 3 UTF-8 bytes; an escape (3 chars) yields 1.
    byte[] out = new byte[3 * (to - from)];
    int size = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '+') {
        out[size++] = ' ';
      } else if (c == '%' && i + 2 < to && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out[size++] = (byte) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
      } else if (c < 0x80) {
        out[size++] = (byte) c;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = Character.toString(cp).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, out, size, b.length);
        size += b.length;
        i += Character.charCount(cp) - 1;
      }
    }
    return new String(out, 0, size, StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
