package io.argus.alertmanager.config;

/**
 * A configuration value that must not be revealed: {@link #toString()} gives {@code <secret>} (or
 * the empty string when unset). Read it with {@link #value()}.
 */
public record Secret(String value) {
  public static final Secret EMPTY = new Secret("");

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return value.isEmpty() ? "" : "<secret>";
  }
}
