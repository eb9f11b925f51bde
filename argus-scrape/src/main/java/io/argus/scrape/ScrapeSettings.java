package io.argus.scrape;

import io.argus.model.relabel.NameValidationScheme;
import io.argus.model.relabel.RelabelConfig;
import io.argus.scrape.config.HttpClientConfig;
import io.argus.scrape.config.ScrapeConfig;
import io.argus.scrape.config.ScrapeLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a scrape pool needs from one {@code scrape_config}. Durations are in milliseconds; a limit
 * of 0 means no limit. Immutable.
 *
 * @param jobName the {@code job_name}, also the default {@code job} label
 * @param intervalMs time between scrapes of a target
 * @param timeoutMs how long one scrape may take, at most {@code intervalMs}
 * @param metricsPath the default {@code __metrics_path__}
 * @param scheme the default {@code __scheme__}
 * @param params URL query parameters, overridable per target by {@code __param_<name>}
 * @param honorLabels whether scraped labels win over target labels
 * @param honorTimestamps whether timestamps in the body are kept
 * @param trackTimestampsStaleness whether series with their own timestamps also get staleness
 *     markers when they disappear
 * @param sampleLimit samples per scrape after metric relabeling
 * @param labelLimit labels per series after metric relabeling
 * @param labelNameLengthLimit bytes per label name
 * @param labelValueLengthLimit bytes per label value
 * @param bodySizeLimitBytes uncompressed body bytes
 * @param targetLimit targets per pool after relabeling
 * @param protocols the formats to ask for, best first
 * @param fallbackProtocol how to parse a body whose {@code Content-Type} is blank or unsupported;
 *     null to fail such scrapes
 * @param keepDroppedTargets how many targets dropped by relabeling a pool keeps for display, 0 for
 *     all
 * @param targetRelabel {@code relabel_configs}, applied to discovered labels
 * @param metricRelabel {@code metric_relabel_configs}, applied to each scraped series
 * @param http authentication, TLS, proxy and redirect options of the pool's HTTP client
 */
