package io.argus.template;

/** Go's {@code missingkey} option: what a map lookup of an absent key yields. */
public enum MissingKey {
  /** No value: prints as {@code <no value>} (Go's default). */
  DEFAULT,
  /** The zero value of the map's element type (Prometheus' choice). */
  ZERO,
  /** Execution stops with {@code map has no entry for key "k"}. */
  ERROR
}
