package io.argus.promql;

/** A string literal's value at a time. {@code t} in Unix ms. */
public record StringValue(long t, String v) implements Value {
  @Override
  public String typeName() {
    return "string";
  }
}
