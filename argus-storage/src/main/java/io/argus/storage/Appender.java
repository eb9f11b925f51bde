package io.argus.storage;

import io.argus.model.labels.Labels;

/**
 * Collects one batch of samples that become visible to queries together on {@link #commit()}
 * (isolation: a query never sees half a batch). Not thread-safe. Exactly one of {@code commit} or
 * {@code rollback} must be called, after which the appender is discarded.
 */
public interface Appender {
  /**
   * Adds a float sample.
   *
   * @param ref a reference returned by an earlier call for the same series, or 0 when unknown
   * @param labels the series labels (used when {@code ref} is 0 or no longer valid)
   * @param t timestamp in Unix ms
   * @param v the value; NaN bit patterns are kept (the staleness marker is a NaN)
   * @return a reference to the series that later calls may pass as {@code ref}
   * @throws OutOfOrderSampleException, OutOfBoundsException, DuplicateSampleException,
   *     TooOldSampleException for samples the storage rejects; the rest of the batch is unaffected
   */
  long append(long ref, Labels labels, long t, double v);

  /**
   * Makes the batch durable (as configured) and visible. On failure the batch is rolled back and
   * the exception rethrown.
   */
  void commit();

  /** Discards the batch. */
  void rollback();
}
