package io.argus.tsdb.index;

import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Selects the series whose labels satisfy a list of matchers, with Prometheus' semantics: a series
 * qualifies when every matcher accepts the series' value of the matcher's label, an absent label
 * counting as the empty string. Hence a matcher that accepts the empty string ({@code foo=""},
 * {@code foo!="bar"}, {@code foo=~"x|"}) also selects series without that label.
 *
 * <p>Strategy: matchers that require their label to be present are intersected; the others are
 * evaluated as the set of series to remove, which is subtracted at the end. When no matcher
 * requires a label, the all-series list is the starting point. Regular expressions that are a plain
 * alternation of literals ({@code a|b|c}) look up those postings directly instead of testing every
 * value of the label.
 */
public final class PostingsForMatchers {
  private static final String REGEX_META = "\\.+*?()|[]{}^$";

  private PostingsForMatchers() {}

  /**
   * Returns the references of the series of {@code ix} that satisfy all {@code ms}, ascending;
   * {@link Postings#EMPTY} for no matchers. The result reads from {@code ix}, which must stay open
   * while it is used.
   */
  public static Postings select(IndexReader ix, Matcher... ms) {
    if (ms.length == 0) {
      return Postings.EMPTY;
    }
    Set<String> mustBeSet = new HashSet<>();
    for (Matcher m : ms) {
      if (!m.matches("")) {
        mustBeSet.add(m.name());
      }
    }
    List<Postings> intersecting = new ArrayList<>();
    List<Postings> subtracting = new ArrayList<>();
    boolean anyIntersecting = false;
    for (Matcher m : ms) {
      if (!isSubtracting(m, mustBeSet)) {
        anyIntersecting = true;
      }
    }
    if (!anyIntersecting) {
      intersecting.add(ix.allPostings());
    }
    for (Matcher m : ms) {
      if (isSubtracting(m, mustBeSet)) {
        continue;
      }
      Postings p = m.name().isEmpty() ? Postings.EMPTY : postingsMatching(ix, m);
      if (p == Postings.EMPTY) {
        return Postings.EMPTY;
      }
      intersecting.add(p);
    }
    for (Matcher m : ms) {
      if (!isSubtracting(m, mustBeSet)) {
        continue;
      }
      // The label may be absent; drop the series whose value the matcher rejects.
      Postings p = postingsNotMatching(ix, m);
      if (p != Postings.EMPTY) {
        subtracting.add(p);
      }
    }
    Postings result = PostingsAlgebra.intersect(intersecting);
    if (!subtracting.isEmpty()) {
      result = PostingsAlgebra.without(result, PostingsAlgebra.merge(subtracting));
    }
    return result;
  }

  /**
   * A matcher subtracts when series without its label may qualify (no matcher requires the label),
   * and also when it is a negative matcher accepting the empty string: removing the few rejected
   * values is cheaper than intersecting with everything else. All other matchers intersect.
   */
  private static boolean isSubtracting(Matcher m, Set<String> mustBeSet) {
    if (!mustBeSet.contains(m.name())) {
      return true;
    }
    boolean negative = m.type() == MatchType.NOT_EQUAL || m.type() == MatchType.NOT_REGEX;
    return negative && m.matches("");
  }

  /** Returns the series carrying a value of {@code m.name()} that {@code m} accepts. */
  private static Postings postingsMatching(IndexReader ix, Matcher m) {
    if (m.type() == MatchType.EQUAL) {
      return ix.postings(m.name(), m.value());
    }
    if (m.type() == MatchType.REGEX) {
      List<String> literals = literalAlternatives(m.value());
      if (literals != null) {
        return ix.postings(m.name(), literals.toArray(new String[0]));
      }
    }
    return postingsFiltered(ix, m, true);
  }

  /** Returns the series carrying a value of {@code m.name()} that {@code m} rejects. */
  private static Postings postingsNotMatching(IndexReader ix, Matcher m) {
    if (m.name().isEmpty()) {
      return Postings.EMPTY; // no series has a label with an empty name
    }
    if (m.type() == MatchType.NOT_EQUAL) {
      return ix.postings(m.name(), m.value());
    }
    if (m.type() == MatchType.NOT_REGEX) {
      List<String> literals = literalAlternatives(m.value());
      if (literals != null) {
        return ix.postings(m.name(), literals.toArray(new String[0]));
      }
    }
    return postingsFiltered(ix, m, false);
  }

  private static Postings postingsFiltered(IndexReader ix, Matcher m, boolean accepted) {
    List<String> values = new ArrayList<>();
    for (String v : ix.labelValues(m.name())) {
      if (m.matches(v) == accepted) {
        values.add(v);
      }
    }
    return values.isEmpty() ? Postings.EMPTY : ix.postings(m.name(), values.toArray(new String[0]));
  }

  /**
   * Returns the alternatives when {@code regex} is only literals separated by {@code |} (optionally
   * in one group, punctuation possibly escaped by a backslash), else null.
   */
  static @Nullable List<String> literalAlternatives(String regex) {
    String body = regex;
    if (body.startsWith("(?:") && body.endsWith(")")) {
      body = body.substring(3, body.length() - 1);
    } else if (body.startsWith("(") && body.endsWith(")")) {
      body = body.substring(1, body.length() - 1);
    }
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\') {
        if (i + 1 >= body.length()) {
          return null;
        }
        char escaped = body.charAt(++i);
        if (REGEX_META.indexOf(escaped) < 0 && escaped != '-' && escaped != '/') {
          return null; // \d, \n, \Q and friends are not literals
        }
        current.append(escaped);
      } else if (c == '|') {
        out.add(current.toString());
        current.setLength(0);
      } else if (REGEX_META.indexOf(c) >= 0) {
        return null;
      } else {
        current.append(c);
      }
    }
    out.add(current.toString());
    return out;
  }
}
