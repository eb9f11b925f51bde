package io.argus.tsdb.index;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Utf8Order;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;

/**
 * The head's in-memory inverted index: for every label pair the sorted list of series references
 * carrying it, plus the list of all references under the key {@code ("", "")}.
 *
 * <p>Thread-safe through a read-write lock. Postings returned by {@link #get} and {@link #all} are
 * snapshots: they see the list as it was at the call and may be iterated while writers continue.
 * Taking one copies nothing: appending a larger reference only writes past the end of every
 * snapshot, and other changes (insertion out of order, deletion) shift elements in place only while
 * no snapshot of the list exists, and otherwise write a new array.
 */
public final class MemPostings {
  private static final String ALL_KEY = "";

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, ValueLists> byName = new HashMap<>();

  /** The lists of one label name by value, with the name string the index keeps. */
  private static final class ValueLists extends HashMap<String, RefList> {
    final String name;

    ValueLists(String name) {
      this.name = name;
    }
  }

  /**
   * A sorted list. Slots at and beyond {@code size} may be written only by the next append; once a
   * snapshot has been handed out ({@code shared}), the first {@code size} slots are never changed
   * again and any other modification works on a fresh copy.
   *
   * <p>Head series IDs count up from 1, so a list holds its references as {@code int}s, half the
   * memory, until a reference of 2^31 or more (or a negative one, from a foreign WAL) arrives; it
   * then moves them to {@code long}s for good.
   */
  private static final class RefList {
    /** The label value string the index keeps. */
    final String value;

    /** The references while all fit in 31 bits; null once they moved to {@link #longs}. */
    int @Nullable [] ints = new int[4];

    long @Nullable [] longs;
    int size;

    RefList(String value) {
      this.value = value;
    }

    /**
     * Set under the read lock by readers (all write the same value), read and cleared under the
     * write lock, whose acquisition makes the readers' writes visible.
     */
    boolean shared;

    long at(int i) {
      int[] in = ints;
      return in != null ? in[i] : longs[i];
    }

    void add(long ref) {
      int[] in = ints;
      if (in != null && ref == (int) ref && ref >= 0) {
        addInt(in, (int) ref);
        return;
      }
      if (in != null) {
        long[] widened = new long[Math.max(4, in.length)];
        for (int i = 0; i < size; i++) {
          widened[i] = in[i];
        }
        longs = widened;
        ints = null;
        shared = false;
      }
      addLong(longs, ref);
    }

    private void addInt(int[] in, int ref) {
      if (size == 0 || in[size - 1] < ref) {
        if (size == in.length) {
          ints = in = Arrays.copyOf(in, size * 2);
        }
        in[size++] = ref;
        return;
      }
      int pos = Arrays.binarySearch(in, 0, size, ref);
      if (pos >= 0) {
        return;
      }
      int insert = -pos - 1;
      int[] target = in;
      if (shared || size == in.length) {
        target = new int[size == in.length ? size * 2 : in.length];
        System.arraycopy(in, 0, target, 0, insert);
        shared = false;
      }
      System.arraycopy(in, insert, target, insert + 1, size - insert);
      target[insert] = ref;
      ints = target;
      size++;
    }

    private void addLong(long[] refs, long ref) {
      if (size == 0 || refs[size - 1] < ref) {
        if (size == refs.length) {
          longs = refs = Arrays.copyOf(refs, size * 2);
        }
        refs[size++] = ref;
        return;
      }
      int pos = Arrays.binarySearch(refs, 0, size, ref);
      if (pos >= 0) {
        return;
      }
      int insert = -pos - 1;
      long[] target = refs;
      if (shared || size == refs.length) {
        target = new long[size == refs.length ? size * 2 : refs.length];
        System.arraycopy(refs, 0, target, 0, insert);
        shared = false;
      }
      System.arraycopy(refs, insert, target, insert + 1, size - insert);
      target[insert] = ref;
      longs = target;
      size++;
    }

    /** Removes the matching references; returns whether any was removed. */
    boolean removeIf(LongPredicate deleted) {
      int first = 0;
      while (first < size && !deleted.test(at(first))) {
        first++;
      }
      if (first == size) {
        return false;
      }
      int[] in = ints;
      int n = first;
      if (in != null) {
        int[] target = shared ? Arrays.copyOf(in, in.length) : in;
        for (int i = first + 1; i < size; i++) {
          if (!deleted.test(in[i])) {
            target[n++] = in[i];
          }
        }
        ints = target;
      } else {
        long[] refs = longs;
        long[] target = shared ? Arrays.copyOf(refs, refs.length) : refs;
        for (int i = first + 1; i < size; i++) {
          if (!deleted.test(refs[i])) {
            target[n++] = refs[i];
          }
        }
        longs = target;
      }
      shared = false;
      size = n;
      return true;
    }

