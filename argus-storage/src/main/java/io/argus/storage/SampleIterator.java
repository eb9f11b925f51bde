package io.argus.storage;

/**
 * A primitive, allocation-free cursor over the samples of one series in ascending time order.
 * Single-threaded. Errors are thrown as {@link StorageException}.
 */
public interface SampleIterator {
  /** Advances to the next sample and returns its type, or {@link ValueType#NONE} at the end. */
  ValueType next();

  /**
   * Advances to the first sample with timestamp {@code >= t} and returns its type. If the current
   * sample already satisfies that, it stays current. Never moves backwards.
   */
  ValueType seek(long t);

  /** Returns the timestamp (Unix ms) of the current sample. */
  long atT();

  /** Returns the value of the current float sample (raw bits preserved, incl. stale NaN). */
  double atFloat();

  /**
   * Bulk read: appends the current sample, which must be a float sample, and the float samples
   * after it to {@code out}, stopping at the first sample that is not a float or has a timestamp
   * above {@code maxT}; that sample becomes current and its type is returned ({@link
   * ValueType#NONE} at the end). Returns at once, appending nothing, when the current sample is
   * above {@code maxT}. Equivalent to calling {@link #next()}, {@link #atT()} and {@link
   * #atFloat()} per sample; implementations may decode faster.
   */
  default ValueType readFloats(long maxT, FloatSamples out) {
    ValueType type = ValueType.FLOAT;
    while (type == ValueType.FLOAT) {
      long t = atT();
      if (t > maxT) {
        return type;
      }
      out.ensureRoom();
      out.times[out.size] = t;
      out.values[out.size] = atFloat();
      out.size++;
      type = next();
    }
    return type;
  }

  /**
   * An upper bound (Unix ms, inclusive) of the timestamps of the current sample and every later
   * one, known without decoding them (e.g. from chunk metadata), so that a caller can tell that an
   * iterator ends before some time without reading it to the end; {@link Long#MAX_VALUE} when
   * unknown.
   */
  default long maxTimeBound() {
    return Long.MAX_VALUE;
  }

  /** An iterator without samples. */
  SampleIterator EMPTY =
      new SampleIterator() {
        @Override
        public ValueType next() {
          return ValueType.NONE;
        }

        @Override
        public ValueType seek(long t) {
          return ValueType.NONE;
        }

        @Override
        public long atT() {
          throw new IllegalStateException("empty iterator");
        }

        @Override
        public double atFloat() {
          throw new IllegalStateException("empty iterator");
        }
      };
}
