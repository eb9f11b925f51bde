package io.argus.scrape;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.textparse.MetricType;
import io.argus.model.textparse.TextParser;
import io.argus.util.PrometheusDurations;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One endpoint to scrape: its discovered labels, the final target labels that every scraped series
 * gets, its URL and the state of its last scrape. Labels and URL are immutable; the scrape state
 * and metadata are written by the target's scrape loop and safe to read from any thread.
 */
public final class Target implements ActiveTarget {
  public static final String ADDRESS_LABEL = "__address__";
  public static final String SCHEME_LABEL = "__scheme__";
  public static final String METRICS_PATH_LABEL = "__metrics_path__";
  public static final String PARAM_LABEL_PREFIX = "__param_";
  public static final String SCRAPE_INTERVAL_LABEL = "__scrape_interval__";
  public static final String SCRAPE_TIMEOUT_LABEL = "__scrape_timeout__";
  public static final String JOB_LABEL = "job";
  public static final String INSTANCE_LABEL = "instance";

  /** Metadata of a family missing from more scrapes than this is forgotten (as in Prometheus). */
  static final int METADATA_RETENTION_SCRAPES = 10;

  /** One family's metadata; the value is replaced, never mutated. */
  private static final class MetadataEntry {
    volatile MetricMetadata value;

    /** The loop iteration that last exposed the family; read and written by the loop only. */
    long lastSeen;

    MetadataEntry(MetricMetadata value) {
      this.value = value;
    }
  }

  private final String scrapePool;
  private final Labels discoveredLabels;
  private final Labels labels;
  private final URI url;
  private final long intervalMs;
  private final long timeoutMs;
  private final long hash;
  private final Map<String, MetadataEntry> metadata = new ConcurrentHashMap<>();

  /** The entry each metadata line (by position in a scrape) named last time; loop only. */
  private @Nullable MetadataEntry[] metadataHints = new MetadataEntry[16];

  private volatile ScrapeState lastScrape = ScrapeState.NEVER_SCRAPED;

  private Target(
      String scrapePool,
      Labels discoveredLabels,
      Labels labels,
      URI url,
      long intervalMs,
      long timeoutMs) {
    this.scrapePool = scrapePool;
    this.discoveredLabels = discoveredLabels;
    this.labels = labels;
    this.url = url;
    this.intervalMs = intervalMs;
    this.timeoutMs = timeoutMs;
    this.hash = fnv64a(labels, url.toString());
  }

  /**
   * Turns discovered labels into a target as Prometheus does: sets the defaults ({@code job},
   * {@code __scheme__}, {@code __metrics_path__}, {@code __scrape_interval__}, {@code
   * __scrape_timeout__}, {@code __param_*}) where absent (these labels are the target's {@link
   * #discoveredLabels()}), applies the target relabeling, takes interval, timeout and URL from the
   * resulting labels, defaults {@code instance} to {@code __address__} and removes every label
   * starting with {@code __}.
   *
   * @return the target, or {@code null} when relabeling drops it
   * @throws IllegalArgumentException when the relabeled labels do not make a valid target
   */
  public static @Nullable Target create(Labels discovered, ScrapeSettings settings) {
    Labels withDefaults = discoveredLabels(discovered, settings);
    Labels relabeled = settings.targetRelabel().apply(withDefaults);
    if (relabeled == null) {
      return null;
    }
    String address = relabeled.getOrEmpty(ADDRESS_LABEL);
    if (address.isEmpty()) {
      throw new IllegalArgumentException("no address");
    }
    if (address.contains("/")) {
      throw new IllegalArgumentException("\"" + address + "\" is not a valid hostname");
    }
    long interval = duration(relabeled, SCRAPE_INTERVAL_LABEL, "scrape interval");
    long timeout = duration(relabeled, SCRAPE_TIMEOUT_LABEL, "scrape timeout");
    if (interval == 0) {
      throw new IllegalArgumentException("scrape interval cannot be 0");
    }
    if (timeout == 0) {
      throw new IllegalArgumentException("scrape timeout cannot be 0");
    }
    if (timeout > interval) {
      throw new IllegalArgumentException(
          "scrape timeout cannot be greater than scrape interval (\""
              + PrometheusDurations.format(timeout)
              + "\" > \""
              + PrometheusDurations.format(interval)
              + "\")");
    }
    URI url = buildUrl(relabeled, address, settings.params());
    LabelsBuilder out = new LabelsBuilder();
    relabeled.forEach(
        (name, value) -> {
          if (!name.startsWith("__")) {
            out.set(name, value);
          }
        });
    if (out.get(INSTANCE_LABEL) == null) {
      out.set(INSTANCE_LABEL, address);
    }
    return new Target(settings.jobName(), withDefaults, out.build(), url, interval, timeout);
  }

