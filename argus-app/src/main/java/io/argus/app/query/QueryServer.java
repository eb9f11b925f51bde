package io.argus.app.query;

import io.argus.app.runtime.BuildInfo;
import io.argus.app.web.ManagementHandler;
import io.argus.app.web.WebServer;
import io.argus.model.labels.Labels;
import io.argus.promql.EngineOptions;
import io.argus.store.dedup.MetadataCounterClassifier;
import io.argus.store.metadata.MetadataProxy;
import io.argus.store.metadata.MetricTypeCache;
import io.argus.store.prometheus.PrometheusRemoteReadStore;
import io.argus.store.proxy.EndpointResolver;
import io.argus.store.proxy.EndpointSet;
import io.argus.store.proxy.EndpointSpec;
import io.argus.store.proxy.ProxyStore;
import io.argus.store.query.StoreQueryOptions;
import io.argus.store.query.StoreQueryable;
import io.argus.util.Clock;
import io.argus.web.api.ApiV1;
import io.argus.web.api.QueryGate;
import io.argus.web.api.ServerStatus;
import io.argus.web.api.TargetsApi;
import io.argus.web.jetty.JettyWebAdapter;
import io.argus.web.query.MetadataApi;
import io.argus.web.query.QueryParams;
import io.argus.web.query.QueryUiHandler;
import io.argus.web.query.StoresApi;
import io.argus.web.ui.UiHandler;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code argus query}: the endpoint set refreshing in the background, the proxy over it,
 * the deduplicating queryable (counters recognised by the metric types the endpoints declare,
 * fetched with their metadata and refreshed in the background), and the HTTP server with the API v1
 * (per-request {@code dedup}, {@code replicaLabels[]}, {@code partial_response}), {@code
 * /api/v1/stores}, {@code /api/v1/metadata} over every endpoint, the UI and the management
 * endpoints. Ready once the first round of endpoint checks and the first metadata fetch have
 * finished.
 */
