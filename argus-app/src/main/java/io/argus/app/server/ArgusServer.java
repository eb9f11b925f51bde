package io.argus.app.server;

import io.argus.app.runtime.BuildInfo;
import io.argus.app.web.ManagementHandler;
import io.argus.app.web.WebServer;
import io.argus.util.Clock;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code argus server}: its metrics registry, HTTP server and storage. Start-up order
 * is that of Prometheus: the HTTP server comes up first and answers {@code /-/ready} with 503,
 * then storage is opened, then the server reports ready. {@link #close()} stops HTTP first and
 * closes storage last. Thread-safe.
 */
public final class ArgusServer implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(ArgusServer.class);

  private final PrometheusRegistry registry;
  private final WebServer web;
  private final AtomicBoolean ready;
  private volatile @Nullable ServerStorage storage;
  private boolean closed;

  private ArgusServer(PrometheusRegistry registry, WebServer web, AtomicBoolean ready) {
    this.registry = registry;
    this.web = web;
    this.ready = ready;
  }

  /**
   * Starts a server and returns once it is ready.
   *
   * @param storageFactory opens the storage (the TSDB)
   * @throws ServerStartException if the web server cannot listen or storage cannot be opened;
   *     anything already started has been stopped again
   */
  public static ArgusServer start(
      ServerSettings settings,
      ServerStorage.Factory storageFactory,
      BuildInfo build,
      Clock clock)
      throws ServerStartException {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    registerBuildInfo(registry, build);

    AtomicBoolean ready = new AtomicBoolean();
    WebServer web;
    try {
      web =
          WebServer.start(settings.listenAddress(), new ManagementHandler(registry, ready::get));
    } catch (IOException e) {
      throw new ServerStartException("starting web server failed", e);
    }
    ArgusServer server = new ArgusServer(registry, web, ready);
    logger.atInfo().addKeyValue("address", settings.listenAddress()).log("listening on");

    StorageOptions options = settings.storage();
    logger.atInfo().addKeyValue("path", options.directory()).log("starting tsdb");
    try {
      server.storage = storageFactory.open(options, clock, registry);
    } catch (IOException | RuntimeException e) {
      web.close();
      throw new ServerStartException("opening storage failed", e);
    }
    logger.info("tsdb started");
    ready.set(true);
    logger.info("server is ready to receive web requests");
    return server;
  }

  /** {@code argus_build_info{version,revision,branch,javaversion} 1}, as prometheus_build_info. */
  static void registerBuildInfo(PrometheusRegistry registry, BuildInfo build) {
    Info info =
        Info.builder()
            .name("argus_build_info")
            .help(
                "A metric with a constant '1' value labeled by version, revision, branch, and"
                    + " javaversion from which argus was built.")
            .labelNames("version", "revision", "branch", "javaversion")
            .register(registry);
    info.setLabelValues(build.version(), build.revision(), build.branch(), build.javaVersion());
  }

  /** The registry {@code /metrics} exposes; components register their metrics here. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** The base URL of the HTTP server, e.g. {@code http://127.0.0.1:9090/}. */
  public URI baseUri() {
    return web.baseUri();
  }

  /** The HTTP port actually bound. */
  public int port() {
    return web.port();
  }

  /** Whether start-up has finished and the server is not shutting down. */
  public boolean isReady() {
    return ready.get();
  }

  /** Stops the HTTP server, then closes storage. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ready.set(false);
    logger.info("stopping web server");
    web.close();
    ServerStorage s = storage;
    if (s != null) {
      logger.info("stopping storage");
      try {
        s.close();
      } catch (IOException e) {
        logger.atError().setCause(e).log("closing storage failed");
      }
    }
  }
}
