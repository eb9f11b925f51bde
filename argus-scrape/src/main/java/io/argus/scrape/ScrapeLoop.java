package io.argus.scrape;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.textparse.Entry;
import io.argus.model.textparse.ParseException;
import io.argus.model.textparse.TextParser;
import io.argus.storage.Appendable;
import io.argus.storage.Appender;
import io.argus.storage.DuplicateSampleException;
import io.argus.storage.OutOfBoundsException;
import io.argus.storage.OutOfOrderSampleException;
import io.argus.storage.StorageException;
import io.argus.storage.TooOldSampleException;
import io.argus.util.Clock;
import io.argus.util.PrometheusDurations;
import io.prometheus.metrics.core.metrics.Counter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one target every interval on its own virtual thread and appends the samples. Lifetime:
 * {@link #start()} once, {@link #stop()} once; {@code stop} waits for the loop to end and then
 * marks every series of the last scrape stale. {@link #scrapeOnce(long)} runs one scrape on the
 * caller's thread; it must not run concurrently with the loop.
 */
public final class ScrapeLoop {
  /** The NaN bit pattern Prometheus uses to mark a series stale. */
  public static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  public static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

  private static final Logger log = LoggerFactory.getLogger(ScrapeLoop.class);
  private static final String[] REPORT_NAMES = {
    "up",
    "scrape_duration_seconds",
    "scrape_samples_scraped",
    "scrape_samples_post_metric_relabeling",
    "scrape_series_added"
  };

  private static final byte[] NO_BYTES = new byte[0];

  /** Cache entries unused for this many scrapes are dropped. */
  private static final int CACHE_RETENTION_SCRAPES = 10;

  private final Target target;
  private final ScrapeSettings settings;
  private final Appendable storage;
  private final ScrapeHttpClient http;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ScrapeMetrics metrics;
  private final long offsetSeed;
  private final String accept;
  private final SeriesCache cache = new SeriesCache();
  private final Labels[] reportLabels = new Labels[REPORT_NAMES.length];
  private final long[] reportRefs = new long[REPORT_NAMES.length];
  private final LabelsBuilder builder = new LabelsBuilder();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final ScrapeBuffers buffers;

  /** Holds a buffer from {@link #buffers} only during a scrape. */
  private ScrapeHttpClient.Body body = new ScrapeHttpClient.Body();

  /** The length of the last body fetched, the size asked of {@link #buffers} for the next one. */
  private int lastBodyBytes;
  private volatile @Nullable CompletableFuture<?> inFlight;
  private volatile @Nullable String forcedError;
  private @Nullable Thread thread;
  private long iteration;
  private boolean reportedOnce;

  public ScrapeLoop(
      Target target,
      ScrapeSettings settings,
      Appendable storage,
      ScrapeHttpClient http,
      Clock clock,
      Sleeper sleeper,
      ScrapeMetrics metrics,
      long offsetSeed) {
    this(target, settings, storage, http, clock, sleeper, metrics, offsetSeed, new ScrapeBuffers());
  }

  /** Creates a loop that borrows its body buffers from {@code buffers}, shared with other loops. */
  ScrapeLoop(
      Target target,
      ScrapeSettings settings,
      Appendable storage,
      ScrapeHttpClient http,
      Clock clock,
      Sleeper sleeper,
      ScrapeMetrics metrics,
      long offsetSeed,
      ScrapeBuffers buffers) {
    this.buffers = buffers;
    this.target = target;
    this.settings = settings;
    this.storage = storage;
    this.http = http;
    this.clock = clock;
    this.sleeper = sleeper;
    this.metrics = metrics;
    this.offsetSeed = offsetSeed;
    this.accept = ScrapeProtocol.acceptHeader(settings.protocols());
    for (int i = 0; i < REPORT_NAMES.length; i++) {
      reportLabels[i] =
          target.labels().toBuilder().set(TextParser.METRIC_NAME_LABEL, REPORT_NAMES[i]).build();
    }
  }

  public Target target() {
    return target;
  }

  /** Returns how many series the loop's cache holds (for tests of its bounds). */
  int cachedSeries() {
    return cache.size();
  }

  /**
   * Returns the bytes of body buffers kept between scrapes, idle in the loop's pool (for tests of
   * their bounds).
   */
  long bodyBufferBytes() {
    return buffers.idleBytes();
  }

  /** Makes every following scrape fail with {@code error} without fetching; null to undo. */
  void forceError(@Nullable String error) {
    forcedError = error;
  }

  /** Starts the loop on a new virtual thread. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("scrape loop already started");
    }
    thread = Thread.ofVirtual().name("scrape-" + target.url()).start(this::run);
  }

  /**
   * Stops the loop, waits for a running scrape to end (cancelling its HTTP exchange) and marks
   * every series of the last scrape, the synthetic ones included, stale at the current time.
   */
  public void stop() {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    stopping.countDown();
    CompletableFuture<?> f = inFlight;
    if (f != null) {
      f.cancel(true);
    }
    if (t != null) {
      boolean interrupted = false;
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    markAllStale(clock.millis());
  }

  private void run() {
    long intervalNanos = target.intervalMs() * 1_000_000;
    long next =
        clock.nanoTime()
            + target.offsetMs(target.intervalMs(), offsetSeed, clock.millis()) * 1_000_000;
    long lastStart = Long.MIN_VALUE;
    String intervalLabel = PrometheusDurations.format(target.intervalMs());
    try {
      while (stopping.getCount() > 0) {
        sleeper.sleepUntil(clock, next, stopping);
        if (stopping.getCount() == 0) {
          return;
        }
        long start = clock.nanoTime();
        if (lastStart != Long.MIN_VALUE) {
          metrics.intervalLength.labelValues(intervalLabel).observe((start - lastStart) / 1e9);
        }
        lastStart = start;
        try {
          scrapeOnce(clock.millis());
        } catch (RuntimeException e) {
          log.atError()
              .addKeyValue("target", target.url())
              .setCause(e)
              .log("scrape failed unexpectedly");
        }
        next += intervalNanos;
        long now = clock.nanoTime();
        if (next <= now) {
          next = now + intervalNanos - Math.floorMod(now - next, intervalNanos);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Scrapes once with {@code timestampMs} as the scrape time and appends the results. */
  public ScrapeReport scrapeOnce(long timestampMs) {
    long startNanos = clock.nanoTime();
    String error = forcedError;
    if (error == null) {
      body.bytes = buffers.acquire(lastBodyBytes);
      body.length = 0;
      try {
        http.fetch(
            target.url(),
            accept,
            target.timeoutMs(),
            settings.bodySizeLimitBytes(),
            body,
            f -> inFlight = f);
      } catch (ScrapeHttpClient.ScrapeFailure e) {
        error = e.getMessage();
        body = new ScrapeHttpClient.Body();
        if (e.bodyLimitExceeded()) {
          metrics.exceededBodySizeLimit.inc();
        }
      }
    }
    ScrapeReport report = process(body, error, startNanos, timestampMs);
    if (error == null) {
      lastBodyBytes = body.length;
      if (report.error() == null) {
        buffers.release(body.bytes);
      }
    }
    // A buffer of a failed fetch or sized by a rejected body is left to the garbage collector.
    body.bytes = NO_BYTES;
    return report;
  }

  /**
   * Appends a body obtained elsewhere exactly as if a scrape at {@code timestampMs} had returned it
   * (parsing, limits, relabeling, staleness and synthetic series). Like {@link #scrapeOnce}, it
   * must not run concurrently with the loop. The array is read only during the call.
   */
  public ScrapeReport ingest(byte[] bytes, int length, String contentType, long timestampMs) {
    ScrapeHttpClient.Body given = new ScrapeHttpClient.Body();
    given.bytes = bytes;
    given.length = length;
    given.contentType = contentType;
    return process(given, null, clock.nanoTime(), timestampMs);
  }

  private ScrapeReport process(
      ScrapeHttpClient.Body input, @Nullable String fetchError, long startNanos, long timestampMs) {
    iteration++;
    String error = fetchError;
    Counts counts = new Counts();
    Appender app = storage.appender();
    if (error == null) {
      try {
        appendBody(input, app, timestampMs, counts);
      } catch (ScrapeAbort | ParseException e) {
        // Prometheus' wording, without the line number the parser adds.
        error = e instanceof ParseException pe ? pe.reason() : e.getMessage();
        forgetCurrentScrape();
        app.rollback();
        app = storage.appender();
      }
    }
    appendStaleMarkers(app, timestampMs, iteration);
    double duration = (clock.nanoTime() - startNanos) / 1e9;
    ScrapeReport report =
        new ScrapeReport(
            error,
            duration,
            counts.scraped,
            counts.postRelabel,
            counts.seriesAdded,
            counts.outOfOrder,
            counts.duplicates,
            counts.outOfBounds);
    appendReport(app, timestampMs, report);
    target.report(timestampMs, clock.nanoTime() - startNanos, error);
    try {
      app.commit();
    } catch (RuntimeException e) {
      log.atWarn()
          .addKeyValue("target", target.url())
          .setCause(e)
          .log("appending scrape results failed");
    }
    logRejections(report);
    if (error == null) {
      target.evictMetadata(iteration);
    }
    if (iteration % CACHE_RETENTION_SCRAPES == 0) {
      cache.evictUnusedBefore(iteration - CACHE_RETENTION_SCRAPES);
    }
    if (error != null) {
      log.atDebug()
          .addKeyValue("target", target.url())
          .addKeyValue("err", error)
          .log("scrape failed");
    }
    return report;
  }

  private static final class Counts {
    int scraped;
    int postRelabel;
    int seriesAdded;
    int outOfOrder;
    int duplicates;
    int outOfBounds;

    /** Samples that counted against {@code sample_limit}. */
    int appended;

    boolean sampleLimitHit;
  }

  /** Fails the whole scrape; carries no stack trace. */
  private static final class ScrapeAbort extends RuntimeException {
    ScrapeAbort(String message) {
      super(message, null, false, false);
    }
  }

  private void appendBody(ScrapeHttpClient.Body input, Appender app, long scrapeTs, Counts counts) {
    byte[] buf = input.bytes;
    TextParser parser = newParser(input.contentType, buf, input.length);
    int sampleLimit = settings.sampleLimit();
    boolean honorTimestamps = settings.honorTimestamps();
    boolean trackTimestampsStaleness = settings.trackTimestampsStaleness();
    boolean relabelsOrLimitsLabels =
        settings.metricRelabel() != LabelsRewriter.IDENTITY
            || settings.labelLimit() > 0
            || settings.labelNameLengthLimit() > 0
            || settings.labelValueLengthLimit() > 0;
    int metadataLines = 0;
    Entry entry;
    while ((entry = parser.next()) != Entry.EOF) {
      switch (entry) {
        case SERIES -> {
          counts.scraped++;
          int from = parser.seriesTextStart();
          int to = parser.seriesTextEnd();
          int position = counts.scraped - 1;
          SeriesCache.Entry e = cache.find(buf, from, to, position);
          boolean fresh = false;
          if (e == null) {
            if (counts.sampleLimitHit) {
              // Past the limit the scrape fails anyway: relabel and check the label limits as
              // upstream does, but cache nothing, so an oversized body cannot grow the cache.
              if (!relabelsOrLimitsLabels || sampleLabels(parser) != null) {
                counts.postRelabel++;
              }
              continue;
            }
            e = cache.put(buf, from, to, position, sampleLabels(parser));
            fresh = true;
          }
          boolean alreadyScraped = !fresh && e.lastUsed == iteration;
          e.lastUsed = iteration;
          Labels ls = e.labels;
          if (ls == null) {
            continue;
          }
          counts.postRelabel++;
          boolean ownTimestamp = honorTimestamps && parser.hasTimestamp();
          if (alreadyScraped && !ownTimestamp) {
            // The same series twice in one body, both at the scrape time.
            counts.duplicates++;
            continue;
          }
          if (sampleLimit > 0 && ++counts.appended > sampleLimit) {
            // Keep parsing so that scrape_samples_scraped reports the whole body.
            counts.sampleLimitHit = true;
            continue;
          }
          long t = ownTimestamp ? parser.timestamp() : scrapeTs;
          if ((!ownTimestamp || trackTimestampsStaleness) && e.lastSeen != iteration) {
            e.previousSeen = e.lastSeen;
            e.lastSeen = iteration;
          }
          try {
            e.ref = app.append(e.ref, ls, t, parser.value());
            if (fresh) {
              counts.seriesAdded++;
            }
          } catch (OutOfOrderSampleException | TooOldSampleException ex) {
            counts.outOfOrder++;
          } catch (DuplicateSampleException ex) {
            counts.duplicates++;
          } catch (OutOfBoundsException ex) {
            counts.outOfBounds++;
          }
        }
        case TYPE -> target.setType(parser, metadataLines++, iteration);
        case HELP -> target.setHelp(parser, metadataLines++, iteration);
        case UNIT -> target.setUnit(parser, metadataLines++, iteration);
        default -> {}
      }
    }
    if (counts.sampleLimitHit) {
      metrics.exceededSampleLimit.inc();
      throw new ScrapeAbort("sample limit exceeded");
    }
  }

  /**
   * Returns the parser for the body's {@code Content-Type}, falling back to {@code
   * fallback_scrape_protocol} for a blank or unsupported one.
   *
   * @throws ScrapeAbort when the type is blank or unsupported and there is no fallback
   */
  private TextParser newParser(String contentType, byte[] buf, int length) {
    String mediaType = ScrapeHttpClient.mediaType(contentType);
    if (mediaType.equals("text/plain") || mediaType.equals("application/openmetrics-text")) {
      return TextParser.forMediaType(mediaType, buf, length);
    }
    ScrapeProtocol fallback = settings.fallbackProtocol();
    String problem =
        mediaType.isEmpty()
            ? "non-compliant scrape target sending blank Content-Type"
            : "received unsupported Content-Type " + goQuote(contentType);
    if (fallback == null) {
      String error = problem + " and no fallback_scrape_protocol specified for target";
      log.atError()
          .addKeyValue("target", target.url())
          .addKeyValue("content_type", contentType)
          .addKeyValue("err", error)
          .log("failed to determine correct type of scrape target");
      throw new ScrapeAbort(error);
    }
    log.atDebug()
        .addKeyValue("target", target.url())
        .addKeyValue("content_type", contentType)
        .addKeyValue("fallback_media_type", fallback.mediaType())
        .log("invalid content type on scrape, using fallback setting");
    return TextParser.forMediaType(fallback.mediaType(), buf, length);
  }

  private static String goQuote(String s) {
    StringBuilder sb = new StringBuilder();
    Labels.appendQuoted(sb, s);
    return sb.toString();
  }

  /**
   * Builds the final labels of a series seen for the first time: the scraped labels merged with the
   * target labels, then metric relabeling, then the label limits.
   *
   * @return the labels, or null when relabeling drops the series
   * @throws ScrapeAbort when a label limit is exceeded
   */
  private @Nullable Labels sampleLabels(TextParser parser) {
    parser.labels(builder);
    Labels targetLabels = target.labels();
    if (settings.honorLabels()) {
      for (int i = 0; i < targetLabels.size(); i++) {
        String existing = builder.get(targetLabels.name(i));
        if (existing == null || existing.isEmpty()) {
          builder.set(targetLabels.name(i), targetLabels.value(i));
        }
      }
    } else {
      Labels scraped = builder.build();
      for (int i = 0; i < targetLabels.size(); i++) {
        String name = targetLabels.name(i);
        String existing = scraped.get(name);
        if (existing != null && !existing.isEmpty()) {
          String renamed = "exported_" + name;
          while (scraped.has(renamed) || targetLabels.has(renamed)) {
            renamed = "exported_" + renamed;
          }
          builder.set(renamed, existing);
        }
        builder.set(name, targetLabels.value(i));
      }
    }
    Labels ls = settings.metricRelabel().apply(builder.build());
    if (ls == null) {
      return null;
    }
    checkLabelLimits(ls);
    return withSharedStrings(ls);
  }

  /**
   * The same labels with every name and value taken from the JVM's string table (whose entries
   * are collected once unused): the series of a target, and of its sibling targets, repeat a few
   * names and values, and sharing them saves several objects per series for the series' life.
   */
  private static Labels withSharedStrings(Labels ls) {
    String[] pairs = new String[ls.size() * 2];
    for (int i = 0; i < ls.size(); i++) {
      pairs[2 * i] = ls.name(i).intern();
      pairs[2 * i + 1] = ls.value(i).intern();
    }
    return Labels.ofSortedPairs(pairs);
  }

  private void checkLabelLimits(Labels ls) {
    String metric = truncate(ls.getOrEmpty(TextParser.METRIC_NAME_LABEL));
    if (settings.labelLimit() > 0 && ls.size() > settings.labelLimit()) {
      metrics.poolExceededLabelLimits.inc();
      throw new ScrapeAbort(
          "label_limit exceeded (metric: "
              + metric
              + ", number of labels: "
              + ls.size()
              + ", limit: "
              + settings.labelLimit()
              + ")");
    }
    for (int i = 0; i < ls.size(); i++) {
      String name = ls.name(i);
      int nameLength = name.getBytes(StandardCharsets.UTF_8).length;
      if (settings.labelNameLengthLimit() > 0 && nameLength > settings.labelNameLengthLimit()) {
        metrics.poolExceededLabelLimits.inc();
        throw new ScrapeAbort(
            "label_name_length_limit exceeded (metric: "
                + metric
                + ", label name: "
                + truncate(name)
                + ", length: "
                + nameLength
                + ", limit: "
                + settings.labelNameLengthLimit()
                + ")");
      }
      int valueLength = ls.value(i).getBytes(StandardCharsets.UTF_8).length;
      if (settings.labelValueLengthLimit() > 0 && valueLength > settings.labelValueLengthLimit()) {
        metrics.poolExceededLabelLimits.inc();
        StringBuilder quoted = new StringBuilder();
        Labels.appendQuoted(quoted, truncate(ls.value(i)));
        throw new ScrapeAbort(
            "label_value_length_limit exceeded (metric: "
                + metric
                + ", label name: "
                + truncate(name)
                + ", value: "
                + quoted
                + ", length: "
                + valueLength
                + ", limit: "
                + settings.labelValueLengthLimit()
                + ")");
      }
    }
  }

  private static String truncate(String s) {
    return s.length() <= 50 ? s : s.substring(0, 50);
  }

  /** Undoes the "seen" marks of an aborted scrape so that its series go stale. */
  private void forgetCurrentScrape() {
    for (SeriesCache.Entry e : cache.entries()) {
      if (e != null && e.lastSeen == iteration) {
        e.lastSeen = e.previousSeen;
      }
    }
  }

  /** Marks series seen in the previous scrape but not in {@code current} stale at {@code t}. */
  private void appendStaleMarkers(Appender app, long t, long current) {
    for (SeriesCache.Entry e : cache.entries()) {
      if (e != null && e.labels != null && e.lastSeen == current - 1) {
        appendQuietly(app, e, t);
      }
    }
  }

  private void appendQuietly(Appender app, SeriesCache.Entry e, long t) {
    Labels ls = e.labels;
    if (ls == null) {
      return;
    }
    try {
      e.ref = app.append(e.ref, ls, t, STALE_NAN);
    } catch (StorageException ex) {
      // A newer sample already exists; the series is not stale at t.
    }
  }

  private void appendReport(Appender app, long t, ScrapeReport r) {
    double[] values = {
      r.up(), r.durationSeconds(), r.samplesScraped(), r.samplesPostRelabel(), r.seriesAdded()
    };
    for (int i = 0; i < values.length; i++) {
      try {
        reportRefs[i] = app.append(reportRefs[i], reportLabels[i], t, values[i]);
      } catch (StorageException e) {
        log.atDebug()
            .addKeyValue("series", reportLabels[i])
            .addKeyValue("err", e.getMessage())
            .log("report sample rejected");
      }
    }
    reportedOnce = true;
  }

  private void markAllStale(long t) {
    Appender app = storage.appender();
    iteration++;
    appendStaleMarkers(app, t, iteration);
    if (reportedOnce) {
      for (int i = 0; i < reportLabels.length; i++) {
        try {
          reportRefs[i] = app.append(reportRefs[i], reportLabels[i], t, STALE_NAN);
        } catch (StorageException e) {
          // Already superseded.
        }
      }
    }
    try {
      app.commit();
    } catch (RuntimeException e) {
      log.atWarn()
          .addKeyValue("target", target.url())
          .setCause(e)
          .log("appending staleness markers failed");
    }
  }

  private void logRejections(ScrapeReport r) {
    logRejected(metrics.outOfOrder, r.outOfOrder(), "error on ingesting out-of-order samples");
    logRejected(
        metrics.duplicateTimestamp,
        r.duplicates(),
        "error on ingesting samples with different value but same timestamp");
    logRejected(
        metrics.outOfBounds,
        r.outOfBounds(),
        "error on ingesting samples that are too old or are too far into the future");
  }

  /** Counts and logs {@code dropped} samples of one rejection kind, when there are any. */
  private void logRejected(Counter counter, long dropped, String message) {
    if (dropped > 0) {
      counter.inc(dropped);
      log.atWarn()
          .addKeyValue("target", target.url())
          .addKeyValue("num_dropped", dropped)
          .log(message);
    }
  }
}
