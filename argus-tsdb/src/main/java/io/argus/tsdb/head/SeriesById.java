package io.argus.tsdb.head;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The head's series by ID. IDs are handed out from 1 upwards and never reused, so IDs below
 * {@value #MAX_DIRECT_ID} index pages of {@value #PAGE_SIZE} slots directly: a lookup is two array
 * reads, without lock or hash probe, which is what every appended sample pays for finding its
 * series by the reference the scrape loop passes back. A page is allocated when the first ID in
 * its range is put and dropped when its last series is removed, so memory follows the live series
 * (at worst one page, 4 KiB with compressed references, per live series when churn leaves one
 * survivor per page). Larger IDs (only possible through a WAL written by someone else) go to a
 * locked hash map, and so do negative ones (unsigned refs above 2^63).
 *
 * <p>Thread-safe. Lookups are lock-free and see a put series fully constructed (release/acquire);
 * puts and removals take one lock.
 */
final class SeriesById {
  static final int PAGE_BITS = 10;
  static final int PAGE_SIZE = 1 << PAGE_BITS;

  /** IDs at or above this use {@link #sparse}; keeps the page directory at most 2M entries. */
  static final long MAX_DIRECT_ID = 1L << 31;

  /** Pages by {@code id >>> PAGE_BITS}; null where no series of that range is live. */
  private volatile @Nullable AtomicReferenceArray<MemSeries>[] directory = newDirectory(16);

  /** Live series per page, by page index. Guarded by {@code this}. */
  private int[] pageCounts = new int[16];

  /** Series with IDs outside the direct range. Guarded by {@code this}. */
  private final LongObjectMap<MemSeries> sparse = new LongObjectMap<>();

  private volatile int size;

  @SuppressWarnings("unchecked")
  private static @Nullable AtomicReferenceArray<MemSeries>[] newDirectory(int length) {
    return new AtomicReferenceArray[length];
  }

  /** Returns the series with {@code id}, or null. */
  @Nullable MemSeries get(long id) {
    if (id > 0 && id < MAX_DIRECT_ID) {
      var dir = directory;
      int p = (int) (id >>> PAGE_BITS);
      if (p < dir.length) {
        AtomicReferenceArray<MemSeries> page = dir[p];
        if (page != null) {
          return page.getAcquire((int) id & (PAGE_SIZE - 1));
        }
      }
      return null;
    }
    synchronized (this) {
      return sparse.get(id);
    }
  }

  /** Puts {@code series} under its ID (not 0), replacing any series held under it. */
  synchronized void put(MemSeries series) {
    long id = series.id;
    if (id == 0) {
      throw new IllegalArgumentException("series ID 0 is reserved");
    }
    if (id < 0 || id >= MAX_DIRECT_ID) {
      if (sparse.get(id) == null) {
        size++;
      }
      sparse.put(id, series);
      return;
    }
    int p = (int) (id >>> PAGE_BITS);
    var dir = directory;
    if (p >= dir.length) {
      int length = Math.max(p + 1, dir.length * 2);
      pageCounts = Arrays.copyOf(pageCounts, length);
      dir = Arrays.copyOf(dir, length);
      directory = dir;
    }
    AtomicReferenceArray<MemSeries> page = dir[p];
    if (page == null) {
      page = new AtomicReferenceArray<>(PAGE_SIZE);
      dir[p] = page;
      directory = dir; // Publishes the new page to lock-free readers.
    }
    int slot = (int) id & (PAGE_SIZE - 1);
    if (page.get(slot) == null) {
      pageCounts[p]++;
      size++;
    }
    page.setRelease(slot, series);
  }

  /** Removes {@code series} if it is the one held under its ID. */
  synchronized void remove(MemSeries series) {
    long id = series.id;
    if (id < 0 || id >= MAX_DIRECT_ID) {
      if (sparse.get(id) == series) {
        sparse.remove(id);
        size--;
      }
      return;
    }
    int p = (int) (id >>> PAGE_BITS);
    var dir = directory;
    AtomicReferenceArray<MemSeries> page = id > 0 && p < dir.length ? dir[p] : null;
    int slot = (int) id & (PAGE_SIZE - 1);
    if (page == null || page.get(slot) != series) {
      return;
    }
    page.setRelease(slot, null);
    size--;
    if (--pageCounts[p] == 0) {
      // A reader still holding the page finds the slot empty, as it should.
      dir[p] = null;
      directory = dir;
    }
  }

  /** Returns the number of series. */
  int size() {
    return size;
  }

  /**
   * Calls {@code action} for every series, without holding a lock: each page is copied, then
   * visited, so {@code action} may lock series and put or remove series. Series put or removed
   * meanwhile may or may not be visited.
   */
  void forEach(Consumer<MemSeries> action) {
    List<MemSeries> batch = new ArrayList<>(PAGE_SIZE);
    var dir = directory;
    for (AtomicReferenceArray<MemSeries> page : dir) {
      if (page == null) {
        continue;
      }
      batch.clear();
      for (int i = 0; i < PAGE_SIZE; i++) {
        MemSeries s = page.getAcquire(i);
        if (s != null) {
          batch.add(s);
        }
      }
      batch.forEach(action);
    }
    batch.clear();
    synchronized (this) {
      sparse.forEachValue(batch::add);
    }
    batch.forEach(action);
  }
}
