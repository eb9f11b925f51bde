package io.argus.app.alertmanager;

import io.argus.alertmanager.alert.AlertMarker;
import io.argus.alertmanager.alert.AlertStore;
import io.argus.alertmanager.cluster.ClusterCoordination;
import io.argus.alertmanager.cluster.ClusterPeer;
import io.argus.alertmanager.cluster.ClusterStatus;
import io.argus.alertmanager.cluster.SendingClaims;
import io.argus.alertmanager.config.AlertmanagerConfig;
import io.argus.alertmanager.config.ConfigException;
import io.argus.alertmanager.config.ConfigLoader;
import io.argus.alertmanager.config.TemplateFiles;
import io.argus.alertmanager.dispatch.NotificationService;
import io.argus.alertmanager.dispatch.Scheduler;
import io.argus.alertmanager.nflog.NotificationLog;
import io.argus.alertmanager.notify.PeerCoordination;
import io.argus.alertmanager.notify.Sleeper;
import io.argus.alertmanager.silence.Silencer;
import io.argus.alertmanager.silence.Silences;
import io.argus.alertmanager.state.DataDirectory;
import io.argus.alertmanager.state.Maintenance;
import io.argus.app.cli.ExternalUrls;
import io.argus.app.runtime.BuildInfo;
import io.argus.app.web.ManagementHandler;
import io.argus.app.web.RoutePrefixHandler;
import io.argus.app.web.WebServer;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.argus.web.alertmanager.AlertmanagerApiV2;
import io.argus.web.alertmanager.AlertmanagerLifecycle;
import io.argus.web.alertmanager.AlertmanagerRuntime;
import io.argus.web.alertmanager.VersionInfo;
import io.argus.web.jetty.JettyWebAdapter;
import io.argus.web.ui.AlertmanagerUiHandler;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Handler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Alertmanager: the configuration, the alert store, silences and the notification log
 * (snapshotted in {@code --storage.path}), and the web server with API v2, lifecycle endpoints,
 * {@code /metrics} and the web UI ({@link AlertmanagerUiHandler}). Created by {@link #start},
 * stopped by {@link #close}, which writes the final snapshots. Thread-safe.
 *
 * <p>Notifications: a {@link NotificationService} (dispatcher, notification pipeline, receivers)
 * starts with the web server, is rebuilt with the new route tree, receivers and templates on every
 * reload (as upstream rebuilds dispatcher and inhibitor; the notification log keeps a new
 * dispatcher from repeating what was sent), and stops before the final snapshots.
 *
 * <p>Cluster (unless {@code --cluster.listen-address} is empty): a {@link ClusterPeer} replicates
 * the silences, the notification log and the {@link SendingClaims}; it joins after the snapshots
 * are loaded and leaves before the final snapshots. The pipeline waits for gossip to settle, waits
 * its position × peer timeout and honours other peers' claims; {@code /-/ready} answers 503 until
 * gossip has settled; {@code /api/v2/status} shows the cluster.
 */
public final class AlertmanagerServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertmanagerServer.class);

  private final AlertmanagerSettings settings;
  private final PrometheusRegistry registry;
  private final AlertMarker marker;
  private final AlertStore alerts;
  private final Silences silences;
  private final Silencer silencer;
  private final NotificationLog nflog;
  private final AtomicReference<AlertmanagerRuntime> runtime;
  private final URI externalUrl;
  private final Gauge lastReloadSuccessful;
  private final Gauge lastReloadSuccessTime;
  private final Clock clock;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private @Nullable WebServer web;
  private @Nullable NotificationService notifications;
  private @Nullable ClusterPeer peer;

  private AlertmanagerServer(AlertmanagerSettings settings, AlertmanagerConfig config, Clock clock)
      throws IOException {
    this.settings = settings;
    this.clock = clock;
    this.registry = new PrometheusRegistry();
    this.marker = new AlertMarker(registry);
    this.alerts = new AlertStore(clock, marker, 0, registry);
    Duration retention = Duration.ofMillis(settings.retentionMillis());
    this.silences = new Silences(clock, retention, registry);
    this.silencer = new Silencer(silences, marker, clock);
    this.nflog = new NotificationLog(clock, retention, registry);
    this.runtime = new AtomicReference<>(AlertmanagerRuntime.of(config));
    this.externalUrl =
        settings.externalUrl() != null
            ? settings.externalUrl()
            : ExternalUrls.derived(hostname(), settings.listenAddress().port());
    this.lastReloadSuccessful =
        Gauge.builder()
            .name("alertmanager_config_last_reload_successful")
            .help("Whether the last configuration reload attempt was successful.")
            .register(registry);
    this.lastReloadSuccessTime =
        Gauge.builder()
            .name("alertmanager_config_last_reload_success_timestamp_seconds")
            .help("Timestamp of the last successful configuration reload.")
            .register(registry);
    markReloaded(true);
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /**
   * Loads the configuration and the state snapshots and starts serving.
   *
   * @throws ConfigException when the configuration is invalid (nothing is started then)
   * @throws IOException when a snapshot is damaged or the address cannot be bound
   */
  public static AlertmanagerServer start(
      AlertmanagerSettings settings, BuildInfo build, Clock clock, FileOps fs)
      throws IOException, ConfigException {
    AlertmanagerConfig config = load(settings);
    AlertmanagerServer s = new AlertmanagerServer(settings, config, clock);
    try {
      s.open(build, fs);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private static AlertmanagerConfig load(AlertmanagerSettings settings)
      throws IOException, ConfigException {
    try {
      return ConfigLoader.loadFile(settings.configFile(), ZoneId.systemDefault());
    } catch (NoSuchFileException e) {
      throw new ConfigException("open " + settings.configFile() + ": no such file or directory");
    }
  }

  private void open(BuildInfo build, FileOps fs) throws IOException {
    Instant started = Instant.ofEpochMilli(clock.millis());
    resources.add(
        alerts.onDelete(removed -> removed.forEach(a -> silencer.forget(a.fingerprint()))));
    resources.add(new Maintenance("alerts", settings.alertsGcIntervalMillis(), alerts::gc));
    resources.add(
        DataDirectory.open(
            fs,
            settings.storagePath(),
            List.of(silences, nflog),
            settings.maintenanceIntervalMillis()));
    resources.add(alerts);
    PeerCoordination coordination = () -> 0L;
    if (settings.cluster().enabled()) {
      ClusterPeer p = new ClusterPeer(settings.cluster(), clock, registry);
      SendingClaims claims = new SendingClaims(clock, p.name());
      p.register(silences);
      p.register(nflog);
      p.register(claims);
      resources.add(p);
      p.start();
      peer = p;
      coordination = new ClusterCoordination(p, claims, settings.cluster(), clock);
    } else {
      Gauge.builder()
          .name("alertmanager_cluster_enabled")
          .help("Indicates whether the clustering is enabled or not.")
          .register(registry)
          .set(0);
    }
    ClusterPeer clusterPeer = peer;
    VersionInfo version =
        new VersionInfo(
            build.version(),
            build.revision(),
            build.branch(),
            System.getProperty("user.name", ""),
            build.buildDate(),
            build.javaVersion());
    AlertmanagerApiV2 api =
        new AlertmanagerApiV2(
            clock,
            alerts,
            marker,
            silences,
            silencer,
            runtime::get,
            version,
            started,
            clusterPeer == null ? ClusterStatus::disabled : clusterPeer::status);
    BooleanSupplier ready = () -> clusterPeer == null || clusterPeer.ready();
    AlertmanagerLifecycle lifecycle = new AlertmanagerLifecycle(this::reload, ready);
    Handler handler =
        new Handler.Sequence(
            new JettyWebAdapter(
                AlertmanagerUiHandler::isUiPath,
                List.of(new AlertmanagerUiHandler("Argus Alertmanager"))),
            new JettyWebAdapter(
                p -> p.startsWith("/api/") || p.startsWith("/-/"), List.of(lifecycle, api)),
            new ManagementHandler(registry, ready));
    String routePrefix = settings.effectiveRoutePrefix(externalUrl);
    WebServer w =
        WebServer.start(settings.listenAddress(), RoutePrefixHandler.under(routePrefix, handler));
    web = w;
    log.atInfo()
        .addKeyValue("address", settings.listenAddress())
        .addKeyValue("port", w.port())
        .addKeyValue("external_url", externalUrl)
        .addKeyValue("route_prefix", routePrefix)
        .log("listening");
    NotificationService n =
        new NotificationService(
            alerts,
            marker,
            silencer,
            nflog,
            clock,
            registry,
            externalUrl.toString(),
            coordination,
            Scheduler.system(),
            Sleeper.THREAD);
    resources.add(n);
    try {
      n.apply(runtime.get().config(), TemplateFiles.read(runtime.get().config().templates()));
    } catch (ConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
    notifications = n;
  }

  /**
   * Reloads the configuration file; an invalid file leaves the running configuration in place.
   *
   * @throws ConfigException with the loader's message when the file is invalid
   * @throws IOException when the file cannot be read
   */
  public synchronized void reload() throws IOException, ConfigException {
    AlertmanagerConfig config;
    try {
      config = load(settings);
    } catch (IOException | ConfigException e) {
      markReloaded(false);
      log.atError()
          .addKeyValue("file", settings.configFile())
          .addKeyValue("err", e.getMessage())
          .log("loading configuration file failed");
      throw e;
    }
    NotificationService n = notifications;
    if (n != null) {
      try {
        n.apply(config, TemplateFiles.read(config.templates()));
      } catch (IllegalArgumentException e) {
        markReloaded(false);
        throw new ConfigException(String.valueOf(e.getMessage()), e);
      } catch (ConfigException e) {
        markReloaded(false);
        throw e;
      }
    }
    runtime.set(AlertmanagerRuntime.of(config));
    markReloaded(true);
    log.atInfo()
        .addKeyValue("file", settings.configFile())
        .log("completed loading of configuration file");
  }

  private void markReloaded(boolean ok) {
    lastReloadSuccessful.set(ok ? 1 : 0);
    if (ok) {
      lastReloadSuccessTime.set(clock.millis() / 1000.0);
    }
  }

  /** The port the web server listens on. */
  public int port() {
    WebServer w = web;
    if (w == null) {
      throw new IllegalStateException("alertmanager server is closed");
    }
    return w.port();
  }

  public URI externalUrl() {
    return externalUrl;
  }

  public AlertmanagerRuntime runtime() {
    return runtime.get();
  }

  public AlertStore alerts() {
    return alerts;
  }

  public AlertMarker marker() {
    return marker;
  }

  public Silences silences() {
    return silences;
  }

  public Silencer silencer() {
    return silencer;
  }

  public NotificationLog notificationLog() {
    return nflog;
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** The cluster peer, or null when clustering is disabled. */
  public @Nullable ClusterPeer clusterPeer() {
    return peer;
  }

  /** Stops the web server, then writes the final snapshots. Idempotent. */
  @Override
  public synchronized void close() {
    if (web != null) {
      web.close();
      web = null;
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        log.atWarn().setCause(e).log("closing alertmanager resource failed");
      }
    }
    resources.clear();
  }
}
