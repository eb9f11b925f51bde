package io.argus.model.labels;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A label matcher: {@code name op "value"}. Regular expressions are fully anchored, as in
 * Prometheus ({@code =~"a|b"} matches exactly "a" or "b"), and {@code .} matches newlines. An
 * absent label matches as the empty string. Instances are immutable and thread-safe.
 *
 * <p>Regular expressions use Go's RE2 syntax, exactly as Prometheus: constructs RE2 lacks
 * (lookaround, backreferences, possessive quantifiers, atomic groups) are rejected with Go's error
 * message, and common shapes (literals, sets of literals, {@code .*}, {@code .+},
 * prefix/suffix/infix literals) are matched without a regex engine.
 */
public final class Matcher {
  private final MatchType type;
  private final String name;
  private final String value;
  private final @Nullable FastRegexMatcher regex;
  private final boolean matchesEmpty;

  private Matcher(MatchType type, String name, String value, @Nullable FastRegexMatcher regex) {
    this.type = type;
    this.name = name;
    this.value = value;
    this.regex = regex;
    this.matchesEmpty = matches("");
  }

  /**
   * Returns a matcher.
   *
   * @throws IllegalArgumentException when a regular expression is not valid RE2, with Go's message,
   *     e.g. {@code error parsing regexp: invalid or unsupported Perl syntax: `(?=`}
   */
  public static Matcher of(MatchType type, String name, String value) {
    FastRegexMatcher re = null;
    if (type == MatchType.REGEX || type == MatchType.NOT_REGEX) {
      re = FastRegexMatcher.compile(value);
    }
    return new Matcher(type, name, value, re);
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
      case REGEX -> Objects.requireNonNull(regex).matches(v);
      case NOT_REGEX -> !Objects.requireNonNull(regex).matches(v);
    };
  }

  /**
   * Returns whether the empty string, hence an absent label, satisfies this matcher. Selecting
   * series with only such matchers would select everything, which queries must refuse.
   */
  public boolean matchesEmpty() {
    return matchesEmpty;
  }

  /**
   * For a {@code =~} matcher whose expression is exactly an alternation of literals (possibly
   * through groups, as in {@code =~"a|b(c|d)"}), returns those literals so that postings can be
   * looked up directly; empty for every other matcher. At most 256 values.
   */
  public List<String> setMatches() {
    return type == MatchType.REGEX ? Objects.requireNonNull(regex).setMatches() : List.of();
  }

  /** Returns the regex strategy, for tests of the fast paths; null for equality matchers. */
  FastRegexMatcher.@Nullable Strategy regexStrategy() {
    return regex == null ? null : regex.strategy();
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
