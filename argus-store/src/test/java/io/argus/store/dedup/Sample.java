package io.argus.store.dedup;

import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import java.util.ArrayList;
import java.util.List;

/** A float sample in tests: timestamp (ms) and value. */
record Sample(long t, double v) {
  /** Reads the rest of {@code it} (all float samples) into a list. */
  static List<Sample> drain(SampleIterator it) {
    List<Sample> out = new ArrayList<>();
    while (it.next() == ValueType.FLOAT) {
      out.add(new Sample(it.atT(), it.atFloat()));
    }
    return out;
  }

  /** Returns the timestamps of {@code samples}. */
  static List<Long> times(List<Sample> samples) {
    return samples.stream().map(Sample::t).toList();
  }

  /** Returns the values of {@code samples}. */
  static List<Double> values(List<Sample> samples) {
    return samples.stream().map(Sample::v).toList();
  }
}
