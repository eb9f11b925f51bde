package io.argus.storage;

/** Something that can open queriers over a time range. Thread-safe. */
@FunctionalInterface
public interface Queryable {
  /**
   * Opens a querier over samples with {@code minTime <= t <= maxTime} (ms, both inclusive). The
   * querier must be closed.
   */
  Querier querier(long minTime, long maxTime);
}
