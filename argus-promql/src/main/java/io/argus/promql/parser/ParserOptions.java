package io.argus.promql.parser;

/**
 * Switches for experimental PromQL syntax, all off by default as upstream.
 *
 * @param experimentalFunctions functions and aggregations marked experimental ({@code limitk},
 *     {@code info}, {@code sort_by_label}, ...); upstream's {@code
 *     --enable-feature=promql-experimental-functions}
 * @param durationExpressions arithmetic, {@code step()}, {@code range()}, {@code min_of} and
 *     {@code max_of} in ranges, subquery steps and offsets ({@code promql-duration-expr})
 * @param extendedRangeSelectors the {@code anchored} and {@code smoothed} modifiers
 * @param binopFillModifiers {@code fill}, {@code fill_left} and {@code fill_right} on binary ops
 */
public record ParserOptions(
    boolean experimentalFunctions,
    boolean durationExpressions,
    boolean extendedRangeSelectors,
    boolean binopFillModifiers) {
  /** Everything experimental disabled. */
  public static final ParserOptions DEFAULT = new ParserOptions(false, false, false, false);

  /** Everything experimental enabled (what the conformance scripts use). */
  public static final ParserOptions ALL = new ParserOptions(true, true, true, true);
}
