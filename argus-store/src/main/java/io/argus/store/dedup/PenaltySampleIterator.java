package io.argus.store.dedup;

import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import org.jspecify.annotations.Nullable;

/**
 * Thanos' penalty merge of two replica iterators A and B (see {@link PenaltyDeduplicator}).
 * Primitive state only; {@link #reset} rewinds it over new inputs so one instance serves many
 * series. Single-threaded.
 */
final class PenaltySampleIterator implements SampleIterator {
  /** Penalty (ms) given to the input not picked for the first sample, when no delta is known. */
  static final long INITIAL_PENALTY = 5000;

  /** {@link #lastT} before any sample was emitted; no sample can have it (see {@link #next}). */
  private static final long UNSET = Long.MIN_VALUE;

  private @Nullable SampleIterator a;
  private @Nullable SampleIterator b;
  private boolean counter;

  private boolean aOk;
  private boolean bOk;
  private ValueType aType = ValueType.NONE;
  private ValueType bType = ValueType.NONE;
  private long penA;
  private long penB;
  private long lastT;
  private boolean useA;

  /** Type of the emitted sample, NONE before the first and after the last. */
  private ValueType current = ValueType.NONE;

  private boolean started;

  /** Counter mode: offsets added to every float value of A and of B. */
  private double adjA;

  private double adjB;

  @Nullable SampleIterator a() {
    return a;
  }

  @Nullable SampleIterator b() {
    return b;
  }

  /**
   * Rewinds over new inputs.
   *
   * @param counter whether to keep the output monotonic where it switches input (§1.4)
   */
  void reset(SampleIterator newA, SampleIterator newB, boolean counterMode) {
    a = newA;
    b = newB;
    counter = counterMode;
    aOk = true;
    bOk = true;
    aType = ValueType.NONE;
    bType = ValueType.NONE;
    penA = 0;
    penB = 0;
    lastT = UNSET;
    useA = true;
    current = ValueType.NONE;
    started = false;
    adjA = 0;
    adjB = 0;
  }

  @Override
  public ValueType next() {
    SampleIterator ia = a;
    SampleIterator ib = b;
    if (ia == null || ib == null) {
      throw new IllegalStateException("iterator was not reset");
    }
    boolean lastWasFloat = current == ValueType.FLOAT;
    double lastValue = lastWasFloat ? atFloat() : 0;
    boolean lastUseA = useA;
    started = true;
    // A sample at Long.MIN_VALUE would be skipped by the seeks below; none exists in practice.
    if (aOk) {
      aType = ia.seek(lastT + 1 + penA);
      aOk = aType != ValueType.NONE;
    }
    if (bOk) {
      bType = ib.seek(lastT + 1 + penB);
      bOk = bType != ValueType.NONE;
    }
    if (!aOk) {
      useA = false;
      if (bOk) {
        lastT = ib.atT();
        penB = 0;
      }
      current = bType;
    } else if (!bOk) {
      useA = true;
      lastT = ia.atT();
      penA = 0;
      current = aType;
    } else {
      long ta = ia.atT();
      long tb = ib.atT();
      useA = ta <= tb;
      long picked = useA ? ta : tb;
      long penalty = lastT == UNSET ? INITIAL_PENALTY : 2 * (picked - lastT);
      if (useA) {
        penB = penalty;
        penA = 0;
        current = aType;
      } else {
        penA = penalty;
        penB = 0;
        current = bType;
      }
      lastT = picked;
    }
    if (counter && lastWasFloat && useA != lastUseA && current != ValueType.NONE) {
      adjustOffsets(ia, ib, lastValue);
    }
    return current;
  }

  /** After a switch of input: raises each float input's offset so it is not below {@code last}. */
  private void adjustOffsets(SampleIterator ia, SampleIterator ib, double last) {
    if (aOk && aType == ValueType.FLOAT) {
      double v = ia.atFloat() + adjA;
      if (last > v) {
        adjA += last - v;
      }
    }
    if (bOk && bType == ValueType.FLOAT) {
      double v = ib.atFloat() + adjB;
      if (last > v) {
        adjB += last - v;
      }
    }
  }

  /** Advances with {@link #next()} (never a raw seek of the inputs, which could skip a gap). */
  @Override
  public ValueType seek(long t) {
    if (!started) {
      next();
    }
    while (current != ValueType.NONE && atT() < t) {
      next();
    }
    return current;
  }

  @Override
  public long atT() {
    return pickedInput().atT();
  }

  @Override
  public double atFloat() {
    double v = pickedInput().atFloat();
    double adj = useA ? adjA : adjB;
    // Stale markers keep their exact bits: adding to a NaN could change them.
    return adj == 0 || Double.isNaN(v) ? v : v + adj;
  }

  private SampleIterator pickedInput() {
    SampleIterator it = useA ? a : b;
    if (current == ValueType.NONE || it == null) {
      throw new IllegalStateException("iterator is not positioned on a sample");
    }
    return it;
  }
}
