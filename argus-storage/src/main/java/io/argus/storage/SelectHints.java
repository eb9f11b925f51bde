package io.argus.storage;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Hints about a select call that a storage may use to do less work; ignoring them is always
 * correct. Times are inclusive Unix ms.
 *
 * @param start first timestamp the query needs
 * @param end last timestamp the query needs
 * @param step evaluation step in ms, 0 for instant queries
 * @param range range of a range selector in ms, 0 otherwise
 * @param func the enclosing PromQL function, or null
 * @param grouping labels of an enclosing aggregation
 * @param by true for {@code by}, false for {@code without}
 * @param limit maximum number of series wanted, 0 for no limit
 */
public record SelectHints(
    long start,
    long end,
    long step,
    long range,
    @Nullable String func,
    List<String> grouping,
    boolean by,
    int limit) {
  /** No hints at all. */
  public static final SelectHints NONE =
      new SelectHints(Long.MIN_VALUE, Long.MAX_VALUE, 0, 0, null, List.of(), false, 0);

  /** Returns hints that only bound the time range. */
  public static SelectHints range(long start, long end) {
    return new SelectHints(start, end, 0, 0, null, List.of(), false, 0);
  }
}
