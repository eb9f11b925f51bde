package io.argus.tsdb.index;

import java.util.Arrays;
import java.util.List;

/**
 * Set operations on {@link Postings}: intersection, union and difference, evaluated lazily and
 * using {@link Postings#seek} to skip. The results consume their inputs, which must not be used
 * elsewhere afterwards. Results are single-threaded, like their inputs.
 */
public final class PostingsAlgebra {
  private PostingsAlgebra() {}

  /** Returns the references present in every list; {@link Postings#EMPTY} for no lists. */
  public static Postings intersect(List<? extends Postings> lists) {
    return switch (lists.size()) {
      case 0 -> Postings.EMPTY;
      case 1 -> lists.getFirst();
      default -> {
        for (Postings p : lists) {
          if (p == Postings.EMPTY) {
            yield Postings.EMPTY;
          }
        }
        yield new Intersection(lists.toArray(new Postings[0]));
      }
    };
  }

  /** Returns the references present in at least one list, each once. */
  public static Postings merge(List<? extends Postings> lists) {
    Postings[] nonEmpty = new Postings[lists.size()];
    int n = 0;
    for (Postings p : lists) {
      if (p != Postings.EMPTY) {
        nonEmpty[n++] = p;
      }
    }
    return switch (n) {
      case 0 -> Postings.EMPTY;
      case 1 -> nonEmpty[0];
      default -> new Union(Arrays.copyOf(nonEmpty, n));
    };
  }

  /** Returns the references of {@code full} that are not in {@code drop}. */
  public static Postings without(Postings full, Postings drop) {
    if (full == Postings.EMPTY || drop == Postings.EMPTY) {
      return full;
    }
    return new Difference(full, drop);
  }

  /** Drains {@code p} into a new array, in order. */
  public static long[] toArray(Postings p) {
    long[] out = new long[16];
    int n = 0;
    while (p.next()) {
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = p.at();
    }
    return Arrays.copyOf(out, n);
  }

  /** Leapfrog intersection: every input is sought to the largest current reference. */
  private static final class Intersection implements Postings {
    private final Postings[] lists;
    private long current;
    private boolean positioned;
    private boolean exhausted;

    Intersection(Postings[] lists) {
      this.lists = lists;
    }

    @Override
    public boolean next() {
      if (exhausted || !lists[0].next()) {
        return finish();
      }
      return align(lists[0].at());
    }

    @Override
    public boolean seek(long v) {
      if (exhausted) {
        return false;
      }
      if (positioned && current >= v) {
        return true;
      }
      if (!lists[0].seek(v)) {
        return finish();
      }
      return align(lists[0].at());
    }

    private boolean finish() {
      exhausted = true;
      positioned = false;
      return false;
    }

    /** Moves every list to the smallest common reference {@code >= target}. */
    private boolean align(long target) {
      int agreed = 1; // lists[0] is at target
      int i = 1 % lists.length;
      while (agreed < lists.length) {
        Postings p = lists[i];
        if (!p.seek(target)) {
          return finish();
        }
        long at = p.at();
        if (at == target) {
          agreed++;
        } else {
          target = at;
          agreed = 1;
        }
        i = (i + 1) % lists.length;
      }
      current = target;
      positioned = true;
      return true;
    }

    @Override
    public long at() {
      return current;
    }
  }

  /**
   * Union through a binary min-heap of the inputs keyed by their current reference. The heads are
   * cached in a primitive array so that sifting does not call {@link Postings#at()}.
   */
  private static final class Union implements Postings {
    private final Postings[] heap;
    private final long[] heads;
    private int size;
    private boolean started;
    private long current = -1;

    Union(Postings[] lists) {
      this.heap = lists;
      this.heads = new long[lists.length];
    }

    private void init() {
      started = true;
      int n = 0;
      for (Postings p : heap.clone()) {
        if (p.next()) {
          heap[n] = p;
          heads[n] = p.at();
          n++;
        }
      }
      size = n;
      for (int i = (size >>> 1) - 1; i >= 0; i--) {
        siftDown(i);
      }
    }

    @Override
    public boolean next() {
      if (!started) {
        init();
      } else {
        // Advance every input that sits on the current reference.
        while (size > 0 && heads[0] == current) {
          advanceTop(heap[0].next());
        }
      }
      if (size == 0) {
        return false;
      }
      current = heads[0];
      return true;
    }

    @Override
    public boolean seek(long v) {
      if (!started) {
        init();
      } else if (size > 0 && current >= v) {
        return true;
      }
      while (size > 0 && heads[0] < v) {
        advanceTop(heap[0].seek(v));
      }
      if (size == 0) {
        return false;
      }
      current = heads[0];
      return true;
    }

    /** Re-positions the heap top after it moved; {@code hasMore} is what the move returned. */
    private void advanceTop(boolean hasMore) {
      if (hasMore) {
        heads[0] = heap[0].at();
      } else {
        size--;
        heap[0] = heap[size];
        heads[0] = heads[size];
        heap[size] = null;
      }
      siftDown(0);
    }

    private void siftDown(int i) {
      Postings p = heap[i];
      long key = heads[i];
      int half = size >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        int right = child + 1;
        if (right < size && heads[right] < heads[child]) {
          child = right;
        }
        if (key <= heads[child]) {
          break;
        }
        heap[i] = heap[child];
        heads[i] = heads[child];
        i = child;
      }
      if (i < size) {
        heap[i] = p;
        heads[i] = key;
      }
    }

    @Override
    public long at() {
      return current;
    }
  }

  private static final class Difference implements Postings {
    private final Postings full;
    private final Postings drop;
    private boolean dropExhausted;

    Difference(Postings full, Postings drop) {
      this.full = full;
      this.drop = drop;
    }

    @Override
    public boolean next() {
      return full.next() && skipDropped();
    }

    @Override
    public boolean seek(long v) {
      return full.seek(v) && skipDropped();
    }

    /** Advances {@code full} past references present in {@code drop}. */
    private boolean skipDropped() {
      while (true) {
        long at = full.at();
        if (dropExhausted) {
          return true;
        }
        if (!drop.seek(at)) {
          dropExhausted = true;
          return true;
        }
        if (drop.at() != at) {
          return true;
        }
        if (!full.next()) {
          return false;
        }
      }
    }

    @Override
    public long at() {
      return full.at();
    }
  }
}
