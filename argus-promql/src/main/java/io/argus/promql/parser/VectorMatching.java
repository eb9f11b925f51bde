package io.argus.promql.parser;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How the series of the two sides of a binary operation between instant vectors are matched.
 *
 * @param matchingLabels labels of {@code on(...)} (when {@code on}) or {@code ignoring(...)}
 * @param include labels of {@code group_left(...)} / {@code group_right(...)}
 * @param fillLeft value for series missing on the left side ({@code fill}/{@code fill_left})
 * @param fillRight value for series missing on the right side ({@code fill}/{@code fill_right})
 */
public record VectorMatching(
    Cardinality cardinality,
    List<String> matchingLabels,
    boolean on,
    List<String> include,
    @Nullable Double fillLeft,
    @Nullable Double fillRight) {
  public VectorMatching {
    matchingLabels = List.copyOf(matchingLabels);
    include = List.copyOf(include);
  }

  /** Matching cardinality. */
  public enum Cardinality {
    ONE_TO_ONE,
    MANY_TO_ONE,
    ONE_TO_MANY,
    MANY_TO_MANY
  }
}
