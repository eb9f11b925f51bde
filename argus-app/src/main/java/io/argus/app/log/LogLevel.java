package io.argus.app.log;

import ch.qos.logback.classic.Level;

/** The thresholds of {@code --log.level}, as Prometheus names them. */
public enum LogLevel {
  DEBUG(Level.DEBUG),
  INFO(Level.INFO),
  WARN(Level.WARN),
  ERROR(Level.ERROR);

  private final Level logbackLevel;

  LogLevel(Level logbackLevel) {
    this.logbackLevel = logbackLevel;
  }

  Level logbackLevel() {
    return logbackLevel;
  }

  /** The flag spelling, lowercase. */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
