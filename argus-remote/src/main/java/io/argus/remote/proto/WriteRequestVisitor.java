package io.argus.remote.proto;

/**
 * Receives what a write-request decoder decodes, in wire order. Exceptions thrown here abort the
 * decoding and propagate to the caller.
 */
public interface WriteRequestVisitor {
  /** One series; the view is valid only during the call. */
  void series(SeriesView series);

  /** One 1.0 {@code MetricMetadata} entry (2.0 carries metadata per series instead). */
  default void metadata(MetricMetadata metadata) {}
}
