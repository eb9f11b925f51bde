package io.argus.model.labels;

import java.util.Comparator;

/**
 * Compares strings by their UTF-8 bytes, unsigned, which is the order Prometheus (Go) uses for
 * symbols, label sets and postings keys. UTF-8 byte order equals Unicode code point order, which
 * differs from {@link String#compareTo} only when a surrogate pair meets a char in U+E000–U+FFFF.
 */
public final class Utf8Order {
  /** The comparator form of {@link #compare}. */
  public static final Comparator<String> COMPARATOR = Utf8Order::compare;

  private Utf8Order() {}

  /** Compares {@code a} and {@code b} as their UTF-8 encodings would compare. */
  public static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        if (ca >= 0xD800 && cb >= 0xD800) {
          return fixup(ca) - fixup(cb);
        }
        return ca - cb;
      }
    }
    return a.length() - b.length();
  }

  /** Moves surrogates above U+E000–U+FFFF so chars compare in code point order. */
  private static int fixup(char c) {
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }
}
