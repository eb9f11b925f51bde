package io.argus.promql;

import java.util.List;

/** An instant vector: samples at one evaluation time, in no particular order unless sorted. */
public record Vector(List<Sample> samples) implements Value {
  public Vector {
    samples = List.copyOf(samples);
  }

  public int size() {
    return samples.size();
  }

  public Sample get(int i) {
    return samples.get(i);
  }

  @Override
  public String typeName() {
    return "vector";
  }
}
