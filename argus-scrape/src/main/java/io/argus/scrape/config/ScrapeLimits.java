package io.argus.scrape.config;

/**
 * Per-scrape limits; 0 means no limit. Body size is in bytes.
 *
 * @param keepDroppedTargets how many targets dropped by relabeling to keep for display
 */
public record ScrapeLimits(
    long sampleLimit,
    long labelLimit,
    long labelNameLengthLimit,
    long labelValueLengthLimit,
    long bodySizeLimit,
    long targetLimit,
    long keepDroppedTargets) {
  public static final ScrapeLimits NONE = new ScrapeLimits(0, 0, 0, 0, 0, 0, 0);
}
