package io.argus.app.server;

import io.argus.app.cli.ExternalUrls;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.app.web.ManagementHandler;
import io.argus.app.web.QuitHandler;
import io.argus.app.web.ReloadHandler;
import io.argus.app.web.WebServer;
import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.promql.EngineOptions;
import io.argus.remote.read.ReadEndpoint;
import io.argus.remote.receiver.HaTracker;
import io.argus.remote.receiver.RemoteWriteReceiver;
import io.argus.remote.receiver.WriteEndpoint;
import io.argus.remote.read.RemoteReadStorage;
import io.argus.remote.write.RemoteWriteStorage;
import io.argus.rules.RuleGroup;
import io.argus.rules.notifier.AlertSender;
import io.argus.rules.notifier.Notifier;
import io.argus.rules.notifier.NotifierOptions;
import io.argus.scrape.ActiveTarget;
import io.argus.scrape.DroppedTarget;
import io.argus.scrape.GlobalUrl;
import io.argus.scrape.ScrapeTargets;
import io.argus.scrape.discovery.DiscoveryContext;
import io.argus.scrape.discovery.DiscoveryMetrics;
import io.argus.store.SeriesStore;
import io.argus.store.grpc.GrpcStoreServer;
import io.argus.store.tsdb.TsdbStore;
import io.argus.storage.Appendable;
import io.argus.storage.ChunkQueryable;
import io.argus.storage.Querier;
import io.argus.storage.Queryable;
import io.argus.storage.StorageException;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.block.PersistedBlock;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.wal.WalRetention;
import io.argus.util.ByteSizes;
import io.argus.util.Clock;
import io.argus.util.PrometheusDurations;
import io.argus.web.api.ApiException;
import io.argus.web.api.ApiV1;
import io.argus.web.api.RulesApi;
import io.argus.web.api.ErrorType;
import io.argus.web.api.Federation;
import io.argus.web.api.QueryGate;
import io.argus.web.api.ServerStatus;
import io.argus.web.api.TargetsApi;
import io.argus.web.api.TsdbAdmin;
import io.argus.web.jetty.JettyWebAdapter;
import io.argus.web.remote.RemoteApiHandler;
import io.argus.web.ui.UiHandler;
import io.prometheus.metrics.core.metrics.Info;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code argus server}: its metrics registry, HTTP server and storage. Start-up order is
 * that of Prometheus: the HTTP server comes up first and answers {@code /-/ready} with 503, then
 * storage is opened, then the configuration file (if any) is loaded, remote-write queues (which
 * tail the TSDB's WAL), discovery, scraping, the StoreAPI gRPC server (with {@code
 * --grpc-address}), the rule manager and the notifier start, then the server reports ready. {@link
 * #close()} stops HTTP and the StoreAPI first, then the rule manager, then the notifier
 * (which sends what is still queued), then discovery and scraping (whose staleness markers still
 * reach storage), then remote write (flushing its queues), and closes storage last. Thread-safe.
 *
 * <p>The notifier exists from start-up, configured by the {@code alerting} section and external
 * labels of each (re)loaded configuration; the rule manager evaluates the configuration's {@code
 * rule_files} (reloaded with it) and hands its alerts to {@link #alertSender()}.
 */
public final class ArgusServer implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(ArgusServer.class);

  private final PrometheusRegistry registry;
  private final WebServer web;
  private final AtomicBoolean ready;
  private final String globalUrlListenAddress;
  private final URI externalUrl;
  private final Notifier notifier;
  private volatile @Nullable ServerStorage storage;
  private volatile @Nullable ScrapeService scraping;
  private volatile @Nullable RemoteWriteStorage remoteWriteQueues;
  private volatile @Nullable WriteEndpoint remoteWrite;
  private volatile @Nullable ReadEndpoint remoteRead;
  private volatile @Nullable RemoteReadStorage remoteReads;
  private volatile @Nullable RuleService rules;
  private volatile @Nullable GrpcStoreServer storeApi;
  private volatile boolean closed;

  private final CompletableFuture<String> quit;

  private ArgusServer(
      PrometheusRegistry registry,
      WebServer web,
      AtomicBoolean ready,
      CompletableFuture<String> quit,
      String globalUrlListenAddress,
      URI externalUrl,
      Notifier notifier) {
    this.notifier = notifier;
    this.registry = registry;
    this.web = web;
    this.ready = ready;
    this.globalUrlListenAddress = globalUrlListenAddress;
    this.externalUrl = externalUrl;
    this.quit = quit;
  }

  /**
   * Completes (with a description of who asked) when {@code POST /-/quit} asks the server to shut
   * down; the owner then closes the server.
   */
  public CompletableFuture<String> quitRequested() {
    return quit;
  }

  /**
   * What the HTTP API reads from the running server: storage once it is open, the configuration in
   * force, the scrape targets (none before scraping starts or without a configuration file), build
   * and runtime information.
   */
  private static final class ApiBackends implements TsdbAdmin, ServerStatus, ScrapeTargets {
    private final ArgusServer[] self;
    private final ServerSettings settings;
    private final BuildInfo build;
    private final long startedAt;
    private final String hostname;
    private final Clock clock;

    ApiBackends(
        ArgusServer[] self, ServerSettings settings, BuildInfo build, long startedAt, Clock clock) {
      this.self = self;
      this.clock = clock;
      this.settings = settings;
      this.build = build;
      this.startedAt = startedAt;
      this.hostname = hostname();
    }

    private static String hostname() {
      String env = System.getenv("HOSTNAME");
      if (env != null && !env.isEmpty()) {
        return env;
      }
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        return "localhost";
      }
    }

    private @Nullable ServerStorage storage() {
      ArgusServer s = self[0];
      return s == null ? null : s.storage;
    }

    /** The local storage merged with every {@code remote_read} endpoint, as queries read it. */
    Querier querier(long mint, long maxt) {
      ServerStorage s = storage();
      Queryable q = s == null ? null : s.queryable();
      if (q == null) {
        throw new StorageException("TSDB not ready");
      }
      ArgusServer server = self[0];
      RemoteReadStorage remote = server == null ? null : server.remoteReads;
      if (remote == null) {
        return q.querier(mint, maxt);
      }
      return remote.querier(q, () -> remoteReadStartTime(s, clock), mint, maxt);
    }

    private TsdbAdmin admin() {
      ServerStorage s = storage();
      TsdbAdmin a = s == null ? null : s.tsdbAdmin();
      if (a == null) {
        throw new ApiException(ErrorType.UNAVAILABLE, "TSDB not ready");
      }
      return a;
    }

    private @Nullable ScrapeService scraping() {
      ArgusServer s = self[0];
      return s == null ? null : s.scraping;
    }

    private ScrapeTargets targets() {
      ScrapeService sc = scraping();
      return sc == null ? TargetsApi.NO_SCRAPING : sc.targets();
    }

    @Override
    public List<String> scrapePoolNames() {
      return targets().scrapePoolNames();
    }

    @Override
    public Map<String, List<ActiveTarget>> activeTargets() {
      return targets().activeTargets();
    }

    @Override
    public Map<String, List<DroppedTarget>> droppedTargets() {
      return targets().droppedTargets();
    }

    @Override
    public Map<String, Integer> droppedTargetCounts() {
      return targets().droppedTargetCounts();
    }

    /** A scrape URL as seen from outside: {@link GlobalUrl} with the bound port. */
    URI globalUrl(URI scrapeUrl) {
      ArgusServer s = self[0];
      return s == null
          ? scrapeUrl
          : GlobalUrl.of(scrapeUrl, s.globalUrlListenAddress, s.externalUrl);
    }

    @Override
    public String snapshot(boolean withHead) throws IOException {
      return admin().snapshot(withHead);
    }

    @Override
    public void deleteSeries(long mint, long maxt, List<Matcher> matchers) throws IOException {
      admin().deleteSeries(mint, maxt, matchers);
    }

    @Override
    public void cleanTombstones() throws IOException {
      admin().cleanTombstones();
    }

    @Override
    public TsdbStatus status(int limit) {
      return admin().status(limit);
    }

    @Override
    public WalReplayStatus walReplayStatus() {
      ServerStorage s = storage();
      TsdbAdmin a = s == null ? null : s.tsdbAdmin();
      return a == null ? new WalReplayStatus(0, 0, 0) : a.walReplayStatus();
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
      ScrapeService sc = scraping();
      Runtime rt = Runtime.getRuntime();
      StorageOptions st = settings.storage();
      String retention = "";
      if (st.retentionMillis() > 0) {
        retention = PrometheusDurations.format(st.retentionMillis());
      }
      if (st.retentionBytes() > 0) {
        String size = ByteSizes.format(st.retentionBytes());
        retention = retention.isEmpty() ? size : retention + " or " + size;
      }
      return new RuntimeInfo(
          startedAt,
          Path.of("").toAbsolutePath().toString(),
          hostname,
          clock.millis(),
          sc == null || sc.lastReloadSuccessful(),
          sc == null ? startedAt : sc.lastConfigMillis(),
          0,
          ManagementFactory.getThreadMXBean().getThreadCount(),
          rt.availableProcessors(),
          rt.maxMemory(),
          "",
          "",
          retention);
    }

    @Override
    public String configYaml() {
      ScrapeService sc = scraping();
      return sc == null ? "" : sc.configYaml();
    }

    @Override
    public Labels externalLabels() {
      ScrapeService sc = scraping();
      return sc == null ? Labels.EMPTY : sc.externalLabels();
    }
  }

  /**
   * Starts a server and returns once it is ready.
   *
   * @param storageFactory opens the storage (the TSDB)
   * @throws ServerStartException if the web server cannot listen, storage cannot be opened or the
   *     configuration file cannot be loaded ({@code error loading config from "<file>": <why>});
   *     anything already started has been stopped again
   */
  public static ArgusServer start(
      ServerSettings settings, ServerStorage.Factory storageFactory, BuildInfo build, Clock clock)
      throws ServerStartException {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    registerBuildInfo(registry, build);

    AtomicBoolean ready = new AtomicBoolean();
    WebServer web;
    ArgusServer[] self = new ArgusServer[1];
    CompletableFuture<String> quit = new CompletableFuture<>();
    long startedAt = clock.millis();
    ApiBackends backends = new ApiBackends(self, settings, build, startedAt, clock);
    QuerySettings q = settings.query();
    EngineOptions engineOptions =
        new EngineOptions(
            q.lookbackMillis(),
            Duration.ofMillis(q.timeoutMillis()),
            q.maxSamples(),
            EngineOptions.DEFAULT.defaultSubqueryStepMillis(),
            EngineOptions.DEFAULT.delayedNameRemoval(),
            EngineOptions.DEFAULT.experimentalFunctions(),
            clock);
    DiscoveryMetrics discoveryMetrics = DiscoveryMetrics.register(registry);
    Notifier notifier =
        new Notifier(
            new NotifierOptions(
                settings.notificationQueueCapacity(),
                NotifierOptions.DEFAULT_MAX_BATCH_SIZE,
                "Argus/" + build.version(),
                NotifierOptions.DEFAULT_DRAIN_TIMEOUT_MS,
                settings.discoveryUpdateIntervalMs()),
            clock,
            registry,
            DiscoveryContext.of(clock, discoveryMetrics));
    ApiV1 api =
        new ApiV1(
            backends::querier,
            engineOptions,
            new QueryGate(q.maxConcurrency()),
            backends,
            backends,
            settings.enableAdminApi(),
            ready::get,
            new TargetsApi(backends, backends::globalUrl, ZoneId.systemDefault()),
            notifier,
            new RulesApi(() -> ruleGroups(self[0]), ZoneId.systemDefault()));
    Federation federation =
        new Federation(
            backends::querier, q::lookbackMillis, backends::externalLabels, ready::get, clock);
    Handler handlers =
        new Handler.Sequence(
            new ManagementHandler(registry, ready::get),
            new ReloadHandler(settings.enableLifecycle(), () -> self[0].reload()),
            new QuitHandler(settings.enableLifecycle(), () -> quit.complete("web service request")),
            new RemoteApiHandler(
                settings.remote().enableWriteReceiver(),
                () -> self[0] == null ? null : self[0].remoteWrite,
                () -> self[0] == null ? null : self[0].remoteRead),
            new JettyWebAdapter(
                path ->
                    path.startsWith(ApiV1.PREFIX)
                        || path.equals("/federate")
                        || UiHandler.isUiPath(path),
                List.of(api, federation, new UiHandler("Argus"))));
    try {
      web =
          WebServer.start(
              settings.listenAddress(), handlers, settings.readTimeoutMillis(), clock);
    } catch (IOException e) {
      notifier.close();
      throw new ServerStartException("starting web server failed", e);
    }
    URI externalUrl =
        settings.externalUrl() != null
            ? settings.externalUrl()
            : ExternalUrls.derived(backends.hostname, web.port());
    String host = settings.listenAddress().host();
    String listen = new ListenAddress(host, web.port()).toString();
    ArgusServer server =
        new ArgusServer(registry, web, ready, quit, listen, externalUrl, notifier);
    server.remoteReads = new RemoteReadStorage("Argus/" + build.version(), clock);
    self[0] = server;
    logger.atInfo().addKeyValue("address", settings.listenAddress()).log("listening on");

    StorageOptions options = settings.storage();
    logger.atInfo().addKeyValue("path", options.directory()).log("starting tsdb");
    try {
      server.storage = storageFactory.open(options, clock, registry);
    } catch (IOException | RuntimeException e) {
      web.close();
      notifier.close();
      throw new ServerStartException("opening storage failed", e);
    }
    logger.info("tsdb started");
    server.startRemoteEndpoints(settings.remote(), backends, clock, registry);
    Path configFile = settings.configFile();
    if (configFile != null) {
      ServerStorage st = server.storage;
      Appendable ruleOutput = st == null ? null : st.appendable();
      if (ruleOutput != null) {
        server.rules =
            new RuleService(
                ruleOutput,
                backends::querier,
                engineOptions,
                notifier,
                clock,
                registry,
                settings.rules(),
                externalUrl);
      }
      RuleService ruleService = server.rules;
      List<ScrapeService.ConfigApplier> appliers = new ArrayList<>();
      RemoteReadStorage reads = server.remoteReads;
      appliers.add(c -> reads.applyConfig(c.remoteRead(), c.global().externalLabels()));
      appliers.add(c -> notifier.applyConfig(c.global().externalLabels(), c.alerting()));
      if (ruleService != null) {
        appliers.add(ruleService::apply);
      }
      try {
        server.remoteWriteQueues =
            remoteWriteQueues(
                server.storage, clock, registry, build, settings.remote().walBudgetBytes());
        server.scraping =
            startScraping(
                settings,
                configFile,
                server.storage,
                server.remoteWriteQueues,
                clock,
                registry,
                build,
                discoveryMetrics,
                appliers);
      } catch (ConfigLoadException e) {
        server.close();
        Throwable why = e.getCause() != null ? e.getCause() : e;
        throw new ServerStartException(
            "error loading config from \"%s\"".formatted(configFile), why);
      } catch (RuntimeException e) {
        server.close();
        throw new ServerStartException("starting scrape manager failed", e);
      }
    }
    ListenAddress grpc = settings.grpcAddress();
    if (grpc != null) {
      try {
        server.storeApi = startStoreApi(grpc, server.storage, backends, registry, clock);
      } catch (IOException | RuntimeException e) {
        server.close();
        throw new ServerStartException("starting StoreAPI gRPC server failed", e);
      }
    }
    RuleService ruleService = server.rules;
    if (ruleService != null) {
      ruleService.start();
    }
    notifier.start();
    ready.set(true);
    logger.info("server is ready to receive web requests");
    return server;
  }

  /**
   * Serves the StoreAPI over the server's TSDB (head and blocks) with the external labels of the
   * configuration in force, and the Metadata API over its scrape targets' metadata, or nothing when
   * the storage cannot select chunks.
   */
  private static @Nullable GrpcStoreServer startStoreApi(
      ListenAddress address,
      @Nullable ServerStorage storage,
      ApiBackends backends,
      PrometheusRegistry registry,
      Clock clock)
      throws IOException {
    SeriesStore store;
    if (storage instanceof TsdbServerStorage tsdb) {
      store = TsdbStore.over(tsdb.storage(), backends::externalLabels);
    } else {
      ChunkQueryable chunks = storage == null ? null : storage.chunkQueryable();
      if (chunks == null) {
        logger.atWarn().log("storage cannot select chunks; not serving the StoreAPI");
        return null;
      }
      store =
          new TsdbStore(
              "local",
              chunks,
              backends::externalLabels,
              () -> Long.MIN_VALUE,
              () -> Long.MAX_VALUE);
    }
    String host = address.host() == null ? "" : address.host();
    return GrpcStoreServer.start(
        host,
        address.port(),
        store,
        new ScrapedMetadataSource(backends),
        GrpcStoreServer.Options.DEFAULT,
        registry,
        clock);
  }

  /**
   * The time from which remote read deems the local storage complete, as Prometheus' {@code
   * readyStorage.StartTime}: the start of the oldest block, or now without blocks, plus a margin of
   * two minimum block durations.
   */
  static long remoteReadStartTime(ServerStorage storage, Clock clock) {
    long start = clock.millis();
    long minBlock = DbOptions.DEFAULT_MIN_BLOCK_DURATION_MS;
    if (storage instanceof TsdbServerStorage t && t.storage() instanceof Db db) {
      List<PersistedBlock> blocks = db.blocks();
      if (!blocks.isEmpty()) {
        start = blocks.get(0).minTime();
      }
      minBlock = db.options().minBlockDurationMs();
    }
    return start + 2 * minBlock;
  }

  /** Remote write reads the TSDB's WAL, so only a TSDB-backed server has it. */
  private static @Nullable RemoteWriteStorage remoteWriteQueues(
      @Nullable ServerStorage storage,
      Clock clock,
      PrometheusRegistry registry,
      BuildInfo build,
      long walBudgetBytes) {
    if (!(storage instanceof TsdbServerStorage tsdb)) {
      return null;
    }
    WalRetention retention = new WalRetention(walBudgetBytes, registry);
    tsdb.retainWalFor(retention);
    return new RemoteWriteStorage(
        tsdb.directory().resolve("wal"),
        FileOps.defaults(),
        registry,
        clock,
        "Argus/" + build.version(),
        RemoteWriteStorage.DEFAULT_FLUSH_DEADLINE_MS,
        retention);
  }

  /** Creates the remote-write receiver (if enabled) and remote read over the open storage. */
  private void startRemoteEndpoints(
      RemoteSettings remote, ApiBackends backends, Clock clock, PrometheusRegistry registry) {
    ServerStorage s = storage;
    if (s == null) {
      return;
    }
    Appendable appendable = s.appendable();
    if (remote.enableWriteReceiver() && appendable != null) {
      HaTracker ha = remote.ha().enabled() ? new HaTracker(remote.ha(), clock, registry) : null;
      remoteWrite =
          new WriteEndpoint(
              new RemoteWriteReceiver(appendable, clock, ha, registry), remote.acceptedMessages());
      logger
          .atInfo()
          .addKeyValue("accepted_protobuf_messages", remote.acceptedMessages())
          .addKeyValue("ha_tracker", remote.ha().enabled())
          .log("remote write receiver enabled");
    }
    Queryable queryable = s.queryable();
    ChunkQueryable chunks = s.chunkQueryable();
    if (queryable != null && chunks != null) {
      remoteRead =
          new ReadEndpoint(
              queryable, chunks, backends::externalLabels, remote.readLimits(), registry);
    }
  }

  private static ScrapeService startScraping(
      ServerSettings settings,
      Path configFile,
      @Nullable ServerStorage storage,
      @Nullable RemoteWriteStorage remote,
      Clock clock,
      PrometheusRegistry registry,
      BuildInfo build,
      DiscoveryMetrics discoveryMetrics,
      List<ScrapeService.ConfigApplier> appliers)
      throws ConfigLoadException {
    Appendable appendable = storage == null ? null : storage.appendable();
    if (appendable == null) {
      throw new IllegalStateException("storage does not accept scraped samples");
    }
    if (remote != null) {
      appendable = remote.wrap(appendable);
    }
    logger.atInfo().addKeyValue("filename", configFile).log("loading configuration file");
    return ScrapeService.start(
        configFile,
        appendable,
        clock,
        registry,
        "Argus/" + build.version(),
        settings.discoveryUpdateIntervalMs(),
        discoveryMetrics,
        withRemoteWrite(remote, appliers));
  }

  /** {@code appliers} preceded by the one that applies {@code remote_write}, as upstream orders them. */
  private static List<ScrapeService.ConfigApplier> withRemoteWrite(
      @Nullable RemoteWriteStorage remote, List<ScrapeService.ConfigApplier> appliers) {
    List<ScrapeService.ConfigApplier> all = new ArrayList<>(appliers.size() + 1);
    all.add(
        config -> {
          if (remote != null) {
            remote.applyConfig(config.remoteWrite(), config.global().externalLabels());
          } else if (!config.remoteWrite().isEmpty()) {
            logger.atWarn().log("remote_write needs the tsdb's wal; this storage has none");
          }
        });
    all.addAll(appliers);
    return all;
  }

  /**
   * Re-reads the configuration file and applies it, as on SIGHUP or {@code POST /-/reload}. On
   * failure the running configuration stays and {@code prometheus_config_last_reload_successful}
   * becomes 0.
   *
   * @throws ConfigLoadException with the reason the file was rejected
   * @throws IllegalStateException if the server has no configuration file or is not running
   */
  public void reload() throws ConfigLoadException {
    ScrapeService s = scraping;
    if (s == null) {
      throw new IllegalStateException(
          closed ? "server is shutting down" : "no configuration file to reload (--config.file)");
    }
    s.reload();
  }

  /**
   * Where alerts go: the notifier, which queues them for every Alertmanager of the configuration
   * in force (none without a configuration file or {@code alerting} section). Never blocks.
   */
  public AlertSender alertSender() {
    return notifier;
  }

  /** The rule groups of a started server, for the HTTP API; none before start-up. */
  private static List<RuleGroup> ruleGroups(@Nullable ArgusServer server) {
    RuleService r = server == null ? null : server.rules;
    return r == null ? List.of() : r.groups();
  }

  /** The storage, once opened. */
  @Nullable ServerStorage storage() {
    return storage;
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

  /** The URL under which the server is reachable from outside ({@code --web.external-url}). */
  public URI externalUrl() {
    return externalUrl;
  }

  /** The HTTP port actually bound. */
  public int port() {
    return web.port();
  }

  /** The port the StoreAPI (gRPC) is served on, or -1 when it is not served. */
  public int grpcPort() {
    GrpcStoreServer g = storeApi;
    return g == null ? -1 : g.port();
  }

  /** Whether start-up has finished and the server is not shutting down. */
  public boolean isReady() {
    return ready.get();
  }

  /**
   * Stops the HTTP server and the StoreAPI gRPC server, then the rule manager, then the notifier
   * (draining its queue for a bounded time), then discovery and scraping, then closes storage.
   * Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ready.set(false);
    logger.info("stopping web server");
    web.close();
    GrpcStoreServer g = storeApi;
    if (g != null) {
      g.close();
    }
    RuleService r = rules;
    if (r != null) {
      r.close();
    }
    notifier.close();
    ScrapeService sc = scraping;
    if (sc != null) {
      sc.close();
    }
    RemoteWriteStorage rw = remoteWriteQueues;
    if (rw != null) {
      logger.info("stopping remote storage");
      rw.close();
    }
    RemoteReadStorage rr = remoteReads;
    if (rr != null) {
      rr.close();
    }
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
