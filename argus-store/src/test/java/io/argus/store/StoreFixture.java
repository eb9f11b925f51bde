package io.argus.store;

import io.argus.model.labels.Labels;
import java.util.List;

/**
 * Data for a store under test: series with regular float samples, and the store's external labels.
 * Sample {@code i} of a series is at {@code firstT + i * STEP} with value {@code i * scale}.
 */
public record StoreFixture(Labels externalLabels, List<StoreFixture.Series> series) {
  /** Milliseconds between two samples of a fixture series. */
  public static final long STEP = 15_000;

  public StoreFixture {
    series = List.copyOf(series);
  }

  /**
   * One series.
   *
   * @param labels its stored labels
   * @param firstT the time of its first sample (Unix ms)
   * @param count how many samples it has
   * @param scale the value of sample {@code i} is {@code i * scale}
   */
  public record Series(Labels labels, long firstT, int count, double scale) {
    /** The time of the last sample. */
    public long lastT() {
      return firstT + (count - 1) * STEP;
    }
  }
}