  /**
   * Returns {@code discovered} with the defaults {@link #create} adds before relabeling: the
   * discovered labels Prometheus shows for a target, dropped ones included.
   */
  public static Labels discoveredLabels(Labels discovered, ScrapeSettings settings) {
    LabelsBuilder b = discovered.toBuilder();
    setIfAbsent(b, JOB_LABEL, settings.jobName());
    setIfAbsent(b, SCRAPE_INTERVAL_LABEL, PrometheusDurations.format(settings.intervalMs()));
    setIfAbsent(b, SCRAPE_TIMEOUT_LABEL, PrometheusDurations.format(settings.timeoutMs()));
    setIfAbsent(b, METRICS_PATH_LABEL, settings.metricsPath());
    setIfAbsent(b, SCHEME_LABEL, settings.scheme());
    for (Map.Entry<String, List<String>> p : settings.params().entrySet()) {
      if (!p.getValue().isEmpty()) {
        setIfAbsent(b, PARAM_LABEL_PREFIX + p.getKey(), p.getValue().get(0));
      }
    }
    return b.build();
  }

  private static void setIfAbsent(LabelsBuilder b, String name, String value) {
    String existing = b.get(name);
    if (existing == null || existing.isEmpty()) {
      b.set(name, value);
    }
  }

  private static URI buildUrl(Labels ls, String address, Map<String, List<String>> params) {
    Map<String, List<String>> query = new TreeMap<>(params);
    ls.forEach(
        (name, value) -> {
          if (name.startsWith(PARAM_LABEL_PREFIX)) {
            String param = name.substring(PARAM_LABEL_PREFIX.length());
            List<String> values = new ArrayList<>(query.getOrDefault(param, List.of()));
            if (values.isEmpty()) {
              values.add(value);
            } else {
              values.set(0, value);
            }
            query.put(param, values);
          }
        });
    StringBuilder sb = new StringBuilder();
    sb.append(ls.getOrEmpty(SCHEME_LABEL)).append("://").append(address);
    String path = ls.getOrEmpty(METRICS_PATH_LABEL);
    if (!path.startsWith("/")) {
      sb.append('/');
    }
    sb.append(path);
    char sep = '?';
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      for (String v : e.getValue()) {
        sb.append(sep)
            .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        sep = '&';
      }
    }
    try {
      return URI.create(sb.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid target URL \"" + sb + "\": " + e.getMessage(), e);
    }
  }

  private static long duration(Labels ls, String label, String what) {
    try {
      return PrometheusDurations.parse(ls.getOrEmpty(label));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("error parsing " + what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns how long to wait from {@code nowMs} until this target's first scrape. Every replica
   * scrapes a target at the same phase of the interval ({@code (hash ^ seed) mod interval} after
   * each multiple of the interval since the epoch), so restarts keep the spacing between samples,
   * targets spread over the interval, and replicas with different external labels (different {@code
   * seed}) do not scrape in lockstep.
   *
   * @return a delay in {@code [0, intervalMs]} milliseconds
   */
  public long offsetMs(long intervalMs, long seed, long nowMs) {
    long base = intervalMs - Math.floorMod(nowMs, intervalMs);
    long phase = Long.remainderUnsigned(hash ^ seed, intervalMs);
    long next = base + phase;
    return next > intervalMs ? next - intervalMs : next;
  }

  /** Returns the offset seed for a set of external labels (0 for none). */
  public static long offsetSeed(Labels externalLabels) {
    return externalLabels.isEmpty() ? 0 : fnv64a(externalLabels, "");
  }

  private static long fnv64a(Labels ls, String extra) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < ls.size(); i++) {
      h = fnv(h, ls.name(i));
      h = (h ^ 0xff) * 0x100000001b3L;
      h = fnv(h, ls.value(i));
      h = (h ^ 0xff) * 0x100000001b3L;
    }
    return fnv(h, extra);
  }

  private static long fnv(long h, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  @Override
  public String scrapePool() {
    return scrapePool;
  }

  @Override
  public Labels discoveredLabels() {
    return discoveredLabels;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  /** Returns the scrape URL; the same as {@link #scrapeUrl()}. */
  public URI url() {
    return url;
  }

  @Override
  public URI scrapeUrl() {
    return url;
  }

  /** Returns the scrape interval in ms; the same as {@link #scrapeIntervalMs()}. */
  public long intervalMs() {
    return intervalMs;
  }

  /** Returns the scrape timeout in ms; the same as {@link #scrapeTimeoutMs()}. */
  public long timeoutMs() {
    return timeoutMs;
  }

  @Override
  public long scrapeIntervalMs() {
    return intervalMs;
  }

  @Override
  public long scrapeTimeoutMs() {
    return timeoutMs;
  }

  /** Returns a hash of the labels and URL; targets with equal hashes are the same target. */
  public long hash() {
    return hash;
  }

  @Override
  public ScrapeState lastScrape() {
    return lastScrape;
  }

  /** Returns the health of the last scrape; shorthand for {@code lastScrape().health()}. */
  public TargetHealth health() {
    return lastScrape.health();
  }

  /** Returns the error of the last scrape, empty when it succeeded. */
  public String lastError() {
    return lastScrape.lastError();
  }

  /** Returns the start of the last scrape in Unix ms, 0 before the first. */
  public long lastScrapeMs() {
    return lastScrape.lastScrapeMs();
  }

  @Override
  public Map<String, MetricMetadata> metadata() {
    Map<String, MetricMetadata> out = new HashMap<>();
    metadata.forEach((family, e) -> out.put(family, e.value));
    return Collections.unmodifiableMap(out);
  }

  @Override
  public @Nullable MetricMetadata metadata(String family) {
    MetadataEntry e = metadata.get(family);
    return e == null ? null : e.value;
  }

  /**
   * Records the {@code TYPE} line the parser is at, the {@code line}-th metadata line (0-based) of
   * scrape {@code iteration}; called by the loop only.
   */
  void setType(TextParser p, int line, long iteration) {
    MetadataEntry e = metadataEntry(p, line, iteration);
    MetricType type = p.type();
    if (e.value.type() != type) {
      e.value = e.value.withType(type);
    }
  }

  /** Records the {@code HELP} line the parser is at; see {@link #setType}. */
  void setHelp(TextParser p, int line, long iteration) {
    MetadataEntry e = metadataEntry(p, line, iteration);
    if (!p.textEquals(e.value.help())) {
      String help = p.help();
      if (!e.value.help().equals(help)) {
        e.value = e.value.withHelp(help);
      }
    }
  }

  /** Records the {@code UNIT} line the parser is at; see {@link #setType}. */
  void setUnit(TextParser p, int line, long iteration) {
    MetadataEntry e = metadataEntry(p, line, iteration);
    if (!p.textEquals(e.value.unit())) {
      String unit = p.unit();
      if (!e.value.unit().equals(unit)) {
        e.value = e.value.withUnit(unit);
      }
    }
  }

  /**
   * Returns the entry of the family the parser's metadata line names, marked seen in {@code
   * iteration}. Tries the entry the same line named in the last scrape first, which spares decoding
   * the family name while a target exposes the same families in the same order.
   */
  private MetadataEntry metadataEntry(TextParser p, int line, long iteration) {
    if (line < metadataHints.length) {
      MetadataEntry hint = metadataHints[line];
      if (hint != null) {
        String family = hint.value.family();
        // Still in the map: eviction may have dropped it since.
        if (p.metricNameEquals(family) && metadata.get(family) == hint) {
          hint.lastSeen = iteration;
          return hint;
        }
      }
    } else {
      metadataHints = Arrays.copyOf(metadataHints, Math.max(line + 1, metadataHints.length * 2));
    }
    MetadataEntry e = metadataEntry(p.metricName(), iteration);
    metadataHints[line] = e;
    return e;
  }

  private MetadataEntry metadataEntry(String family, long iteration) {
    MetadataEntry e = metadata.get(family);
    if (e == null) {
      e = new MetadataEntry(new MetricMetadata(family, MetricType.UNKNOWN, "", ""));
      metadata.put(family, e);
    }
    e.lastSeen = iteration;
    return e;
  }

  /**
   * Forgets the metadata of families last exposed more than {@value #METADATA_RETENTION_SCRAPES}
   * scrapes before {@code iteration}; called by the loop after a successful scrape.
   */
  void evictMetadata(long iteration) {
    metadata.values().removeIf(e -> iteration - e.lastSeen > METADATA_RETENTION_SCRAPES);
  }

  void report(long startMs, long durationNanos, @Nullable String error) {
    lastScrape =
        new ScrapeState(
            error == null ? TargetHealth.UP : TargetHealth.DOWN,
            error == null ? "" : error,
            startMs,
            durationNanos);
  }

  @Override
  public String toString() {
    return labels + " " + url;
  }
}