    Postings snapshot() {
      shared = true;
      int[] in = ints;
      return in != null ? ListPostings.ofInts(in, size) : ListPostings.of(longs, size);
    }
  }

  /** Records that series {@code ref} carries every label of {@code labels}. */
  public void add(long ref, Labels labels) {
    lock.writeLock().lock();
    try {
      addLocked(ALL_KEY, ALL_KEY, ref);
      for (int i = 0; i < labels.size(); i++) {
        addLocked(labels.name(i), labels.value(i), ref);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void addLocked(String name, String value, long ref) {
    byName.computeIfAbsent(name, ValueLists::new).computeIfAbsent(value, RefList::new).add(ref);
  }

  /**
   * Returns labels equal to {@code labels} whose name and value strings are, where the index holds
   * an equal string already, the index's own instances, so that series with common label values
   * share one copy of each string. Returns {@code labels} itself when nothing could be shared.
   */
  public Labels intern(Labels labels) {
    String[] pairs = null;
    lock.readLock().lock();
    try {
      for (int i = 0; i < labels.size(); i++) {
        ValueLists values = byName.get(labels.name(i));
        if (values == null) {
          continue;
        }
        RefList list = values.get(labels.value(i));
        if (values.name != labels.name(i) || (list != null && list.value != labels.value(i))) {
          if (pairs == null) {
            pairs = labels.toPairs();
          }
          pairs[i << 1] = values.name;
          if (list != null) {
            pairs[(i << 1) + 1] = list.value;
          }
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    return pairs == null ? labels : Labels.ofSortedPairs(pairs);
  }

  /**
   * Removes every reference for which {@code deleted} is true, e.g. {@code set::contains} or a
   * bitmap test, from all lists, and drops lists that become empty. Runs under the write lock and
   * visits every list; see {@link #delete(LongPredicate, Iterable)} to visit fewer.
   */
  public void delete(LongPredicate deleted) {
    lock.writeLock().lock();
    try {
      var names = byName.entrySet().iterator();
      while (names.hasNext()) {
        ValueLists values = names.next().getValue();
        values.values().removeIf(list -> list.removeIf(deleted) && list.size == 0);
        if (values.isEmpty()) {
          names.remove();
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Like {@link #delete(LongPredicate)} but visits only the lists of the label pairs in {@code
   * affected} (the label sets of the deleted series) and the list of all series.
   */
  public void delete(LongPredicate deleted, Iterable<Labels> affected) {
    lock.writeLock().lock();
    try {
      deleteFrom(ALL_KEY, ALL_KEY, deleted);
      for (Labels ls : affected) {
        for (int i = 0; i < ls.size(); i++) {
          deleteFrom(ls.name(i), ls.value(i), deleted);
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void deleteFrom(String name, String value, LongPredicate deleted) {
    ValueLists values = byName.get(name);
    if (values == null) {
      return;
    }
    RefList list = values.get(value);
    if (list != null && list.removeIf(deleted) && list.size == 0) {
      values.remove(value);
      if (values.isEmpty()) {
        byName.remove(name);
      }
    }
  }

  /** Returns a snapshot of the references carrying {@code name=value}; empty when none. */
  public Postings get(String name, String value) {
    lock.readLock().lock();
    try {
      Map<String, RefList> values = byName.get(name);
      RefList list = values == null ? null : values.get(value);
      return list == null ? Postings.EMPTY : list.snapshot();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Returns a snapshot of all references. */
  public Postings all() {
    return get(ALL_KEY, ALL_KEY);
  }

  /** Returns the label names in UTF-8 byte order. */
  public List<String> labelNames() {
    List<String> names;
    lock.readLock().lock();
    try {
      names = new ArrayList<>(byName.keySet());
    } finally {
      lock.readLock().unlock();
    }
    names.remove(ALL_KEY);
    names.sort(Utf8Order.COMPARATOR);
    return names;
  }

  /** Returns the values of {@code name} in UTF-8 byte order; empty for an unknown name. */
  public List<String> labelValues(String name) {
    if (name.isEmpty()) {
      return List.of();
    }
    List<String> values;
    lock.readLock().lock();
    try {
      Map<String, RefList> m = byName.get(name);
      if (m == null) {
        return List.of();
      }
      values = new ArrayList<>(m.keySet());
    } finally {
      lock.readLock().unlock();
    }
    values.sort(Utf8Order.COMPARATOR);
    return values;
  }

  /**
   * Calls {@code visitor} for every label pair (not for the all-series key) with its number of
   * series, in no particular order, under the read lock: the visitor must not call back into this
   * object's writers.
   */
  public void forEachPostingsCount(PostingsCountVisitor visitor) {
    lock.readLock().lock();
    try {
      byName.forEach(
          (name, values) -> {
            if (!name.isEmpty()) {
              values.forEach((value, list) -> visitor.visit(name, value, list.size));
            }
          });
    } finally {
      lock.readLock().unlock();
    }
  }
}
