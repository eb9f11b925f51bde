package io.argus.store.query;

import io.argus.storage.FloatSamples;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The samples of a replica known by its first and last sample time, fetched only when a reader
 * needs more than those: positioning on the first sample ({@code next()} once, or {@code seek} to a
 * time at or before it), reading its time and {@link #maxTimeBound()} cost nothing; anything else
 * (its value, a further step) fetches the full iterator once and continues on it from the first
 * sample. The first sample is taken to be a float sample, as the store path carries only float
 * chunks. If the fetched samples no longer start at the known first time (samples deleted in
 * between), the full iterator is positioned at its first sample at or after it; if none is left,
 * the first sample reads as NaN and the iterator ends after it. Single-threaded.
 */
final class DeferredReplicaIterator implements SampleIterator {
  private final long firstTime;
  private final long lastTime;
  private final Supplier<SampleIterator> fetch;
  private @Nullable SampleIterator full;

  /** Whether the reader has moved onto the first sample (before any fetch). */
  private boolean onFirst;

  /** Whether the fetched samples held nothing at or after the first time. */
  private boolean firstLost;

  DeferredReplicaIterator(long firstTime, long lastTime, Supplier<SampleIterator> fetch) {
    this.firstTime = firstTime;
    this.lastTime = lastTime;
    this.fetch = fetch;
  }

  /** Whether the full samples were fetched. */
  boolean fetched() {
    return full != null;
  }

  private SampleIterator full() {
    SampleIterator it = full;
    if (it == null) {
      it = fetch.get();
      if (onFirst && it.seek(firstTime) == ValueType.NONE) {
        it = SampleIterator.EMPTY;
        firstLost = true;
      }
      full = it;
    }
    return it;
  }

  @Override
  public ValueType next() {
    if (full == null && !onFirst) {
      onFirst = true;
      return ValueType.FLOAT;
    }
    ValueType type = full().next();
    firstLost = false;
    return type;
  }

  @Override
  public ValueType seek(long t) {
    if (full == null && t <= firstTime) {
      onFirst = true;
      return ValueType.FLOAT;
    }
    SampleIterator it = full();
    if (firstLost && t <= firstTime) {
      return ValueType.FLOAT;
    }
    firstLost = false;
    return it.seek(t);
  }

  @Override
  public long atT() {
    if (full == null) {
      if (!onFirst) {
        throw new IllegalStateException("iterator is not positioned on a sample");
      }
      return firstTime;
    }
    return firstLost ? firstTime : full.atT();
  }

  @Override
  public double atFloat() {
    if (full == null && !onFirst) {
      throw new IllegalStateException("iterator is not positioned on a sample");
    }
    SampleIterator it = full();
    return firstLost ? Double.NaN : it.atFloat();
  }

  @Override
  public ValueType readFloats(long maxT, FloatSamples out) {
    if (full == null && !onFirst) {
      throw new IllegalStateException("iterator is not positioned on a sample");
    }
    if (full == null && firstTime > maxT) {
      return ValueType.FLOAT;
    }
    SampleIterator it = full();
    if (firstLost) {
      return SampleIterator.super.readFloats(maxT, out);
    }
    return it.readFloats(maxT, out);
  }

  @Override
  public long maxTimeBound() {
    SampleIterator it = full;
    return it == null ? lastTime : it.maxTimeBound();
  }
}
