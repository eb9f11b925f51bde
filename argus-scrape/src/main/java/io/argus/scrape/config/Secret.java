package io.argus.scrape.config;

/**
 * A secret configuration value (password, credentials, client secret). {@link #toString()} and
 * {@link ConfigPrinter} show {@code <secret>}; only {@link #reveal()} gives the value.
 */
public record Secret(String value) {
  public static final Secret EMPTY = new Secret("");

  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** The secret itself, for the code that authenticates. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "<secret>";
  }
}
