package io.argus.app.server;

import io.argus.app.cli.ListenAddress;
import io.argus.app.web.WebServer;
import io.argus.rules.notifier.NotifierOptions;
import io.argus.scrape.discovery.DiscoveryManager;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@code argus server} is started with, from its flags.
 *
 * @param storage where and how to open storage
 * @param listenAddress where the HTTP server listens ({@code --web.listen-address})
 * @param configFile the {@code prometheus.yml} to scrape by ({@code --config.file}); null runs
 *     without scraping
 * @param enableLifecycle whether {@code POST /-/reload} is served ({@code --web.enable-lifecycle})
 * @param discoveryUpdateIntervalMs the minimum time between two target updates from service
 *     discovery to the scrape manager, in milliseconds (upstream: 5 s)
 * @param enableAdminApi whether the admin endpoints are served ({@code --web.enable-admin-api})
 * @param query the query engine's flags
 * @param flags every flag and its value, for {@code /api/v1/status/flags}
 * @param externalUrl the URL under which the server is reachable from outside ({@code
 *     --web.external-url}, normalised), or null to derive {@code http://<hostname>:<port>} from the
 *     port actually bound; it feeds the {@code globalUrl} of {@code /api/v1/targets}
 * @param notificationQueueCapacity how many alerts the notifier queues at most ({@code
 *     --alertmanager.notification-queue-capacity})
 * @param remote the remote-write receiver, HA tracker and remote-read flags
 * @param rules the rule manager's {@code --rules.alert.*} durations
 * @param readTimeoutMillis {@code --web.read-timeout}: how long a connection may take to send a
 *     request header, and may idle, in milliseconds
 * @param grpcAddress where the StoreAPI is served over gRPC ({@code --grpc-address}), or null to
 *     serve none
 */
public record ServerSettings(
    StorageOptions storage,
    ListenAddress listenAddress,
    @Nullable Path configFile,
    boolean enableLifecycle,
    long discoveryUpdateIntervalMs,
    boolean enableAdminApi,
    QuerySettings query,
    Map<String, String> flags,
    @Nullable URI externalUrl,
    int notificationQueueCapacity,
    RemoteSettings remote,
    RuleSettings rules,
    long readTimeoutMillis,
    @Nullable ListenAddress grpcAddress) {
  public ServerSettings {
    if (readTimeoutMillis <= 0) {
      throw new IllegalArgumentException("--web.read-timeout must be positive");
    }
    if (discoveryUpdateIntervalMs <= 0) {
      throw new IllegalArgumentException("discovery update interval must be positive");
    }
    if (notificationQueueCapacity <= 0) {
      throw new IllegalArgumentException("notification queue capacity must be positive");
    }
    flags = Collections.unmodifiableMap(new TreeMap<>(flags));
  }

  /**
   * Settings with the default notification queue capacity, remote flags (receiver off), rule
   * durations and read timeout (5 minutes, as upstream).
   */
  public ServerSettings(
      StorageOptions storage,
      ListenAddress listenAddress,
      @Nullable Path configFile,
      boolean enableLifecycle,
      long discoveryUpdateIntervalMs,
      boolean enableAdminApi,
      QuerySettings query,
      Map<String, String> flags,
      @Nullable URI externalUrl) {
    this(
        storage,
        listenAddress,
        configFile,
        enableLifecycle,
        discoveryUpdateIntervalMs,
        enableAdminApi,
        query,
        flags,
        externalUrl,
        NotifierOptions.DEFAULT_QUEUE_CAPACITY,
        RemoteSettings.DEFAULT,
        RuleSettings.DEFAULT,
        WebServer.DEFAULT_READ_TIMEOUT_MILLIS,
        null);
  }

  /** These settings with another notification queue capacity. */
  public ServerSettings withNotificationQueueCapacity(int capacity) {
    return new ServerSettings(
        storage,
        listenAddress,
        configFile,
        enableLifecycle,
        discoveryUpdateIntervalMs,
        enableAdminApi,
        query,
        flags,
        externalUrl,
        capacity,
        remote,
        rules,
        readTimeoutMillis,
        grpcAddress);
  }

  /** These settings with other remote-write receiver, HA tracker and remote-read flags. */
  public ServerSettings withRemote(RemoteSettings remote) {
    return new ServerSettings(
        storage,
        listenAddress,
        configFile,
        enableLifecycle,
        discoveryUpdateIntervalMs,
        enableAdminApi,
        query,
        flags,
        externalUrl,
        notificationQueueCapacity,
        remote,
        rules,
        readTimeoutMillis,
        grpcAddress);
  }

  /** These settings with another {@code --web.read-timeout}, in milliseconds. */
  public ServerSettings withReadTimeoutMillis(long readTimeoutMillis) {
    return new ServerSettings(
        storage,
        listenAddress,
        configFile,
        enableLifecycle,
        discoveryUpdateIntervalMs,
        enableAdminApi,
        query,
        flags,
        externalUrl,
        notificationQueueCapacity,
        remote,
        rules,
        readTimeoutMillis,
        grpcAddress);
  }

  /** These settings with other {@code --rules.alert.*} durations. */
  public ServerSettings withRules(RuleSettings rules) {
    return new ServerSettings(
        storage,
        listenAddress,
        configFile,
        enableLifecycle,
        discoveryUpdateIntervalMs,
        enableAdminApi,
        query,
        flags,
        externalUrl,
        notificationQueueCapacity,
        remote,
        rules,
        readTimeoutMillis,
        grpcAddress);
  }

  /**
   * These settings with the StoreAPI served over gRPC at {@code grpcAddress} ({@code
   * --grpc-address}), or not at all when it is null.
   */
  public ServerSettings withGrpcAddress(@Nullable ListenAddress grpcAddress) {
    return new ServerSettings(
        storage,
        listenAddress,
        configFile,
        enableLifecycle,
        discoveryUpdateIntervalMs,
        enableAdminApi,
        query,
        flags,
        externalUrl,
        notificationQueueCapacity,
        remote,
        rules,
        readTimeoutMillis,
        grpcAddress);
  }

  /** Settings with a derived external URL. */
  public ServerSettings(
      StorageOptions storage,
      ListenAddress listenAddress,
      @Nullable Path configFile,
      boolean enableLifecycle,
      long discoveryUpdateIntervalMs,
      boolean enableAdminApi,
      QuerySettings query,
      Map<String, String> flags) {
    this(
        storage,
        listenAddress,
        configFile,
        enableLifecycle,
        discoveryUpdateIntervalMs,
        enableAdminApi,
        query,
        flags,
        null);
  }

  /** Settings with the query defaults, no admin API and no flags listing. */
  public ServerSettings(
      StorageOptions storage,
      ListenAddress listenAddress,
      @Nullable Path configFile,
      boolean enableLifecycle,
      long discoveryUpdateIntervalMs) {
    this(
        storage,
        listenAddress,
        configFile,
        enableLifecycle,
        discoveryUpdateIntervalMs,
        false,
        QuerySettings.DEFAULT,
        Map.of());
  }

  /** Settings without a configuration file or lifecycle API. */
  public ServerSettings(StorageOptions storage, ListenAddress listenAddress) {
    this(storage, listenAddress, null, false, DiscoveryManager.DEFAULT_UPDATE_INTERVAL_MS);
  }
}
