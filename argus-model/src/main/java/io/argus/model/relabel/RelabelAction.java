package io.argus.model.relabel;

import java.util.Locale;

/** What a relabel rule does; the YAML spelling is {@link #yamlName()}. */
public enum RelabelAction {
  REPLACE,
  KEEP,
  DROP,
  KEEPEQUAL,
  DROPEQUAL,
  HASHMOD,
  LABELMAP,
  LABELDROP,
  LABELKEEP,
  LOWERCASE,
  UPPERCASE;

  /** The name used in configuration files, e.g. {@code labelmap}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses an action name case-insensitively, as upstream.
   *
   * @throws IllegalArgumentException {@code unknown relabel action "x"}
   */
  public static RelabelAction parse(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (RelabelAction a : values()) {
      if (a.yamlName().equals(lower)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown relabel action \"" + text + "\"");
  }

  @Override
  public String toString() {
    return yamlName();
  }
}
