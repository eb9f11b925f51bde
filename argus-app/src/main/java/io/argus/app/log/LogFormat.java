package io.argus.app.log;

/** The output formats of {@code --log.format}. */
public enum LogFormat {
  LOGFMT,
  JSON;

  /** The flag spelling, lowercase. */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
