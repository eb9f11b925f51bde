package io.argus.scrape.config;

/**
 * A configuration file that cannot be loaded. The message reads as upstream's, prefixed with {@code
 * parsing YAML file <file>: } when the file could be read, and names the line and field at fault
 * where there is one.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ConfigException(String file, String message) {
    super("parsing YAML file " + file + ": " + message);
  }

  ConfigException(String message, boolean raw) {
    super(message);
  }
}
