package io.argus.promql.parser;

/**
 * A span of the query text, {@code start} inclusive and {@code end} exclusive, in UTF-16 char
 * indices of the Java string (error messages convert to upstream's UTF-8 byte columns).
 */
public record PositionRange(int start, int end) {
  /** The range of nodes that were not parsed from text. */
  public static final PositionRange NONE = new PositionRange(0, 0);

  /** Returns the smallest range covering this one and {@code other}. */
  public PositionRange merge(PositionRange other) {
    return new PositionRange(Math.min(start, other.start), Math.max(end, other.end));
  }
}
