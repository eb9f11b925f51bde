package io.argus.alertmanager.alert;

import io.argus.model.labels.Labels;

/**
 * Alertmanager's label-set fingerprint: 64-bit FNV-1a over the label names in byte order, each name
 * and value as UTF-8 followed by the separator byte 0xff (the empty set hashes to the FNV offset
 * basis). Shown by the API as 16 lower-case hex digits. Stateless; allocation-free.
 */
public final class Fingerprints {
  static final long OFFSET = 0xcbf29ce484222325L;
  static final long PRIME = 0x100000001b3L;
  private static final int SEPARATOR = 0xff;

  private Fingerprints() {}

  /** Returns the fingerprint of {@code labels}. */
  public static long of(Labels labels) {
    long h = OFFSET;
    for (int i = 0; i < labels.size(); i++) {
      h = addUtf8(h, labels.name(i));
      h = (h ^ SEPARATOR) * PRIME;
      h = addUtf8(h, labels.value(i));
      h = (h ^ SEPARATOR) * PRIME;
    }
    return h;
  }

  /** Formats a fingerprint as the API shows it: 16 lower-case hex digits. */
  public static String toHex(long fp) {
    String s = Long.toHexString(fp);
    return s.length() == 16 ? s : "0".repeat(16 - s.length()) + s;
  }

  /**
   * Parses a fingerprint written as hex digits (at most 16).
   *
   * @throws IllegalArgumentException when {@code s} is not such a string
   */
  public static long parseHex(String s) {
    if (s.isEmpty() || s.length() > 16) {
      throw new IllegalArgumentException("invalid fingerprint " + s);
    }
    try {
      return Long.parseUnsignedLong(s, 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid fingerprint " + s, e);
    }
  }

  private static long addUtf8(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        h = (h ^ c) * PRIME;
      } else if (c < 0x800) {
        h = (h ^ (0xc0 | (c >> 6))) * PRIME;
        h = (h ^ (0x80 | (c & 0x3f))) * PRIME;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        h = (h ^ (0xf0 | (cp >> 18))) * PRIME;
        h = (h ^ (0x80 | ((cp >> 12) & 0x3f))) * PRIME;
        h = (h ^ (0x80 | ((cp >> 6) & 0x3f))) * PRIME;
        h = (h ^ (0x80 | (cp & 0x3f))) * PRIME;
      } else {
        // A lone surrogate encodes as U+FFFD, as Java's and Go's UTF-8 encoders do.
        int cp = Character.isSurrogate(c) ? 0xfffd : c;
        h = (h ^ (0xe0 | (cp >> 12))) * PRIME;
        h = (h ^ (0x80 | ((cp >> 6) & 0x3f))) * PRIME;
        h = (h ^ (0x80 | (cp & 0x3f))) * PRIME;
      }
    }
    return h;
  }
}
