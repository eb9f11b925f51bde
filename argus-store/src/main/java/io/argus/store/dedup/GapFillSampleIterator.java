package io.argus.store.dedup;

import io.argus.storage.FloatSamples;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The gap-filling merge of {@link GapFillDeduplicator} over the iterators of several replicas. Each
 * replica's iterator stays positioned on its <em>head</em>, the first sample not yet passed (for
 * the current replica, the emitted sample until the next step), so values are read from it
 * directly; replicas other than the current one are stepped forward only when the current one has a
 * gap. A replica's float samples are read from its iterator in bulk ({@link
 * SampleIterator#readFloats}, up to {@link #WINDOW_MS} at a time, only once the replica is stepped
 * past its first head) into a buffer the merge then walks; a replica never stepped is never decoded
 * beyond its first sample, and one known to end before the time it is to be stepped to (its {@link
 * SampleIterator#maxTimeBound}) is not stepped at all. Primitive state in arrays sized once and
 * reused across {@link #prepare} calls: no allocation per sample. Single-threaded.
 */
final class GapFillSampleIterator implements SampleIterator {
  /** Offers must be more than {@code interval / SPACING_DIVISOR} after the last output sample. */
  static final long SPACING_DIVISOR = 5;

  /** How far past a replica's head one bulk read of its float samples reaches (ms). */
  static final long WINDOW_MS = 3_600_000;

  /** Marks an absent timestamp in {@link #last1}/{@link #last2}. */
  private static final long ABSENT = Long.MIN_VALUE;

  private final long windowMs;

  private SampleIterator[] children = new SampleIterator[0];
  private int count;
  private boolean counter;

  /** Type of each replica's head; NONE once the replica is exhausted. */
  private ValueType[] headType = new ValueType[0];

  /** Timestamp of each replica's head, valid while its type is not NONE. */
  private long[] headT = new long[0];

  /** Each replica's last and second-to-last sample before its head, or ABSENT. */
  private long[] last1 = new long[0];

  private long[] last2 = new long[0];

  /**
   * Float samples read ahead from each replica's iterator; the head is {@code buffered[r]} at
   * {@code bufferPos[r]} while that is below its size, else the iterator's own current sample (of
   * type {@code childType[r]}).
   */
  private FloatSamples[] buffered = new FloatSamples[0];

  private int[] bufferPos = new int[0];

  /** Type of each replica iterator's current sample, the first one not in its buffer. */
  private ValueType[] childType = new ValueType[0];

  /** Counter offset added to each replica's float values. */
  private double[] offset = new double[0];

  private int cur;
  private long lastT;

  /** Value of the emitted sample in counter mode, NaN when it was not a float. */
  private double lastValue;

  private ValueType current = ValueType.NONE;
  private boolean started;
  private boolean done;

  GapFillSampleIterator() {
    this(WINDOW_MS);
  }

  /** An iterator that reads each replica ahead by at most {@code windowMs} (positive) at a time. */
  GapFillSampleIterator(long windowMs) {
    this.windowMs = windowMs;
  }

  /**
   * Rewinds to before the first sample over {@code replicas} new children, to be set with {@link
   * #setChild}; the previous children stay readable through {@link #child} until replaced.
   *
   * @param counterMode whether to offset a replica switched to so that the output stays monotonic
   */
  void prepare(int replicas, boolean counterMode) {
    if (children.length < replicas) {
      children = Arrays.copyOf(children, replicas);
      headType = new ValueType[replicas];
      headT = new long[replicas];
      last1 = new long[replicas];
      last2 = new long[replicas];
      offset = new double[replicas];
      FloatSamples[] grown = Arrays.copyOf(buffered, replicas);
      for (int i = buffered.length; i < replicas; i++) {
        grown[i] = new FloatSamples(256);
      }
      buffered = grown;
      bufferPos = new int[replicas];
      childType = new ValueType[replicas];
    }
    for (int i = 0; i < replicas; i++) {
      buffered[i].size = 0;
      bufferPos[i] = 0;
    }
    count = replicas;
    counter = counterMode;
    Arrays.fill(last1, ABSENT);
    Arrays.fill(last2, ABSENT);
    Arrays.fill(offset, 0);
    lastValue = Double.NaN;
    started = false;
    done = false;
    current = ValueType.NONE;
  }

  /** Returns the child at {@code i} from an earlier use, to be passed as {@code reuse}. */
  @Nullable SampleIterator child(int i) {
    return i < children.length ? children[i] : null;
  }

  void setChild(int i, SampleIterator child) {
    children[i] = child;
  }

  @Override
  public ValueType next() {
    if (!started) {
      return start();
    }
    if (done) {
      return ValueType.NONE;
    }
    int c = cur;
    long lastOut = lastT;
    long interval = ABSENT;
    if (last1[c] != ABSENT) {
      interval = lastOut - last1[c];
      if (last2[c] != ABSENT) {
        interval = Math.min(interval, last1[c] - last2[c]);
      }
    }
    step(c);
    boolean hasNext = headType[c] != ValueType.NONE;
    long nextT = headT[c];
    if (hasNext && (interval == ABSENT || 2 * (nextT - lastOut) <= 3 * interval)) {
      return emit(c, false);
    }
    long bound = interval == ABSENT ? lastOut + 1 : lastOut + interval / SPACING_DIVISOR + 1;
    int best = -1;
    long bestT = hasNext ? nextT : Long.MAX_VALUE;
    for (int r = 0; r < count; r++) {
      if (r == c) {
        continue;
      }
      if (headType[r] != ValueType.NONE && headT[r] < bound && endsBefore(r, bound)) {
        // Stepping through the rest would find nothing at or after the bound: skip the decoding.
        headType[r] = ValueType.NONE;
      }
      while (headType[r] != ValueType.NONE && headT[r] < bound) {
        step(r);
      }
      if (headType[r] != ValueType.NONE && headT[r] < bestT) {
        best = r;
        bestT = headT[r];
      }
    }
    if (best >= 0) {
      return emit(best, true);
    }
    if (hasNext) {
      return emit(c, false);
    }
    done = true;
    current = ValueType.NONE;
    return current;
  }

  private ValueType start() {
    started = true;
    int best = -1;
    for (int r = 0; r < count; r++) {
      ValueType type = children[r].next();
      childType[r] = type;
      headType[r] = type;
      if (type != ValueType.NONE) {
        headT[r] = children[r].atT();
        if (best < 0 || headT[r] < headT[best]) {
          best = r;
        }
      }
    }
    if (best < 0) {
      done = true;
      return ValueType.NONE;
    }
    if (best != 0 && headType[0] == ValueType.FLOAT) {
      long second = peekSecond(0);
      if (second != ABSENT && 2 * (headT[0] - headT[best]) <= 3 * (second - headT[0])) {
        best = 0;
      }
    }
    return emit(best, false);
  }

  /**
   * The time of replica {@code r}'s sample after its head, a float head not yet stepped past, or
   * ABSENT when it has none; reads the replica's floats into its buffer without moving its head.
   */
  private long peekSecond(int r) {
    FloatSamples buf = buffered[r];
    buf.size = 0;
    childType[r] = children[r].readFloats(headT[r] + windowMs, buf);
    bufferPos[r] = 0;
    if (buf.size > 1) {
      return buf.times[1];
    }
    return childType[r] == ValueType.NONE ? ABSENT : children[r].atT();
  }

  /** Moves replica {@code r}'s head one sample on, remembering the one passed. */
  private void step(int r) {
    last2[r] = last1[r];
    last1[r] = headT[r];
    FloatSamples buf = buffered[r];
    int pos = bufferPos[r] + 1;
    if (pos < buf.size) {
      bufferPos[r] = pos;
      headT[r] = buf.times[pos];
      return;
    }
    SampleIterator child = children[r];
    if (pos == buf.size) {
      // The buffer is used up: the head moves on to the iterator's current sample.
      bufferPos[r] = pos;
    } else if (childType[r] == ValueType.FLOAT) {
      // The head was the iterator's current float: read it and the floats after it in bulk, and
      // move the head to the second of them.
      buf.size = 0;
      childType[r] = child.readFloats(headT[r] + windowMs, buf);
      bufferPos[r] = 1;
      if (buf.size > 1) {
        headT[r] = buf.times[1];
        return;
      }
    } else {
      childType[r] = child.next();
    }
    ValueType type = childType[r];
    headType[r] = type;
    if (type != ValueType.NONE) {
      headT[r] = child.atT();
    }
  }

  /** Whether every sample of replica {@code r} after its head is known to be before {@code t}. */
  private boolean endsBefore(int r, long t) {
    if (childType[r] == ValueType.NONE) {
      FloatSamples buf = buffered[r];
      return buf.size == 0 || buf.times[buf.size - 1] < t;
    }
    return children[r].maxTimeBound() < t;
  }

  /** The value of replica {@code r}'s head, which must be a float. */
  private double headFloat(int r) {
    FloatSamples buf = buffered[r];
    int pos = bufferPos[r];
    return pos < buf.size ? buf.values[pos] : children[r].atFloat();
  }

  private ValueType emit(int r, boolean switched) {
    if (switched && counter && headType[r] == ValueType.FLOAT && !Double.isNaN(lastValue)) {
      double raw = headFloat(r);
      if (raw + offset[r] < lastValue) {
        offset[r] = lastValue - raw;
      }
    }
    cur = r;
    lastT = headT[r];
    current = headType[r];
    if (counter) {
      lastValue = current == ValueType.FLOAT ? atFloat() : Double.NaN;
    }
    return current;
  }

  /** Steps with {@link #next()}: the output depends on every sample before {@code t}. */
  @Override
  public ValueType seek(long t) {
    if (!started) {
      next();
    }
    while (current != ValueType.NONE && lastT < t) {
      next();
    }
    return current;
  }

  /**
   * As stepping with {@link #next()}, but while the current replica's samples come from its buffer
   * and keep its cadence they are copied in one loop over the buffer.
   */
  @Override
  public ValueType readFloats(long maxT, FloatSamples out) {
    while (current == ValueType.FLOAT && lastT <= maxT) {
      int c = cur;
      FloatSamples buf = buffered[c];
      int p = bufferPos[c];
      if (p >= buf.size) {
        out.ensureRoom();
        out.times[out.size] = lastT;
        out.values[out.size] = atFloat();
        out.size++;
        next();
        continue;
      }
      long[] ts = buf.times;
      int size = buf.size;
      long l1 = last1[c];
      long l2 = last2[c];
      boolean beyond = false;
      // The run: samples from..p keep the cadence (the one at p is the last emitted).
      int from = p;
      while (p + 1 < size) {
        long t = ts[p];
        long nextT = ts[p + 1];
        if (l1 != ABSENT) {
          long interval = t - l1;
          if (l2 != ABSENT) {
            interval = Math.min(interval, l1 - l2);
          }
          if (2 * (nextT - t) > 3 * interval) {
            break;
          }
        }
        l2 = l1;
        l1 = t;
        p++;
        if (nextT > maxT) {
          beyond = true;
          break;
        }
      }
      int runEnd = beyond ? p : p + 1;
      appendRun(buf, from, runEnd, offset[c], out);
      last1[c] = l1;
      last2[c] = l2;
      bufferPos[c] = p;
      headT[c] = ts[p];
      lastT = ts[p];
      if (counter) {
        lastValue = atFloat();
      }
      if (beyond) {
        return current;
      }
      // The sample at p is out: the general step decides on a gap or the buffer's end.
      next();
    }
    return current;
  }

  /** Appends the buffered samples {@code [from, to)} to {@code out}, adding {@code off}. */
  private static void appendRun(FloatSamples buf, int from, int to, double off, FloatSamples out) {
    int n = out.size;
    int len = to - from;
    if (out.times.length < n + len) {
      int capacity = Math.max(n + len, out.times.length * 2);
      out.times = Arrays.copyOf(out.times, capacity);
      out.values = Arrays.copyOf(out.values, capacity);
    }
    System.arraycopy(buf.times, from, out.times, n, len);
    if (off == 0) {
      System.arraycopy(buf.values, from, out.values, n, len);
    } else {
      double[] vs = buf.values;
      double[] outV = out.values;
      for (int i = 0; i < len; i++) {
        double v = vs[from + i];
        // Stale markers keep their exact bits: adding to a NaN could change them.
        outV[n + i] = Double.isNaN(v) ? v : v + off;
      }
    }
    out.size = n + len;
  }

  @Override
  public long atT() {
    requirePositioned();
    return lastT;
  }

  @Override
  public double atFloat() {
    requirePositioned();
    double v = headFloat(cur);
    double off = offset[cur];
    // Stale markers keep their exact bits: adding to a NaN could change them.
    return off == 0 || Double.isNaN(v) ? v : v + off;
  }

  private void requirePositioned() {
    if (current == ValueType.NONE) {
      throw new IllegalStateException("iterator is not positioned on a sample");
    }
  }
}
