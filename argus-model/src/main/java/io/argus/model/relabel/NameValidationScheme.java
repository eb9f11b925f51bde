package io.argus.model.relabel;

/**
 * Which label names are valid. Prometheus 3 accepts any non-empty UTF-8 name by default ({@link
 * #UTF8}); {@link #LEGACY} restricts names to {@code [a-zA-Z_][a-zA-Z0-9_]*}.
 */
public enum NameValidationScheme {
  LEGACY,
  UTF8;

  /** Whether {@code name} is a valid label name under this scheme. */
  public boolean isValidLabelName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    if (this == UTF8) {
      return isWellFormed(name);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          c == '_'
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
