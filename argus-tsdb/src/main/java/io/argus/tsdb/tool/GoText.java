package io.argus.tsdb.tool;

import io.argus.util.GoDuration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * Renders durations, byte sizes and instants the way Go's standard library prints them in
 * promtool's output ({@code time.Duration.String}, {@code units.Base2Bytes.String}, {@code
 * time.Time.String} in UTC). Stateless and thread-safe.
 */
public final class GoText {
  private static final DateTimeFormatter UTC_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String[] BINARY_PREFIXES = {"", "K", "M", "G", "T", "P", "E"};

  private GoText() {}

  /**
   * Formats a span of {@code millis} milliseconds like Go's {@code time.Duration.String}: {@code
   * 2h0m0s}, {@code 2m16.001s}, {@code 1.5s}, {@code 250ms}, {@code 0s}.
   */
  public static String duration(long millis) {
    return GoDuration.format(millis);
  }

  /**
   * Formats a byte count like {@code units.Base2Bytes.String} in Go: each non-zero power-of-1024
   * component from the largest, e.g. {@code 1KiB9B} for 1033, {@code 2MiB} for 2097152, {@code 0B}
   * for 0.
   */
  public static String base2Bytes(long bytes) {
    if (bytes == 0) {
      return "0B";
    }
    String sign = bytes < 0 ? "-" : "";
    long n = Math.abs(bytes);
    @Nullable String[] parts = new String[BINARY_PREFIXES.length];
    for (int i = 0; i < BINARY_PREFIXES.length && n != 0; i++) {
      long component = n % 1024;
      if (component != 0) {
        parts[i] = component + BINARY_PREFIXES[i] + (i == 0 ? "B" : "iB");
      }
      n /= 1024;
    }
    StringBuilder sb = new StringBuilder(sign);
    for (int i = parts.length - 1; i >= 0; i--) {
      if (parts[i] != null) {
        sb.append(parts[i]);
      }
    }
    return sb.toString();
  }

  /**
   * Formats the whole second containing {@code millis} (truncated toward zero, as Go's {@code
   * time.Unix(ms/1000, 0)}) like Go's {@code Time.String} in UTC: {@code 2023-11-14 22:13:20 +0000
   * UTC}.
   */
  public static String utcTime(long millis) {
    return UTC_SECONDS.format(Instant.ofEpochSecond(millis / 1000)) + " +0000 UTC";
  }
}
