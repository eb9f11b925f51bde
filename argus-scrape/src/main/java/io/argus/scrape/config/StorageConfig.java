package io.argus.scrape.config;

/**
 * The {@code storage} section.
 *
 * @param outOfOrderTimeWindowMillis how far back out-of-order samples are accepted; 0 disables
 * @param maxExemplars size of the exemplar ring; 0 disables exemplar storage
 */
public record StorageConfig(long outOfOrderTimeWindowMillis, long maxExemplars) {
  public static final StorageConfig DEFAULT = new StorageConfig(0, 100_000);
}
