package io.argus.app.server;

/** A configuration file that could not be loaded; the message reads as Prometheus' does. */
public final class ConfigLoadException extends Exception {
  private static final long serialVersionUID = 1L;

  ConfigLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
