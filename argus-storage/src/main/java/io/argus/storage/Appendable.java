package io.argus.storage;

/** Something that hands out appenders. Thread-safe. */
@FunctionalInterface
public interface Appendable {
  /** Returns a new appender for one batch. */
  Appender appender();
}
