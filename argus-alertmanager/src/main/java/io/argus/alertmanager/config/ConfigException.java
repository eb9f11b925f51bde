package io.argus.alertmanager.config;

/**
 * An {@code alertmanager.yml} (or template) that cannot be loaded. The message is upstream's, e.g.
 * {@code yaml: unmarshal errors:\n line 3: field foo not found in type config.plain} or {@code
 * undefined receiver "x" used in route}; it never includes the file name.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
