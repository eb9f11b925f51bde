package io.argus.scrape.discovery;

import java.util.List;

/**
 * One {@code file_sd_configs} entry.
 *
 * @param files path patterns; only the last path element may hold glob wildcards, and files must
 *     end in {@code .json}, {@code .yml} or {@code .yaml}
 * @param refreshIntervalMs how often every file is re-read even without a change notification
 */
public record FileSdSettings(List<String> files, long refreshIntervalMs)
    implements DiscovererFactory {
  /** Upstream's default refresh interval, 5 minutes. */
  public static final long DEFAULT_REFRESH_INTERVAL_MS = 5 * 60_000L;

  public FileSdSettings {
    files = List.copyOf(files);
    if (refreshIntervalMs <= 0) {
      throw new IllegalArgumentException(
          "file service discovery refresh interval must be positive");
    }
  }

  @Override
  public Discoverer create(DiscoveryContext context) {
    return new FileDiscoverer(this, context.waiter(), context.metrics());
  }
}
