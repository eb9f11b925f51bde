package io.argus.tsdb.head;

import io.argus.model.labels.Labels;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The head's series, findable by labels and by ID. The labels index is split into stripes with
 * their own locks so that concurrent appenders rarely contend; lookups by ID take no lock (see
 * {@link SeriesById}). Each stripe is an open-addressing table of the series themselves (linear
 * probing, at most three quarters full), keyed by their labels: a slot per series instead of a hash
 * map entry. Thread-safe.
 */
final class StripeSeries {
  private final int mask;
  private final int stripeShift;

  /** Per stripe, a power-of-two table of series; null slots are free. */
  private final @Nullable MemSeries[][] byLabels;

  private final int[] stripeSizes;
  private final SeriesById byId = new SeriesById();
  private final Object[] labelLocks;

  /** Creates the maps with {@code stripes} stripes (a power of two). */
  StripeSeries(int stripes) {
    if (Integer.bitCount(stripes) != 1) {
      throw new IllegalArgumentException("stripes must be a power of two: " + stripes);
    }
    mask = stripes - 1;
    stripeShift = 32 - Integer.numberOfTrailingZeros(stripes);
    byLabels = new MemSeries[stripes][];
    stripeSizes = new int[stripes];
    labelLocks = new Object[stripes];
    for (int i = 0; i < stripes; i++) {
      byLabels[i] = new MemSeries[4];
      labelLocks[i] = new Object();
    }
  }

  /** Returns the series with {@code id}, or null; lock-free. */
  @Nullable MemSeries getById(long id) {
    return byId.get(id);
  }

  @Nullable MemSeries getByLabels(Labels labels) {
    int h = mixedHash(labels);
    int s = stripe(h);
    synchronized (labelLocks[s]) {
      return find(byLabels[s], labels, h);
    }
  }

  /**
   * Returns the series with {@code labels}, creating it with an ID from {@code newId} when absent.
   * The result's {@code created} tells which happened.
   */
  Lookup getOrCreate(Labels labels, LongSupplier newId) {
    int h = mixedHash(labels);
    int s = stripe(h);
    MemSeries series;
    synchronized (labelLocks[s]) {
      series = find(byLabels[s], labels, h);
      if (series != null) {
        return new Lookup(series, false);
      }
      series = new MemSeries(newId.getAsLong(), labels);
      if ((stripeSizes[s] + 1) * 4 > byLabels[s].length * 3) {
        byLabels[s] = grown(byLabels[s]);
      }
      insert(byLabels[s], series, h);
      stripeSizes[s]++;
    }
    byId.put(series);
    return new Lookup(series, true);
  }

  /** The result of {@link #getOrCreate}. */
  record Lookup(MemSeries series, boolean created) {}

  /** Removes {@code series} from both maps (if it is still the one registered). */
  void remove(MemSeries series) {
    int h = mixedHash(series.labels);
    int s = stripe(h);
    synchronized (labelLocks[s]) {
      if (delete(byLabels[s], series, h)) {
        stripeSizes[s]--;
      }
    }
    byId.remove(series);
  }

  /**
   * Calls {@code action} for every series. Series are copied a page at a time and visited without a
   * lock, so {@code action} may lock series and modify the maps.
   */
  void forEach(Consumer<MemSeries> action) {
    byId.forEach(action);
  }

  /** Returns the number of series. */
  int size() {
    return byId.size();
  }

  /**
   * Spreads the labels' hash so that both its top bits (the stripe) and low bits (the slot) vary.
   */
  private static int mixedHash(Labels labels) {
    int h = labels.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** Picks the stripe from the top bits of the mixed hash; slots are picked by the low bits. */
  private int stripe(int mixedHash) {
    return mask == 0 ? 0 : mixedHash >>> stripeShift;
  }

  private static @Nullable MemSeries find(@Nullable MemSeries[] table, Labels labels, int h) {
    int m = table.length - 1;
    int hash = labels.hashCode();
    for (int i = h & m; ; i = (i + 1) & m) {
      MemSeries s = table[i];
      if (s == null) {
        return null;
      }
      if (s.labels.hashCode() == hash && s.labels.equals(labels)) {
        return s;
      }
    }
  }

  private static void insert(@Nullable MemSeries[] table, MemSeries series, int h) {
    int m = table.length - 1;
    int i = h & m;
    while (table[i] != null) {
      i = (i + 1) & m;
    }
    table[i] = series;
  }

  private static @Nullable MemSeries[] grown(@Nullable MemSeries[] table) {
    MemSeries[] next = new MemSeries[table.length * 2];
    for (MemSeries s : table) {
      if (s != null) {
        insert(next, s, mixedHash(s.labels));
      }
    }
    return next;
  }

  /**
   * Removes {@code series} itself (not another series with equal labels) from the table, moving
   * later entries of its probe run back so that no lookup stops early at the freed slot.
   *
   * @return whether it was there
   */
  private static boolean delete(@Nullable MemSeries[] table, MemSeries series, int h) {
    int m = table.length - 1;
    int i = h & m;
    while (table[i] != series) {
      if (table[i] == null) {
        return false;
      }
      i = (i + 1) & m;
    }
    int free = i;
    for (int j = (i + 1) & m; table[j] != null; j = (j + 1) & m) {
      int home = mixedHash(table[j].labels) & m;
      // Entry j may fill the free slot unless its home lies cyclically in (free, j].
      boolean homeBetween = free <= j ? free < home && home <= j : free < home || home <= j;
      if (!homeBetween) {
        table[free] = table[j];
        free = j;
      }
    }
    table[free] = null;
    return true;
  }
}
