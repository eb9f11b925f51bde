package io.argus.rules.notifier;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.relabel.RelabelConfig;
import io.argus.model.relabel.Relabeler;
import io.argus.rules.notifier.AlertmanagerSet.Alertmanager;
import io.argus.scrape.ScrapeConfigs;
import io.argus.scrape.config.AlertingConfig;
import io.argus.scrape.config.AlertingConfig.AlertmanagerConfig;
import io.argus.scrape.discovery.DiscovererFactory;
import io.argus.scrape.discovery.DiscoveryContext;
import io.argus.scrape.discovery.DiscoveryManager;
import io.argus.scrape.discovery.TargetGroup;
import io.argus.scrape.httpclient.ClientSetupException;
import io.argus.scrape.httpclient.ConfiguredHttpClient;
import io.argus.scrape.httpclient.StatusText;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to every Alertmanager of every configured set, as Prometheus' notifier does.
 *
 * <p>{@link #send} adds the external labels an alert lacks, applies {@code alert_relabel_configs}
 * (an alert relabeled away, or to no labels at all, is dropped silently) and appends to a bounded
 * queue; when the queue is full the oldest alerts make room and are counted in {@code
 * prometheus_notifications_dropped_total}. One sender thread takes batches of at most {@link
 * NotifierOptions#maxBatchSize()} alerts and posts each batch, as API v2 JSON, to every active
 * Alertmanager concurrently, each request bounded by its set's {@code timeout}. A batch that no
 * Alertmanager of some set accepted counts as dropped.
 *
 * <p>Alertmanagers come from each set's service discovery, run by a {@link DiscoveryManager} named
 * {@code notify} with jobs {@code config-0}, {@code config-1}, … as upstream, and the set's {@code
 * relabel_configs} over {@code __address__}, {@code __scheme__} and {@code __alerts_path__}. While
 * a newly configured set has not had its first discovery report, the sender holds queued alerts for
 * it (at most one discovery update interval plus 10 s) rather than send them to no one, as upstream
 * does at startup.
 *
 * <p>Lifetime: construct, {@link #applyConfig}, {@link #start}; {@link #applyConfig} again on
 * reload (queued alerts stay); {@link #close} stops discovery, sends what is queued for at most
 * {@link NotifierOptions#drainTimeoutMillis()} (plus one request timeout) and drops the rest.
 * Thread-safe.
 */
public final class Notifier implements AlertSender, DiscoveredAlertmanagers, AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Notifier.class);
  private static final long DISCOVERY_GRACE_MS = 10_000;

  /** What {@link #send} applies; replaced whole on reload. */
  private record AlertSettings(Labels externalLabels, List<RelabelConfig> relabelConfigs) {}

  private final NotifierOptions options;
  private final Clock clock;
  private final NotifierMetrics metrics;
  private final DiscoveryManager discovery;

  private final ReentrantLock queueLock = new ReentrantLock();
  private final Condition queueNotEmpty = queueLock.newCondition();
  private final ArrayDeque<Alert> queue = new ArrayDeque<>();
  private boolean stopping;
  private boolean drained;

  /** Until when (clock nanos) the sender holds alerts for a set discovery has not reported yet. */
  private volatile long discoveryWaitDeadlineNanos;

  private final Object configLock = new Object();
  private volatile AlertSettings alertSettings = new AlertSettings(Labels.EMPTY, List.of());
  private volatile Map<String, AlertmanagerSet> sets = Map.of();
  private final List<ConfiguredHttpClient> retiredClients = new ArrayList<>();

  private final Object lifecycleLock = new Object();
  private @Nullable Thread sender;
  private boolean closed;

  /**
   * Creates a notifier without Alertmanagers and registers its metrics.
   *
   * @param discoveryContext what the notifier's discoverers share (its metrics are the {@code
   *     prometheus_sd_*} series, shared with scrape discovery)
   */
  public Notifier(
      NotifierOptions options,
      Clock clock,
      PrometheusRegistry registry,
      DiscoveryContext discoveryContext) {
    this.options = options;
    this.clock = clock;
    this.metrics =
        new NotifierMetrics(
            registry, options.queueCapacity(), this::queueLength, this::discoveredCount);
    this.discovery =
        new DiscoveryManager(
            "notify",
            discoveryContext,
            options.discoveryUpdateIntervalMs(),
            this::updateAlertmanagers);
  }

  /**
   * Applies the {@code alerting} section and the external labels of a (re)loaded configuration.
   * Sets whose configuration is unchanged keep their Alertmanagers until discovery reports again;
   * queued alerts are kept.
   *
   * @throws IllegalArgumentException when a set's discovery configuration is invalid; nothing has
   *     changed then
   */
  public void applyConfig(Labels externalLabels, AlertingConfig alerting) {
    Map<String, List<DiscovererFactory>> discoverers = new LinkedHashMap<>();
    List<AlertmanagerConfig> configs = alerting.alertmanagers();
    for (int i = 0; i < configs.size(); i++) {
      discoverers.put(setName(i), ScrapeConfigs.discoverers(configs.get(i).serviceDiscovery()));
    }
    synchronized (configLock) {
      List<AlertmanagerSet> unclaimed = new ArrayList<>(sets.values());
      Map<String, AlertmanagerSet> next = new LinkedHashMap<>();
      for (int i = 0; i < configs.size(); i++) {
        AlertmanagerConfig config = configs.get(i);
        AlertmanagerSet previous = null;
        for (AlertmanagerSet s : unclaimed) {
          if (s.config().equals(config)) {
            previous = s;
            break;
          }
        }
        AlertmanagerSet set;
        if (previous != null) {
          unclaimed.remove(previous);
          set = new AlertmanagerSet(setName(i), config, previous.client());
          set.adopt(previous);
        } else {
          set = new AlertmanagerSet(setName(i), config, newClient(config));
        }
        next.put(set.name(), set);
      }
      for (AlertmanagerSet s : unclaimed) {
        retiredClients.add(s.client());
      }
      sets = Collections.unmodifiableMap(next);
      discoveryWaitDeadlineNanos = clock.nanoTime() + discoveryWaitNanos();
      alertSettings =
          new AlertSettings(externalLabels, List.copyOf(alerting.alertRelabelConfigs()));
    }
    discovery.applyConfig(discoverers);
  }

  private static String setName(int index) {
    return "config-" + index;
  }

  private ConfiguredHttpClient newClient(AlertmanagerConfig config) {
    return new ConfiguredHttpClient(config.http(), null, null, System::getenv, clock);
  }

  /** Starts service discovery and the sender thread. */
  public void start() {
    synchronized (lifecycleLock) {
      if (sender != null || closed) {
        throw new IllegalStateException("notifier already started or closed");
      }
      discovery.start();
      sender = Thread.ofVirtual().name("notifier-sender").start(this::sendLoop);
    }
  }

  /**
   * Replaces each set's Alertmanagers by those of the discovered groups; the discovery manager
   * calls this with every job's complete group list.
   */
  void updateAlertmanagers(Map<String, List<TargetGroup>> update) {
    synchronized (configLock) {
      Map<String, AlertmanagerSet> current = sets;
      for (Map.Entry<String, List<TargetGroup>> e : update.entrySet()) {
        AlertmanagerSet set = current.get(e.getKey());
        if (set == null) {
          if (!e.getValue().isEmpty()) {
            logger
                .atError()
                .addKeyValue("err", "invalid id:" + e.getKey())
                .log("couldn't sync alert manager set");
          }
          continue;
        }
        set.sync(e.getValue(), metrics);
      }
    }
    queueLock.lock();
    try {
      queueNotEmpty.signalAll();
    } finally {
      queueLock.unlock();
    }
  }

  /**
   * How long alerts wait for a new set's first discovery report: one discovery update interval plus
   * {@value #DISCOVERY_GRACE_MS} ms. Sending earlier would drop them, since the set has no
   * Alertmanagers yet, and the rule manager resends only after its resend delay.
   */
  private long discoveryWaitNanos() {
    return TimeUnit.MILLISECONDS.toNanos(options.discoveryUpdateIntervalMs() + DISCOVERY_GRACE_MS);
  }

  private boolean awaitingDiscovery() {
    for (AlertmanagerSet set : sets.values()) {
      if (!set.synced()) {
        return discoveryWaitDeadlineNanos - clock.nanoTime() > 0;
      }
    }
    return false;
  }

  @Override
  public void send(List<Alert> alerts) {
    AlertSettings s = alertSettings;
    List<Alert> relabeled = new ArrayList<>(alerts.size());
    for (Alert a : alerts) {
      Labels labels = withExternalLabels(a.labels(), s.externalLabels());
      Labels out = Relabeler.process(labels, s.relabelConfigs());
      if (out == null || out.isEmpty()) {
        continue;
      }
      relabeled.add(
          out == a.labels()
              ? a
              : new Alert(
                  out, a.annotations(), a.startsAtMillis(), a.endsAtMillis(), a.generatorUrl()));
    }
    if (relabeled.isEmpty()) {
      return;
    }
    int capacity = options.queueCapacity();
    queueLock.lock();
    try {
      if (drained) {
        metrics.dropped.inc(relabeled.size());
        logger
            .atWarn()
            .addKeyValue("num_dropped", relabeled.size())
            .log("notifier is stopped, dropping alerts");
        return;
      }
      int tooMany = relabeled.size() - capacity;
      List<Alert> toQueue = relabeled;
      if (tooMany > 0) {
        toQueue = relabeled.subList(tooMany, relabeled.size());
        metrics.dropped.inc(tooMany);
        logger
            .atWarn()
            .addKeyValue("num_dropped", tooMany)
            .log("alert batch larger than queue capacity, dropping alerts");
      }
      int overflow = queue.size() + toQueue.size() - capacity;
      if (overflow > 0) {
        for (int i = 0; i < overflow; i++) {
          queue.pollFirst();
        }
        metrics.dropped.inc(overflow);
        logger
            .atWarn()
            .addKeyValue("num_dropped", overflow)
            .log("alert notification queue full, dropping alerts");
      }
      queue.addAll(toQueue);
      queueNotEmpty.signal();
    } finally {
      queueLock.unlock();
    }
  }

  /** The alert's labels plus each external label it does not have. */
  private static Labels withExternalLabels(Labels labels, Labels external) {
    if (external.isEmpty()) {
      return labels;
    }
    LabelsBuilder b = null;
    for (int i = 0; i < external.size(); i++) {
      if (!labels.has(external.name(i))) {
        if (b == null) {
          b = labels.toBuilder();
        }
        b.set(external.name(i), external.value(i));
      }
    }
    return b == null ? labels : b.build();
  }

  /** The notifier's metrics, for tests. */
  NotifierMetrics metrics() {
    return metrics;
  }

  /** The number of queued alerts. */
  public int queueLength() {
    queueLock.lock();
    try {
      return queue.size();
    } finally {
      queueLock.unlock();
    }
  }

  private double discoveredCount() {
    int n = 0;
    for (AlertmanagerSet s : sets.values()) {
      n += s.active().size();
    }
    return n;
  }

  @Override
  public List<String> activeUrls() {
    List<String> out = new ArrayList<>();
    for (AlertmanagerSet s : sets.values()) {
      for (Alertmanager am : s.active()) {
        out.add(am.url());
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<String> droppedUrls() {
    List<String> out = new ArrayList<>();
    for (AlertmanagerSet s : sets.values()) {
      for (Alertmanager am : s.dropped()) {
        out.add(am.url());
      }
    }
    return List.copyOf(out);
  }

  private void sendLoop() {
    while (true) {
      List<Alert> batch;
      queueLock.lock();
      try {
        while (!stopping && (queue.isEmpty() || awaitingDiscovery())) {
          if (queue.isEmpty()) {
            queueNotEmpty.awaitUninterruptibly();
          } else {
            awaitQuietly(discoveryWaitDeadlineNanos - clock.nanoTime());
          }
        }
        if (stopping) {
          return;
        }
        batch = nextBatch();
      } finally {
        queueLock.unlock();
      }
      sendBatch(batch);
    }
  }

  private void awaitQuietly(long nanos) {
    try {
      queueNotEmpty.awaitNanos(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Takes up to one batch off the queue; the caller holds the queue lock. */
  private List<Alert> nextBatch() {
    int n = Math.min(queue.size(), options.maxBatchSize());
    List<Alert> batch = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      batch.add(queue.pollFirst());
    }
    return batch;
  }

  private void sendBatch(List<Alert> batch) {
    try {
      if (!sendAll(batch)) {
        metrics.dropped.inc(batch.size());
      }
    } catch (RuntimeException e) {
      metrics.dropped.inc(batch.size());
      logger.atError().setCause(e).log("sending alerts failed");
    }
    closeRetiredClients();
  }

  private void closeRetiredClients() {
    List<ConfiguredHttpClient> toClose;
    synchronized (configLock) {
      toClose = new ArrayList<>(retiredClients);
      retiredClients.clear();
    }
    for (ConfiguredHttpClient c : toClose) {
      c.close();
    }
  }

  /** One request to one Alertmanager. */
  private record Request(
      long deadlineNanos,
      CompletableFuture<HttpResponse<Void>> response,
      CompletableFuture<Void> recorded) {}

  /**
   * Posts {@code batch} to every active Alertmanager of every set concurrently and waits for all.
   *
   * @return whether every set with Alertmanagers had at least one that accepted the batch
   */
  private boolean sendAll(List<Alert> batch) {
    if (batch.isEmpty()) {
      return true;
    }
    long begin = clock.nanoTime();
    byte[] payload = AlertsJson.encode(batch);
    int count = batch.size();
    Map<String, AtomicBoolean> covered = new LinkedHashMap<>();
    List<Request> requests = new ArrayList<>();
    for (AlertmanagerSet set : sets.values()) {
      List<Alertmanager> ams = set.active();
      if (ams.isEmpty()) {
        continue;
      }
      AtomicBoolean setCovered = new AtomicBoolean();
      covered.put(set.name(), setCovered);
      long timeoutMillis = set.config().timeoutMillis();
      for (Alertmanager am : ams) {
        CompletableFuture<HttpResponse<Void>> response =
            post(set, am.url(), payload, timeoutMillis);
        CompletableFuture<Void> recorded =
            response.handle(
                (r, err) -> {
                  record(am.url(), count, begin, r, err, setCovered);
                  return null;
                });
        requests.add(
            new Request(begin + TimeUnit.MILLISECONDS.toNanos(timeoutMillis), response, recorded));
      }
    }
    for (Request r : requests) {
      long remaining = r.deadlineNanos() - clock.nanoTime();
      try {
        r.response().get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        r.response().cancel(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        r.response().cancel(true);
      } catch (ExecutionException | CancellationException e) {
        // recorded by the handler
      }
      r.recorded().join();
    }
    for (AtomicBoolean c : covered.values()) {
      if (!c.get()) {
        return false;
      }
    }
    return true;
  }

  private CompletableFuture<HttpResponse<Void>> post(
      AlertmanagerSet set, String url, byte[] payload, long timeoutMillis) {
    try {
      URI uri = new URI(url);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
              .header("Content-Type", "application/json")
              .header("User-Agent", options.userAgent())
              .timeout(Duration.ofMillis(Math.max(1, timeoutMillis)));
      return set.client().sendAsync(request, uri, HttpResponse.BodyHandlers.discarding());
    } catch (URISyntaxException | IllegalArgumentException | ClientSetupException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void record(
      String url,
      int count,
      long beginNanos,
      @Nullable HttpResponse<Void> response,
      @Nullable Throwable error,
      AtomicBoolean setCovered) {
    double seconds = (clock.nanoTime() - beginNanos) / 1e9;
    String failure = null;
    if (error != null) {
      failure = describe(url, error);
    } else if (response != null && response.statusCode() / 100 != 2) {
      failure = "bad response status " + StatusText.of(response.statusCode());
    }
    if (failure != null) {
      logger
          .atError()
          .addKeyValue("alertmanager", url)
          .addKeyValue("count", count)
          .addKeyValue("err", failure)
          .addKeyValue("duration", seconds)
          .log("error sending alerts");
      metrics.errors.labelValues(url).inc(count);
    } else {
      metrics.sent.labelValues(url).inc(count);
      setCovered.set(true);
    }
    metrics.latency.labelValues(url).observe(seconds);
  }

  private static String describe(String url, Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof ClientSetupException) {
      return String.valueOf(t.getMessage());
    }
    if (t instanceof CancellationException) {
      // Cancelled at its deadline, or on shutdown; an HTTP timeout is worded by describeFailure.
      return "Post \"" + url + "\": context deadline exceeded";
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "Post \"" + url + "\": " + e.getMessage();
    }
    return "Post \"" + url + "\": " + ConfiguredHttpClient.describeFailure(uri, t);
  }

  /**
   * Stops discovery and the sender, sends what is still queued for at most {@link
   * NotifierOptions#drainTimeoutMillis()} (a batch in flight at the deadline finishes within its
   * timeout), counts the rest as dropped and closes the HTTP clients. Idempotent.
   */
  @Override
  public void close() {
    Thread s;
    synchronized (lifecycleLock) {
      if (closed) {
        return;
      }
      closed = true;
      s = sender;
    }
    logger.info("stopping notification manager");
    discovery.close();
    queueLock.lock();
    try {
      stopping = true;
      queueNotEmpty.signalAll();
    } finally {
      queueLock.unlock();
    }
    if (s != null) {
      try {
        s.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    drain();
    synchronized (configLock) {
      for (AlertmanagerSet set : sets.values()) {
        retiredClients.add(set.client());
      }
      sets = Map.of();
    }
    closeRetiredClients();
  }

  private void drain() {
    long deadline = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.drainTimeoutMillis());
    boolean announced = false;
    while (true) {
      List<Alert> batch;
      int left;
      queueLock.lock();
      try {
        if (queue.isEmpty()) {
          drained = true;
          break;
        }
        if (clock.nanoTime() - deadline >= 0) {
          left = queue.size();
          queue.clear();
          metrics.dropped.inc(left);
          drained = true;
          logger
              .atWarn()
              .addKeyValue("count", left)
              .log("draining notifications timed out, dropping the remaining ones");
          return;
        }
        batch = nextBatch();
      } finally {
        queueLock.unlock();
      }
      if (!announced) {
        logger.info("draining any remaining notifications");
        announced = true;
      }
      sendBatch(batch);
    }
    if (announced) {
      logger.info("remaining notifications drained");
    }
  }
}
