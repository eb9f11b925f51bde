package io.argus.tsdb.head;

import io.argus.model.labels.Labels;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The head's series, findable by labels and by ID. The labels map is split into stripes with their
 * own locks so that concurrent appenders rarely contend; lookups by ID take no lock (see {@link
 * SeriesById}). Thread-safe.
 */
final class StripeSeries {
  private final int mask;
  private final int stripeShift;
  private final Map<Labels, MemSeries>[] byLabels;
  private final SeriesById byId = new SeriesById();
  private final Object[] labelLocks;

  /** Creates the maps with {@code stripes} stripes (a power of two). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  StripeSeries(int stripes) {
    if (Integer.bitCount(stripes) != 1) {
      throw new IllegalArgumentException("stripes must be a power of two: " + stripes);
    }
    mask = stripes - 1;
    stripeShift = 32 - Integer.numberOfTrailingZeros(stripes);
    byLabels = new Map[stripes];
    labelLocks = new Object[stripes];
    for (int i = 0; i < stripes; i++) {
      byLabels[i] = new HashMap<>();
      labelLocks[i] = new Object();
    }
  }

  /** Returns the series with {@code id}, or null; lock-free. */
  @Nullable MemSeries getById(long id) {
    return byId.get(id);
  }

  @Nullable MemSeries getByLabels(Labels labels) {
    int s = labelStripe(labels);
    synchronized (labelLocks[s]) {
      return byLabels[s].get(labels);
    }
  }

  /**
   * Returns the series with {@code labels}, creating it with an ID from {@code newId} when absent.
   * The result's {@code created} tells which happened.
   */
  Lookup getOrCreate(Labels labels, LongSupplier newId) {
    int s = labelStripe(labels);
    MemSeries series;
    synchronized (labelLocks[s]) {
      series = byLabels[s].get(labels);
      if (series != null) {
        return new Lookup(series, false);
      }
      series = new MemSeries(newId.getAsLong(), labels);
      byLabels[s].put(labels, series);
    }
    byId.put(series);
    return new Lookup(series, true);
  }

  /** The result of {@link #getOrCreate}. */
  record Lookup(MemSeries series, boolean created) {}

  /** Removes {@code series} from both maps (if it is still the one registered). */
  void remove(MemSeries series) {
    int s = labelStripe(series.labels);
    synchronized (labelLocks[s]) {
      byLabels[s].remove(series.labels, series);
    }
    byId.remove(series);
  }

  /**
   * Calls {@code action} for every series. Series are copied a page at a time and visited
   * without a lock, so {@code action} may lock series and modify the maps.
   */
  void forEach(Consumer<MemSeries> action) {
    byId.forEach(action);
  }

  /** Returns the number of series. */
  int size() {
    return byId.size();
  }

  /**
   * Picks the stripe from the top bits of the mixed hash: the stripe's hash map indexes its
   * buckets by the low bits, which must not be the same for every series of a stripe.
   */
  private int labelStripe(Labels labels) {
    int h = labels.hashCode() * 0x9E3779B9;
    return mask == 0 ? 0 : h >>> stripeShift;
  }

}
