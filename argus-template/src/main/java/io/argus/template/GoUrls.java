package io.argus.template;

import java.nio.charset.StandardCharsets;

/** Go's URL escaping, as the {@code urlquery} builtin and Prometheus' link functions use it. */
public final class GoUrls {
  private GoUrls() {}

  /** Go's {@code url.QueryEscape}. */
  public static String queryEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        sb.append((char) c);
      } else if (c == ' ') {
        sb.append('+');
      } else {
        sb.append('%').append(String.format("%02X", c));
      }
    }
    return sb.toString();
  }
}