public record ScrapeSettings(
    String jobName,
    long intervalMs,
    long timeoutMs,
    String metricsPath,
    String scheme,
    Map<String, List<String>> params,
    boolean honorLabels,
    boolean honorTimestamps,
    boolean trackTimestampsStaleness,
    int sampleLimit,
    int labelLimit,
    int labelNameLengthLimit,
    int labelValueLengthLimit,
    long bodySizeLimitBytes,
    int targetLimit,
    List<ScrapeProtocol> protocols,
    @Nullable ScrapeProtocol fallbackProtocol,
    int keepDroppedTargets,
    LabelsRewriter targetRelabel,
    LabelsRewriter metricRelabel,
    HttpClientConfig http) {

  public ScrapeSettings {
    if (intervalMs <= 0) {
      throw new IllegalArgumentException("scrape interval must be positive: " + intervalMs);
    }
    if (timeoutMs <= 0 || timeoutMs > intervalMs) {
      throw new IllegalArgumentException(
          "scrape timeout greater than scrape interval for scrape config with job name \""
              + jobName
              + "\"");
    }
    params = Map.copyOf(params);
    protocols = List.copyOf(protocols);
  }

  /**
   * Maps a loaded {@code scrape_config}. Protocols Argus cannot parse are left out of the {@code
   * Accept} header.
   */
  public static ScrapeSettings fromConfig(ScrapeConfig c) {
    List<ScrapeProtocol> protocols = new ArrayList<>();
    for (String name : c.scrapeProtocols()) {
      ScrapeProtocol p = ScrapeProtocol.forConfigName(name);
      if (p != null) {
        protocols.add(p);
      }
    }
    ScrapeLimits l = c.limits();
    return builder(c.jobName())
        .interval(c.scrapeIntervalMillis())
        .timeout(c.scrapeTimeoutMillis())
        .metricsPath(c.metricsPath())
        .scheme(c.scheme())
        .params(c.params())
        .honorLabels(c.honorLabels())
        .honorTimestamps(c.honorTimestamps())
        .trackTimestampsStaleness(c.trackTimestampsStaleness())
        .sampleLimit(clamp(l.sampleLimit()))
        .labelLimit(clamp(l.labelLimit()))
        .labelNameLengthLimit(clamp(l.labelNameLengthLimit()))
        .labelValueLengthLimit(clamp(l.labelValueLengthLimit()))
        .bodySizeLimit(l.bodySizeLimit())
        .targetLimit(clamp(l.targetLimit()))
        .protocols(protocols.isEmpty() ? ScrapeProtocol.DEFAULT : protocols)
        .fallbackProtocol(ScrapeProtocol.forConfigName(c.fallbackScrapeProtocol()))
        .keepDroppedTargets(clamp(l.keepDroppedTargets()))
        .targetRelabel(rewriter(c.relabelConfigs(), c.nameValidationScheme()))
        .metricRelabel(rewriter(c.metricRelabelConfigs(), c.nameValidationScheme()))
        .http(c.http())
        .build();
  }

  private static LabelsRewriter rewriter(List<RelabelConfig> rules, NameValidationScheme scheme) {
    return rules.isEmpty() ? LabelsRewriter.IDENTITY : new RelabelRules(rules, scheme);
  }

  private static int clamp(long limit) {
    return (int) Math.min(limit, Integer.MAX_VALUE);
  }

  /** Returns a builder with Prometheus' defaults (1m interval, 10s timeout, /metrics, http). */
  public static Builder builder(String jobName) {
    return new Builder(jobName);
  }

  /** Returns a builder starting from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder(jobName);
    b.intervalMs = intervalMs;
    b.timeoutMs = timeoutMs;
    b.metricsPath = metricsPath;
    b.scheme = scheme;
    b.params = params;
    b.honorLabels = honorLabels;
    b.honorTimestamps = honorTimestamps;
    b.trackTimestampsStaleness = trackTimestampsStaleness;
    b.sampleLimit = sampleLimit;
    b.labelLimit = labelLimit;
    b.labelNameLengthLimit = labelNameLengthLimit;
    b.labelValueLengthLimit = labelValueLengthLimit;
    b.bodySizeLimitBytes = bodySizeLimitBytes;
    b.targetLimit = targetLimit;
    b.protocols = protocols;
    b.fallbackProtocol = fallbackProtocol;
    b.keepDroppedTargets = keepDroppedTargets;
    b.targetRelabel = targetRelabel;
    b.metricRelabel = metricRelabel;
    b.http = http;
    return b;
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private final String jobName;
    private long intervalMs = 60_000;
    private long timeoutMs = 10_000;
    private String metricsPath = "/metrics";
    private String scheme = "http";
    private Map<String, List<String>> params = Map.of();
    private boolean honorLabels;
    private boolean honorTimestamps = true;
    private boolean trackTimestampsStaleness;
    private int sampleLimit;
    private int labelLimit;
    private int labelNameLengthLimit;
    private int labelValueLengthLimit;
    private long bodySizeLimitBytes;
    private int targetLimit;
    private List<ScrapeProtocol> protocols = ScrapeProtocol.DEFAULT;
    private @Nullable ScrapeProtocol fallbackProtocol;
    private int keepDroppedTargets;
    private LabelsRewriter targetRelabel = LabelsRewriter.IDENTITY;
    private LabelsRewriter metricRelabel = LabelsRewriter.IDENTITY;
    private HttpClientConfig http = HttpClientConfig.DEFAULT;

    private Builder(String jobName) {
      this.jobName = jobName;
    }

    public Builder interval(long ms) {
      intervalMs = ms;
      return this;
    }

    public Builder timeout(long ms) {
      timeoutMs = ms;
      return this;
    }

    public Builder metricsPath(String v) {
      metricsPath = v;
      return this;
    }

    public Builder scheme(String v) {
      scheme = v;
      return this;
    }

    public Builder params(Map<String, List<String>> v) {
      params = v;
      return this;
    }

    public Builder honorLabels(boolean v) {
      honorLabels = v;
      return this;
    }

    public Builder honorTimestamps(boolean v) {
      honorTimestamps = v;
      return this;
    }

    public Builder trackTimestampsStaleness(boolean v) {
      trackTimestampsStaleness = v;
      return this;
    }

    public Builder sampleLimit(int v) {
      sampleLimit = v;
      return this;
    }

    public Builder labelLimit(int v) {
      labelLimit = v;
      return this;
    }

    public Builder labelNameLengthLimit(int v) {
      labelNameLengthLimit = v;
      return this;
    }

    public Builder labelValueLengthLimit(int v) {
      labelValueLengthLimit = v;
      return this;
    }

    public Builder bodySizeLimit(long bytes) {
      bodySizeLimitBytes = bytes;
      return this;
    }

    public Builder targetLimit(int v) {
      targetLimit = v;
      return this;
    }

    public Builder protocols(List<ScrapeProtocol> v) {
      protocols = v;
      return this;
    }

    public Builder fallbackProtocol(@Nullable ScrapeProtocol v) {
      fallbackProtocol = v;
      return this;
    }

    public Builder keepDroppedTargets(int v) {
      keepDroppedTargets = v;
      return this;
    }

    public Builder targetRelabel(LabelsRewriter v) {
      targetRelabel = v;
      return this;
    }

    public Builder metricRelabel(LabelsRewriter v) {
      metricRelabel = v;
      return this;
    }

    public Builder http(HttpClientConfig v) {
      http = v;
      return this;
    }

    public ScrapeSettings build() {
      return new ScrapeSettings(
          jobName,
          intervalMs,
          timeoutMs,
          metricsPath,
          scheme,
          params,
          honorLabels,
          honorTimestamps,
          trackTimestampsStaleness,
          sampleLimit,
          labelLimit,
          labelNameLengthLimit,
          labelValueLengthLimit,
          bodySizeLimitBytes,
          targetLimit,
          protocols,
          fallbackProtocol,
          keepDroppedTargets,
          targetRelabel,
          metricRelabel,
          http);
    }
  }
}
