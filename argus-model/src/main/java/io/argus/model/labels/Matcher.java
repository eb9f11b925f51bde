package io.argus.model.labels;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A label matcher: {@code name op "value"}. Regular expressions are fully anchored, as in
 * Prometheus ({@code =~"a|b"} matches exactly "a" or "b"), and {@code .} matches newlines.
 * An absent label matches as the empty string. Instances are immutable and thread-safe.
 */
public final class Matcher {
  private final MatchType type;
  private final String name;
  private final String value;
  private final @Nullable Pattern pattern;

  private Matcher(MatchType type, String name, String value, @Nullable Pattern pattern) {
    this.type = type;
    this.name = name;
    this.value = value;
    this.pattern = pattern;
  }

  /**
   * Returns a matcher.
   *
   * @throws IllegalArgumentException when a regular expression does not compile
   */
  public static Matcher of(MatchType type, String name, String value) {
    Pattern p = null;
    if (type == MatchType.REGEX || type == MatchType.NOT_REGEX) {
      try {
        p = Pattern.compile("(?:" + value + ")", Pattern.DOTALL);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "error parsing regexp: " + e.getDescription() + ": `" + value + "`", e);
      }
    }
    return new Matcher(type, name, value, p);
  }

  public static Matcher equal(String name, String value) {
    return of(MatchType.EQUAL, name, value);
  }

  public static Matcher notEqual(String name, String value) {
    return of(MatchType.NOT_EQUAL, name, value);
  }

  public static Matcher regex(String name, String value) {
    return of(MatchType.REGEX, name, value);
  }

  public static Matcher notRegex(String name, String value) {
    return of(MatchType.NOT_REGEX, name, value);
  }

  public MatchType type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  /** Returns whether {@code v} (the empty string for an absent label) satisfies this matcher. */
  public boolean matches(String v) {
    return switch (type) {
      case EQUAL -> value.equals(v);
      case NOT_EQUAL -> !value.equals(v);
      case REGEX -> Objects.requireNonNull(pattern).matcher(v).matches();
      case NOT_REGEX -> !Objects.requireNonNull(pattern).matcher(v).matches();
    };
  }

  /** Returns whether {@code ls} satisfies this matcher. */
  public boolean matches(Labels ls) {
    return matches(ls.getOrEmpty(name));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Matcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, name, value);
  }

  /** Formats as PromQL: {@code name="value"}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append(type.operator());
    Labels.appendQuoted(sb, value);
    return sb.toString();
  }
}
