package io.argus.promql.promqltest;

import io.argus.model.labels.Matcher;
import io.argus.promql.Value;
import io.argus.storage.Queryable;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The PromQL engine as the script runner sees it. Times are Unix ms. Query failures (parse or
 * evaluation errors) are thrown as {@link RuntimeException}s whose message is the error text as
 * upstream Prometheus words it. Implementations must be thread-safe.
 */
public interface ScriptEngine {
  /** The outcome of a successful query: its value and rendered annotations (FORMAT.md §9.2). */
  record Result(Value value, List<String> warnings, List<String> infos) {}

  /** Evaluates {@code expr} at {@code t}. */
  Result instant(Queryable storage, String expr, long t);

  /** Evaluates {@code expr} at {@code start, start+step, ... <= end}. */
  Result range(Queryable storage, String expr, long start, long end, long step);

  /**
   * Returns {@code expr} rewritten with {@code @ t} on every selector and subquery that lacks one
   * (FORMAT.md §10.2), or null when the {@code @} variants are skipped for it (it calls a time
   * function). {@code t} in ms.
   */
  @Nullable String withAtModifier(String expr, long t);

  /** Returns why {@code expr} cannot be evaluated by this engine (to skip the eval), or null. */
  default @Nullable String unsupported(String expr) {
    return null;
  }

  /**
   * Returns the matchers of every selector in {@code expr}, so the runner can tell whether it reads
   * series this engine cannot handle; null when unknown or unparseable.
   */
  default @Nullable List<List<Matcher>> selectors(String expr) {
    return null;
  }
}
