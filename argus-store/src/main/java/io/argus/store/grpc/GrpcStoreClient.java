package io.argus.store.grpc;

import io.argus.store.LabelRequest;
import io.argus.store.SeriesRequest;
import io.argus.store.SeriesStore;
import io.argus.store.StoreException;
import io.argus.store.StoreInfo;
import io.argus.store.StoreSeriesSet;
import io.argus.store.grpc.pb.InfoGrpc;
import io.argus.store.grpc.pb.InfoPb;
import io.argus.store.grpc.pb.MetadataGrpc;
import io.argus.store.grpc.pb.MetadataPb;
import io.argus.store.grpc.pb.RpcPb;
import io.argus.store.grpc.pb.StoreGrpc;
import io.argus.store.grpc.pb.TypesPb;
import io.argus.store.metadata.MetadataResult;
import io.argus.store.metadata.MetricMeta;
import io.argus.store.metadata.MetricMetadataSource;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@link SeriesStore} of one StoreAPI endpoint ({@code host:port}): an Argus server or any
 * Thanos component that serves {@code thanos.Store} and {@code thanos.info.Info}; also the client
 * of its {@code thanos.Metadata} API when it serves one. Series stream with bounded buffering: at
 * most {@link Options#bufferedFrames()} frames are requested ahead of the reader, so a slow reader
 * slows the store down instead of filling memory.
 *
 * <p>Failures name the endpoint. Under the WARN strategy a failing {@code Series} call ends the
 * stream with a warning ({@code receive series from <address>: <status>}) and label calls answer
 * with no values and that warning; under ABORT they throw {@link StoreException}. {@link #info()}
 * always throws on failure. Every call has a deadline.
 *
 * <p>One connection per client, opened lazily and re-established by gRPC after failures.
 * Thread-safe; {@link #close()} shuts the connection down, cancelling calls still running.
 */
public final class GrpcStoreClient implements SeriesStore, MetricMetadataSource, AutoCloseable {
  /**
   * How the client talks to its endpoint.
   *
   * @param callTimeoutMillis the deadline of a Series or label call, from its start to its last
   *     frame; 0 for none
   * @param infoTimeoutMillis the deadline of an Info call (Thanos: {@code --endpoint.info-timeout})
   * @param maxReceiveBytes the largest response frame accepted
   * @param bufferedFrames how many Series frames may be received ahead of the reader
   * @param responseBatchSize how many series the store may pack into one frame ({@code
   *     response_batch_size}; 1 for a frame per series)
   */
  public record Options(
      long callTimeoutMillis,
      long infoTimeoutMillis,
      int maxReceiveBytes,
      int bufferedFrames,
      int responseBatchSize) {
    /** 2 min calls, 5 s Info, 32 MiB frames, 8 frames ahead, batches of 64 series. */
    public static final Options DEFAULT = new Options(120_000, 5_000, 32 << 20, 8, 64);

    public Options {
      if (callTimeoutMillis < 0 || infoTimeoutMillis <= 0) {
        throw new IllegalArgumentException("store call timeouts must not be negative");
      }
      if (maxReceiveBytes <= 0 || bufferedFrames <= 0 || responseBatchSize <= 0) {
        throw new IllegalArgumentException("store client limits must be positive");
      }
    }
  }

  private final String address;
  private final Options options;
  private final ManagedChannel channel;

  private GrpcStoreClient(String address, Options options, ManagedChannel channel) {
    this.address = address;
    this.options = options;
    this.channel = channel;
  }

  /**
   * A client of the endpoint at {@code address} ({@code host:port}, or any gRPC target such as
   * {@code dns:///host:port}). Connects lazily.
   *
   * @throws IllegalArgumentException when the address is not a valid target
   */
  public static GrpcStoreClient connect(String address, Options options) {
    return connect(address, options, 0);
  }

  /** As {@link #connect(String, Options)}, with an HTTP/2 flow-control window (0: gRPC's). */
  static GrpcStoreClient connect(String address, Options options, int flowControlWindow) {
    NettyChannelBuilder b =
        NettyChannelBuilder.forTarget(address)
            .usePlaintext()
            .directExecutor()
            .maxInboundMessageSize(options.maxReceiveBytes())
            .keepAliveTime(30, TimeUnit.SECONDS)
            .keepAliveTimeout(10, TimeUnit.SECONDS);
    if (flowControlWindow > 0) {
      b.flowControlWindow(flowControlWindow);
    }
    return new GrpcStoreClient(address, options, b.build());
  }

  /** A client named {@code name} over an existing channel, which it owns from now on. */
  static GrpcStoreClient over(String name, Options options, ManagedChannel channel) {
    return new GrpcStoreClient(name, options, channel);
  }

  /** The endpoint address. */
  @Override
  public String name() {
    return address;
  }

  /** The client's options. */
  public Options options() {
    return options;
  }

  private CallOptions callOptions() {
    CallOptions o = CallOptions.DEFAULT;
    if (options.callTimeoutMillis() > 0) {
      o = o.withDeadlineAfter(options.callTimeoutMillis(), TimeUnit.MILLISECONDS);
    }
    return o;
  }

  @Override
  public StoreInfo info() {
    try {
      InfoPb.InfoResponse r =
          InfoGrpc.newBlockingStub(channel)
              .withDeadlineAfter(options.infoTimeoutMillis(), TimeUnit.MILLISECONDS)
              .info(InfoPb.InfoRequest.getDefaultInstance());
      return Wire.fromPb(r);
    } catch (StatusRuntimeException e) {
      throw new StoreException("info from " + address + ": " + describe(e.getStatus()), e);
    }
  }

  @Override
  public StoreSeriesSet series(SeriesRequest request) {
    ClientCall<RpcPb.SeriesRequest, SeriesFrameParser.SeriesFrame> call =
        channel.newCall(
            request.sampleBounds()
                ? SeriesFrameMarshaller.SERIES_BOUNDS_METHOD
                : SeriesFrameMarshaller.SERIES_METHOD,
            callOptions());
    RemoteSeriesSet set = new RemoteSeriesSet(address, call, request.partialResponse());
    set.start(Wire.toPb(request, options.responseBatchSize()), options.bufferedFrames());
    return set;
  }

  @Override
  public LabelResult labelNames(LabelRequest request) {
    try {
      RpcPb.LabelNamesResponse r =
          StoreGrpc.newBlockingStub(channel)
              .withDeadline(callOptions().getDeadline())
              .labelNames(Wire.toLabelNamesPb(request));
      return new LabelResult(r.getNamesList(), r.getWarningsList());
    } catch (StatusRuntimeException e) {
      return failed("receive label names from ", e, request.partialResponse());
    }
  }

  @Override
  public LabelResult labelValues(String name, LabelRequest request) {
    try {
      RpcPb.LabelValuesResponse r =
          StoreGrpc.newBlockingStub(channel)
              .withDeadline(callOptions().getDeadline())
              .labelValues(Wire.toLabelValuesPb(name, request));
      return new LabelResult(r.getValuesList(), r.getWarningsList());
    } catch (StatusRuntimeException e) {
      return failed("receive label values from ", e, request.partialResponse());
    }
  }

  /**
   * Calls {@code thanos.Metadata/MetricMetadata} and merges its frames. An endpoint that does not
   * serve the Metadata API ({@code UNIMPLEMENTED}, e.g. a store gateway) answers nothing, without a
   * warning. Other failures are a warning naming the endpoint under WARN and a {@link
   * StoreException} under ABORT. A negative limit is sent as Thanos' querier sends it (-1).
   */
  @Override
  public MetadataResult metricMetadata(String metric, int limit, boolean partialResponse) {
    MetadataPb.MetricMetadataRequest request =
        MetadataPb.MetricMetadataRequest.newBuilder()
            .setMetric(metric)
            .setLimit(limit < 0 ? -1 : limit)
            .setPartialResponseStrategy(
                partialResponse
                    ? TypesPb.PartialResponseStrategy.WARN
                    : TypesPb.PartialResponseStrategy.ABORT)
            .build();
    Map<String, LinkedHashSet<MetricMeta>> merged = new TreeMap<>();
    List<String> warnings = new ArrayList<>();
    try {
      Iterator<MetadataPb.MetricMetadataResponse> frames =
          MetadataGrpc.newBlockingStub(channel)
              .withDeadline(callOptions().getDeadline())
              .metricMetadata(request);
      while (frames.hasNext()) {
        MetadataPb.MetricMetadataResponse frame = frames.next();
        if (frame.hasMetadata()) {
          frame
              .getMetadata()
              .getMetadataMap()
              .forEach(
                  (family, entry) -> {
                    LinkedHashSet<MetricMeta> metas =
                        merged.computeIfAbsent(family, f -> new LinkedHashSet<>());
                    for (MetadataPb.Meta m : entry.getMetasList()) {
                      metas.add(new MetricMeta(m.getType(), m.getHelp(), m.getUnit()));
                    }
                  });
        } else if (frame.hasWarning()) {
          warnings.add(frame.getWarning());
        }
      }
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return MetadataResult.EMPTY;
      }
      String message = "receive metric metadata from " + address + ": " + describe(e.getStatus());
      if (!partialResponse) {
        throw new StoreException(message, e);
      }
      warnings.add(message);
    }
    Map<String, List<MetricMeta>> out = new TreeMap<>();
    merged.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return new MetadataResult(out, warnings);
  }

  private LabelResult failed(String what, StatusRuntimeException e, boolean partial) {
    String message = what + address + ": " + describe(e.getStatus());
    if (!partial) {
      throw new StoreException(message, e);
    }
    return new LabelResult(List.of(), List.of(message));
  }

  /** A status as {@code CODE: description (cause)}. */
  static String describe(Status s) {
    StringBuilder sb = new StringBuilder(s.getCode().name());
    if (s.getDescription() != null) {
      sb.append(": ").append(s.getDescription());
    }
    Throwable cause = s.getCause();
    if (cause != null && cause.getMessage() != null) {
      sb.append(" (").append(cause.getMessage()).append(')');
    }
    return sb.toString();
  }

  /** Shuts the connection down; running calls are cancelled. Idempotent. */
  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "GrpcStoreClient[" + address + "]";
  }
}
