package io.argus.store.grpc;

import io.argus.store.SeriesStore;
import io.argus.store.metadata.MetricMetadataSource;
import io.argus.util.Clock;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link SeriesStore} over gRPC as the Thanos StoreAPI ({@code thanos.Store}: Series,
 * LabelNames, LabelValues) and Info API ({@code thanos.info.Info}), optionally with the Metadata
 * API ({@code thanos.Metadata}: MetricMetadata), so that an Argus or Thanos querier can use it.
 * Calls run on virtual threads; each Series call streams with flow control (see {@link
 * SeriesStream}). Plaintext, no TLS. Thread-safe; {@link #close()} stops it.
 */
public final class GrpcStoreServer implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(GrpcStoreServer.class);

  /**
   * Limits of the server.
   *
   * @param maxRequestBytes the largest request message accepted; larger ones fail with {@code
   *     RESOURCE_EXHAUSTED}
   * @param maxFrameBytes the size at which a series response frame is closed (one chunk may go
   *     beyond it); well below a client's receive limit (4 MiB by default in gRPC)
   * @param shutdownGraceMillis how long {@link #close()} lets running calls finish
   */
  public record Options(int maxRequestBytes, int maxFrameBytes, long shutdownGraceMillis) {
    /** 4 MiB requests, 1 MiB frames (as Thanos' stores), 5 s grace. */
    public static final Options DEFAULT = new Options(4 << 20, 1 << 20, 5_000);

    public Options {
      if (maxRequestBytes <= 0 || maxFrameBytes <= 0 || shutdownGraceMillis < 0) {
        throw new IllegalArgumentException("grpc server limits must be positive");
      }
    }
  }

  private final Server server;
  private final ExecutorService executor;
  private final SeriesStore store;
  private final String host;
  private final long shutdownGraceMillis;
  private final int port;

  private GrpcStoreServer(
      Server server,
      ExecutorService executor,
      SeriesStore store,
      String host,
      long shutdownGraceMillis) {
    this.server = server;
    this.shutdownGraceMillis = shutdownGraceMillis;
    this.port = server.getPort();
    this.executor = executor;
    this.store = store;
    this.host = host;
  }

  /**
   * Starts serving {@code store} on {@code host:port}.
   *
   * @param host the interface to bind; empty for all interfaces
   * @param port the TCP port; 0 for a free one (see {@link #port()})
   * @param registry where the server registers its metrics ({@code argus_store_grpc_server_*})
   * @throws IOException when the address cannot be bound
   */
  public static GrpcStoreServer start(
      String host,
      int port,
      SeriesStore store,
      Options options,
      PrometheusRegistry registry,
      Clock clock)
      throws IOException {
    return start(host, port, store, null, options, registry, clock);
  }

  /**
   * Starts serving {@code store} and, when {@code metadata} is not null, the {@code
   * thanos.Metadata} API over it ({@code Info} then advertises {@code metric_metadata}).
   *
   * @see #start(String, int, SeriesStore, Options, PrometheusRegistry, Clock)
   */
  public static GrpcStoreServer start(
      String host,
      int port,
      SeriesStore store,
      @Nullable MetricMetadataSource metadata,
      Options options,
      PrometheusRegistry registry,
      Clock clock)
      throws IOException {
    ServerMetrics metrics = new ServerMetrics(registry);
    InetSocketAddress address =
        host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(address)
            .executor(executor)
            .maxInboundMessageSize(options.maxRequestBytes())
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .addService(new StoreService(store, options.maxFrameBytes(), metrics, clock, executor))
            .addService(new StoreService.InfoService(store, metadata != null, metrics, clock));
    if (metadata != null) {
      builder.addService(new MetadataService(metadata, options.maxFrameBytes(), metrics, clock));
    }
    Server server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      executor.shutdownNow();
      throw new IOException("listen tcp " + host + ":" + port + ": " + rootMessage(e), e);
    }
    GrpcStoreServer s =
        new GrpcStoreServer(server, executor, store, host, options.shutdownGraceMillis());
    logger
        .atInfo()
        .addKeyValue("address", s.address())
        .addKeyValue("store", store.name())
        .log("listening for StoreAPI gRPC");
    return s;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }

  /** The port bound. */
  public int port() {
    return port;
  }

  /** {@code host:port} as bound, e.g. {@code 127.0.0.1:10901}. */
  public String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** The store served. */
  public SeriesStore store() {
    return store;
  }

  /**
   * Stops accepting calls, lets running ones finish for the grace period, then cancels the rest and
   * waits for their answers to stop reading the store, so that the store can be closed next.
   * Idempotent.
   */
  @Override
  public void close() {
    if (executor.isTerminated()) {
      return;
    }
    logger.atInfo().addKeyValue("address", address()).log("stopping StoreAPI gRPC server");
    server.shutdown();
    try {
      if (!server.awaitTermination(shutdownGraceMillis, TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
      executor.shutdown();
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        logger.atWarn().log("series answers still running after shutdown");
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
