package io.argus.alertmanager.notify;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Go's JSON encoding of a UTC {@code time.Time}: RFC 3339 with trailing fractional zeros cut. */
public final class GoTimeJson {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private GoTimeJson() {}

  /** Formats {@code t}, e.g. {@code 2026-11-27T05:40:04.12Z} or {@code 0001-01-01T00:00:00Z}. */
  public static String format(Instant t) {
    StringBuilder sb = new StringBuilder(SECONDS.format(t));
    int nanos = t.getNano();
    if (nanos != 0) {
      String frac = String.format("%09d", nanos);
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(frac, 0, end);
    }
    return sb.append('Z').toString();
  }
}
