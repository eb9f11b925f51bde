package io.argus.tsdb.head;

import io.argus.model.labels.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The head's series, findable by labels and by ID. Both maps are split into stripes with their
 * own locks so that concurrent appenders rarely contend. Thread-safe.
 */
final class StripeSeries {
  private final int mask;
  private final int stripeShift;
  private final Map<Labels, MemSeries>[] byLabels;
  private final LongObjectMap<MemSeries>[] byId;
  private final Object[] labelLocks;
  private final Object[] idLocks;

  /** Creates the maps with {@code stripes} stripes (a power of two). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  StripeSeries(int stripes) {
    if (Integer.bitCount(stripes) != 1) {
      throw new IllegalArgumentException("stripes must be a power of two: " + stripes);
    }
    mask = stripes - 1;
    stripeShift = 32 - Integer.numberOfTrailingZeros(stripes);
    byLabels = new Map[stripes];
    byId = new LongObjectMap[stripes];
    labelLocks = new Object[stripes];
    idLocks = new Object[stripes];
    for (int i = 0; i < stripes; i++) {
      byLabels[i] = new HashMap<>();
      byId[i] = new LongObjectMap<>();
      labelLocks[i] = new Object();
      idLocks[i] = new Object();
    }
  }

  @Nullable MemSeries getById(long id) {
    int s = idStripe(id);
    synchronized (idLocks[s]) {
      return byId[s].get(id);
    }
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
    int is = idStripe(series.id);
    synchronized (idLocks[is]) {
      byId[is].put(series.id, series);
    }
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
    int is = idStripe(series.id);
    synchronized (idLocks[is]) {
      if (byId[is].get(series.id) == series) {
        byId[is].remove(series.id);
      }
    }
  }

  /**
   * Calls {@code action} for every series. Each stripe is copied under its lock and visited
   * without it, so {@code action} may lock series and modify the maps.
   */
  void forEach(Consumer<MemSeries> action) {
    List<MemSeries> batch = new ArrayList<>();
    for (int s = 0; s <= mask; s++) {
      batch.clear();
      synchronized (idLocks[s]) {
        byId[s].forEachValue(batch::add);
      }
      batch.forEach(action);
    }
  }

  /** Returns the number of series. */
  int size() {
    int n = 0;
    for (int s = 0; s <= mask; s++) {
      synchronized (idLocks[s]) {
        n += byId[s].size();
      }
    }
    return n;
  }

  /**
   * Picks the stripe from the top bits of the mixed hash: the stripe's hash map indexes its
   * buckets by the low bits, which must not be the same for every series of a stripe.
   */
  private int labelStripe(Labels labels) {
    int h = labels.hashCode() * 0x9E3779B9;
    return mask == 0 ? 0 : h >>> stripeShift;
  }

  private int idStripe(long id) {
    return (int) id & mask;
  }
}