public final class QueryServer implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(QueryServer.class);

  /** How many series each endpoint's stream may read ahead of the merge. */
  static final int BUFFERED_SERIES = 256;

  private final EndpointSet endpoints;
  private final MetricTypeCache types;
  private final WebServer web;
  private final PrometheusRegistry registry;

  private QueryServer(
      EndpointSet endpoints, MetricTypeCache types, WebServer web, PrometheusRegistry registry) {
    this.endpoints = endpoints;
    this.types = types;
    this.web = web;
    this.registry = registry;
  }

  /**
   * Starts a querier.
   *
   * @param storeApi connects to a StoreAPI (gRPC) address
   * @throws IOException when the HTTP address cannot be bound
   */
  public static QueryServer start(
      QuerierSettings settings,
      BuildInfo build,
      Clock clock,
      EndpointSet.Connector storeApi,
      EndpointResolver resolver)
      throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    List<EndpointSpec> specs = new ArrayList<>();
    for (String e : settings.endpoints()) {
      specs.add(new EndpointSpec(e, EndpointSpec.Kind.STORE_API, false));
    }
    for (String e : settings.strictEndpoints()) {
      specs.add(new EndpointSpec(e, EndpointSpec.Kind.STORE_API, true));
    }
    for (URI u : settings.prometheusEndpoints()) {
      specs.add(new EndpointSpec(u.toString(), EndpointSpec.Kind.PROMETHEUS, false));
    }
    Duration infoTimeout = Duration.ofMillis(settings.infoTimeoutMillis());
    EndpointSet.Connector connector =
        (address, kind) ->
            switch (kind) {
              case STORE_API -> storeApi.connect(address, kind);
              case PROMETHEUS -> new PrometheusRemoteReadStore(URI.create(address), infoTimeout);
            };
    EndpointSet endpoints =
        new EndpointSet(
            specs,
            connector,
            resolver,
            infoTimeout,
            Duration.ofMillis(settings.unhealthyTimeoutMillis()),
            clock,
            registry);
    ProxyStore proxy =
        new ProxyStore(
            endpoints::endpoints,
            Duration.ofMillis(settings.responseTimeoutMillis()),
            BUFFERED_SERIES);
    MetadataProxy metadata =
        new MetadataProxy(
            endpoints::endpoints, Duration.ofMillis(settings.responseTimeoutMillis()));
    // The background fetch waits at most the info timeout for an endpoint, so that a hanging one
    // delays neither readiness nor later refreshes by the (possibly unbounded) response timeout.
    MetricTypeCache types =
        new MetricTypeCache(
            new MetadataProxy(endpoints::endpoints, infoTimeout),
            MetricTypeCache.DEFAULT_MAX_FAMILIES);
    StoreQueryOptions defaults =
        new StoreQueryOptions(true, settings.replicaLabels(), settings.partialResponse());
    StoreQueryable queryable =
        new StoreQueryable(
            proxy,
            settings.dedupFunc().deduplicator(new MetadataCounterClassifier(types::typeOf)),
            defaults);
    EngineOptions engineOptions =
        new EngineOptions(
            settings.lookbackDeltaMillis(),
            Duration.ofMillis(settings.queryTimeoutMillis()),
            settings.maxSamples(),
            EngineOptions.DEFAULT.defaultSubqueryStepMillis(),
            EngineOptions.DEFAULT.delayedNameRemoval(),
            EngineOptions.DEFAULT.experimentalFunctions(),
            clock);
    AtomicBoolean ready = new AtomicBoolean();
    Status status = new Status(settings, build, clock.millis(), clock);
    ApiV1 api =
        new ApiV1(
                queryable,
                engineOptions,
                new QueryGate(settings.maxConcurrent()),
                null,
                status,
                false,
                ready::get,
                new TargetsApi(TargetsApi.NO_SCRAPING, u -> u, ZoneId.systemDefault()))
            .withRequestQueryables(new QueryParams(queryable));
    StoresApi stores = new StoresApi(endpoints::endpoints);
    MetadataApi metadataApi = new MetadataApi(metadata, defaults);
    UiHandler ui = new UiHandler("Argus Query");
    QueryUiHandler queryUi = new QueryUiHandler(ui, "Argus Query");
    Handler handlers =
        new Handler.Sequence(
            new ManagementHandler(registry, ready::get),
            new JettyWebAdapter(
                path ->
                    path.startsWith(ApiV1.PREFIX)
                        || QueryUiHandler.isQueryUiPath(path)
                        || UiHandler.isUiPath(path),
                List.of(stores, metadataApi, api, queryUi, ui)));
    WebServer web =
        WebServer.start(
            settings.httpAddress(), handlers, WebServer.DEFAULT_READ_TIMEOUT_MILLIS, clock);
    logger.atInfo().addKeyValue("address", settings.httpAddress()).log("listening on");
    QueryServer server = new QueryServer(endpoints, types, web, registry);
    endpoints.start();
    types.start();
    ready.set(true);
    logger.info("querier is ready");
    return server;
  }

  /** The HTTP port actually bound. */
  public int port() {
    return web.port();
  }

  /** The registry {@code /metrics} exposes. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** The metric types the endpoints declared, as gap-fill dedup uses them. */
  public MetricTypeCache metricTypes() {
    return types;
  }

  @Override
  public void close() {
    web.close();
    types.close();
    endpoints.close();
  }

  /** Build, flags and runtime for the status endpoints; the querier has no configuration file. */
  private static final class Status implements ServerStatus {
    private final QuerierSettings settings;
    private final BuildInfo build;
    private final long startedAt;
    private final Clock clock;

    Status(QuerierSettings settings, BuildInfo build, long startedAt, Clock clock) {
      this.settings = settings;
      this.build = build;
      this.startedAt = startedAt;
      this.clock = clock;
    }

    @Override
    public Map<String, String> buildInfo() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("version", build.version());
      m.put("revision", build.revision());
      m.put("branch", build.branch());
      m.put("buildUser", "");
      m.put("buildDate", build.buildDate());
      m.put("goVersion", "java" + build.javaVersion());
      return m;
    }

    @Override
    public Map<String, String> flags() {
      return settings.flags();
    }

    @Override
    public RuntimeInfo runtimeInfo() {
      Runtime rt = Runtime.getRuntime();
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "localhost";
      }
      return new RuntimeInfo(
          startedAt,
          Path.of("").toAbsolutePath().toString(),
          host,
          clock.millis(),
          true,
          startedAt,
          0,
          ManagementFactory.getThreadMXBean().getThreadCount(),
          rt.availableProcessors(),
          rt.maxMemory(),
          "",
          "",
          "");
    }

    @Override
    public String configYaml() {
      return "";
    }

    @Override
    public Labels externalLabels() {
      return Labels.EMPTY;
    }
  }
}
