package io.argus.app.server;

import io.argus.model.labels.Labels;
import io.argus.scrape.ScrapeConfigs;
import io.argus.scrape.ScrapeHttpClient;
import io.argus.scrape.ScrapeManager;
import io.argus.scrape.ScrapeMetrics;
import io.argus.scrape.ScrapeSettings;
import io.argus.scrape.ScrapeTargets;
import io.argus.scrape.Sleeper;
import io.argus.scrape.config.Config;
import io.argus.scrape.config.ConfigLoader;
import io.argus.scrape.discovery.DiscovererFactory;
import io.argus.scrape.discovery.DiscoveryContext;
import io.argus.scrape.discovery.DiscoveryManager;
import io.argus.scrape.discovery.DiscoveryMetrics;
import io.argus.storage.Appendable;
import io.argus.util.Clock;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scraping as configured by {@code --config.file}: service discovery feeding the scrape manager,
 * which appends into storage. {@link #reload} re-reads the file; a bad file leaves the running
 * configuration in place. Other components that follow the file (the notifier, and the rule
 * manager once wired) register a {@link ConfigApplier}, called after scraping is configured, as
 * upstream's reloaders. Thread-safe: reloads are serialised, {@link #close} waits for none.
 */
final class ScrapeService implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(ScrapeService.class);

  /** A component that applies each successfully loaded configuration. */
  @FunctionalInterface
  interface ConfigApplier {
    /**
     * Applies {@code config}.
     *
     * @throws RuntimeException when the component cannot use it; the reload then counts as failed
     *     (what the other components applied stays, as upstream)
     */
    void apply(Config config);
  }

  private final Path configFile;
  private final Clock clock;
  private final ScrapeManager scrape;
  private final DiscoveryManager discovery;
  private final Gauge lastReloadSuccessful;
  private final Gauge lastReloadSuccessSeconds;
  private final List<ConfigApplier> appliers;
  private boolean closed;
  private volatile @Nullable Loaded current;
  private volatile boolean lastReloadOk = true;
  private volatile long lastConfigMillis;

  private ScrapeService(
      Path configFile,
      Clock clock,
      ScrapeManager scrape,
      DiscoveryManager discovery,
      Gauge lastReloadSuccessful,
      Gauge lastReloadSuccessSeconds,
      List<ConfigApplier> appliers) {
    this.appliers = List.copyOf(appliers);
    this.configFile = configFile;
    this.clock = clock;
    this.scrape = scrape;
    this.discovery = discovery;
    this.lastReloadSuccessful = lastReloadSuccessful;
    this.lastReloadSuccessSeconds = lastReloadSuccessSeconds;
  }

  /**
   * Loads {@code configFile} and starts discovery and scraping into {@code storage}.
   *
   * @param discoveryUpdateIntervalMs the minimum time between two target updates
   * @param discoveryMetrics the {@code prometheus_sd_*} metrics, shared with the notifier
   * @param appliers the other components that apply each loaded configuration, in order
   * @throws ConfigLoadException if the file cannot be loaded or a component rejects it; nothing
   *     has been started then
   */
  static ScrapeService start(
      Path configFile,
      Appendable storage,
      Clock clock,
      PrometheusRegistry registry,
      String userAgent,
      long discoveryUpdateIntervalMs,
      DiscoveryMetrics discoveryMetrics,
      List<ConfigApplier> appliers)
      throws ConfigLoadException {
    Loaded loaded = load(configFile);
    Gauge successful =
        Gauge.builder()
            .name("prometheus_config_last_reload_successful")
            .help("Whether the last configuration reload attempt was successful.")
            .register(registry);
    Gauge successSeconds =
        Gauge.builder()
            .name("prometheus_config_last_reload_success_timestamp_seconds")
            .help("Timestamp of the last successful configuration reload.")
            .register(registry);
    ScrapeManager scrape =
        new ScrapeManager(
            storage,
            httpConfig -> new ScrapeHttpClient(userAgent, httpConfig, clock),
            clock,
            Sleeper.REAL,
            new ScrapeMetrics(registry),
            loaded.config().global().externalLabels());
    DiscoveryManager discovery =
        new DiscoveryManager(
            "scrape",
            DiscoveryContext.of(clock, discoveryMetrics),
            discoveryUpdateIntervalMs,
            scrape::updateTargets);
    ScrapeService service =
        new ScrapeService(
            configFile, clock, scrape, discovery, successful, successSeconds, appliers);
    try {
      service.apply(loaded);
    } catch (ConfigLoadException e) {
      discovery.close();
      scrape.stop();
      throw e;
    }
    discovery.start();
    return service;
  }

  /**
   * Re-reads the configuration file and applies it. On failure the running configuration stays.
   *
   * @throws ConfigLoadException with the reason the file was rejected
   */
  synchronized void reload() throws ConfigLoadException {
    if (closed) {
      throw new IllegalStateException("server is shutting down");
    }
    logger.atInfo().addKeyValue("filename", configFile).log("loading configuration file");
    Loaded loaded;
    try {
      loaded = load(configFile);
    } catch (ConfigLoadException e) {
      lastReloadSuccessful.set(0);
      lastReloadOk = false;
      logger
          .atError()
          .addKeyValue("filename", configFile)
          .addKeyValue("err", e.getMessage())
          .log("error reloading config");
      throw e;
    }
    apply(loaded);
  }

  private void apply(Loaded loaded) throws ConfigLoadException {
    scrape.applyConfig(loaded.scrapeSettings());
    discovery.applyConfig(loaded.discoverers());
    RuntimeException failure = null;
    for (ConfigApplier a : appliers) {
      try {
        a.apply(loaded.config());
      } catch (RuntimeException e) {
        logger
            .atError()
            .addKeyValue("filename", configFile)
            .addKeyValue("err", e.getMessage())
            .log("failed to apply configuration");
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      lastReloadSuccessful.set(0);
      lastReloadOk = false;
      throw new ConfigLoadException(
          "one or more errors occurred while applying the new configuration (--config.file=\"%s\")"
              .formatted(configFile),
          failure);
    }
    long now = clock.millis();
    lastReloadSuccessful.set(1);
    lastReloadSuccessSeconds.set(now / 1000.0);
    current = loaded;
    lastReloadOk = true;
    lastConfigMillis = now;
    logger
        .atInfo()
        .addKeyValue("filename", configFile)
        .addKeyValue("jobs", loaded.scrapeSettings().size())
        .log("completed loading of configuration file");
  }

  /** The scrape pools and targets, for the HTTP API; a live, non-blocking view. */
  ScrapeTargets targets() {
    return scrape;
  }

  /** The text of the configuration file in force. */
  String configYaml() {
    Loaded l = current;
    return l == null ? "" : l.yaml();
  }

  /** The external labels of the configuration in force. */
  Labels externalLabels() {
    Loaded l = current;
    return l == null ? Labels.EMPTY : l.config().global().externalLabels();
  }

  /** Whether the last load or reload succeeded. */
  boolean lastReloadSuccessful() {
    return lastReloadOk;
  }

  /** When the configuration in force was loaded, in Unix ms. */
  long lastConfigMillis() {
    return lastConfigMillis;
  }

  private static Loaded load(Path file) throws ConfigLoadException {
    try {
      String yaml = Files.readString(file);
      Config config = ConfigLoader.load(file);
      return new Loaded(
          config, ScrapeConfigs.scrapeSettings(config), ScrapeConfigs.discoverers(config), yaml);
    } catch (IOException e) {
      throw new ConfigLoadException(
          "error loading config from \"%s\": %s".formatted(file, e.getMessage()), e);
    } catch (RuntimeException e) {
      throw new ConfigLoadException(
          "error loading config from \"%s\": %s".formatted(file, e.getMessage()), e);
    }
  }

  /**
   * Stops discovery, then every scrape loop (writing staleness markers) and its HTTP client.
   * Storage must still be open. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    logger.info("stopping scrape discovery manager");
    discovery.close();
    logger.info("stopping scrape manager");
    scrape.stop();
  }

  private record Loaded(
      Config config,
      List<ScrapeSettings> scrapeSettings,
      Map<String, List<DiscovererFactory>> discoverers,
      String yaml) {}
}
