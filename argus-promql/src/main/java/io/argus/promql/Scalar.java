package io.argus.promql;

/** A single float at a time. {@code t} in Unix ms. */
public record Scalar(long t, double v) implements Value {
  @Override
  public String typeName() {
    return "scalar";
  }
}
