package io.argus.app.cli;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Byte sizes as Prometheus' {@code --storage.tsdb.retention.size} takes them: one or more
 * {@code <number><unit>} terms such as {@code 512MB}, {@code 1.5GB} or {@code 1GB512MB}, with
 * base-2 units {@code B}, {@code KB}/{@code KiB}, {@code MB}/{@code MiB}, {@code GB}/{@code GiB},
 * {@code TB}/{@code TiB}, {@code PB}/{@code PiB}, {@code EB}/{@code EiB} (so {@code 1KB} is 1024
 * bytes), or the bare {@code 0}. Stateless and thread-safe.
 */
public final class ByteSize {
  private static final Map<String, Integer> UNIT_SHIFT =
      Map.ofEntries(
          Map.entry("B", 0),
          Map.entry("KB", 10), Map.entry("KiB", 10),
          Map.entry("MB", 20), Map.entry("MiB", 20),
          Map.entry("GB", 30), Map.entry("GiB", 30),
          Map.entry("TB", 40), Map.entry("TiB", 40),
          Map.entry("PB", 50), Map.entry("PiB", 50),
          Map.entry("EB", 60), Map.entry("EiB", 60));

  private ByteSize() {}

  /**
   * Parses a size and returns it in bytes, rounding fractions down.
   *
   * @throws IllegalArgumentException when the text is malformed, has an unknown unit or does not
   *     fit in a long
   */
  public static long parseBytes(String text) {
    if (text.equals("0")) {
      return 0;
    }
    BigDecimal total = BigDecimal.ZERO;
    int pos = 0;
    if (text.isEmpty()) {
      throw invalid(text);
    }
    while (pos < text.length()) {
      int numberStart = pos;
      while (pos < text.length()
          && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
        pos++;
      }
      int unitStart = pos;
      while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
        pos++;
      }
      if (numberStart == unitStart || unitStart == pos) {
        throw invalid(text);
      }
      Integer shift = UNIT_SHIFT.get(text.substring(unitStart, pos));
      if (shift == null) {
        throw new IllegalArgumentException(
            "unknown unit \"%s\" in size \"%s\"".formatted(text.substring(unitStart, pos), text));
      }
      BigDecimal amount;
      try {
        amount = new BigDecimal(text.substring(numberStart, unitStart));
      } catch (NumberFormatException e) {
        throw invalid(text);
      }
      total = total.add(amount.multiply(BigDecimal.valueOf(1L << shift)));
    }
    try {
      return total.toBigInteger().longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("size out of range: \"%s\"".formatted(text));
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("not a valid size: \"%s\"".formatted(text));
  }
}
