package io.argus.store.grpc;

import io.argus.store.LabelRequest;
import io.argus.store.SeriesRequest;
import io.argus.store.SeriesStore;
import io.argus.store.StoreException;
import io.argus.store.grpc.pb.InfoGrpc;
import io.argus.store.grpc.pb.InfoPb;
import io.argus.store.grpc.pb.RpcPb;
import io.argus.store.grpc.pb.StoreGrpc;
import io.argus.util.Clock;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code thanos.Store} service over a {@link SeriesStore}. Bad requests fail with {@code
 * INVALID_ARGUMENT} and a message naming the problem; a store failure fails the call with {@code
 * ABORTED} under the ABORT strategy and becomes a warning under WARN; anything else is {@code
 * INTERNAL}.
 */
final class StoreService extends StoreGrpc.StoreImplBase {
  private static final Logger logger = LoggerFactory.getLogger(StoreService.class);

  /** The largest {@code response_batch_size} honoured; larger values are capped. */
  static final int MAX_BATCH_SIZE = 1024;

  private final SeriesStore store;
  private final int maxFrameBytes;
  private final ServerMetrics metrics;
  private final Clock clock;
  private final Executor streams;

  /**
   * @param streams runs the answer of each Series call (one task per call, for its whole length)
   */
  StoreService(
      SeriesStore store, int maxFrameBytes, ServerMetrics metrics, Clock clock, Executor streams) {
    this.store = store;
    this.streams = streams;
    this.maxFrameBytes = maxFrameBytes;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void series(
      RpcPb.SeriesRequest request, StreamObserver<RpcPb.SeriesResponse> responseObserver) {
    long start = clock.nanoTime();
    SeriesRequest req;
    try {
      req = Wire.fromPb(request);
    } catch (Wire.InvalidRequestException e) {
      invalid("Series", e, responseObserver, start);
      return;
    }
    int batch = (int) Math.clamp(request.getResponseBatchSize(), 1, MAX_BATCH_SIZE);
    new SeriesStream(
            store,
            req,
            batch,
            maxFrameBytes,
            (ServerCallStreamObserver<RpcPb.SeriesResponse>) responseObserver,
            metrics,
            clock)
        .start(streams);
  }

  @Override
  public void labelNames(
      RpcPb.LabelNamesRequest request, StreamObserver<RpcPb.LabelNamesResponse> responseObserver) {
    long start = clock.nanoTime();
    LabelRequest req;
    try {
      req = Wire.fromPb(request);
    } catch (Wire.InvalidRequestException e) {
      invalid("LabelNames", e, responseObserver, start);
      return;
    }
    SeriesStore.LabelResult result;
    try {
      result = store.labelNames(req);
    } catch (StoreException e) {
      if (storeFailed("LabelNames", req.partialResponse(), e, responseObserver, start)) {
        respond(
            "LabelNames",
            RpcPb.LabelNamesResponse.newBuilder()
                .addWarnings(String.valueOf(e.getMessage()))
                .build(),
            responseObserver,
            start);
      }
      return;
    } catch (RuntimeException e) {
      internal("LabelNames", e, responseObserver, start);
      return;
    }
    respond(
        "LabelNames",
        RpcPb.LabelNamesResponse.newBuilder()
            .addAllNames(result.values())
            .addAllWarnings(result.warnings())
            .build(),
        responseObserver,
        start);
  }

  @Override
  public void labelValues(
      RpcPb.LabelValuesRequest request,
      StreamObserver<RpcPb.LabelValuesResponse> responseObserver) {
    long start = clock.nanoTime();
    LabelRequest req;
    try {
      req = Wire.fromPb(request);
    } catch (Wire.InvalidRequestException e) {
      invalid("LabelValues", e, responseObserver, start);
      return;
    }
    SeriesStore.LabelResult result;
    try {
      result = store.labelValues(request.getLabel(), req);
    } catch (StoreException e) {
      if (storeFailed("LabelValues", req.partialResponse(), e, responseObserver, start)) {
        respond(
            "LabelValues",
            RpcPb.LabelValuesResponse.newBuilder()
                .addWarnings(String.valueOf(e.getMessage()))
                .build(),
            responseObserver,
            start);
      }
      return;
    } catch (RuntimeException e) {
      internal("LabelValues", e, responseObserver, start);
      return;
    }
    respond(
        "LabelValues",
        RpcPb.LabelValuesResponse.newBuilder()
            .addAllValues(result.values())
            .addAllWarnings(result.warnings())
            .build(),
        responseObserver,
        start);
  }

  private <T> void respond(String method, T response, StreamObserver<T> out, long start) {
    out.onNext(response);
    out.onCompleted();
    metrics.done(method, "OK", clock.nanoTime() - start);
  }

  private void invalid(
      String method, Wire.InvalidRequestException e, StreamObserver<?> out, long start) {
    logger
        .atDebug()
        .addKeyValue("method", method)
        .addKeyValue("err", e.getMessage())
        .log("rejected invalid request");
    out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    metrics.done(method, "InvalidArgument", clock.nanoTime() - start);
  }

  /**
   * Logs a store failure and, under ABORT, fails the call. Returns true under WARN, where the
   * caller answers with the failure as a warning.
   */
  private boolean storeFailed(
      String method, boolean partial, StoreException e, StreamObserver<?> out, long start) {
    logger
        .atWarn()
        .addKeyValue("method", method)
        .addKeyValue("store", store.name())
        .addKeyValue("partial_response", partial)
        .addKeyValue("err", e.getMessage())
        .log("store call failed");
    if (partial) {
      return true;
    }
    out.onError(Status.ABORTED.withDescription(e.getMessage()).asRuntimeException());
    metrics.done(method, "Aborted", clock.nanoTime() - start);
    return false;
  }

  private void internal(String method, RuntimeException e, StreamObserver<?> out, long start) {
    logger
        .atError()
        .addKeyValue("method", method)
        .addKeyValue("store", store.name())
        .setCause(e)
        .log("store call failed");
    out.onError(
        Status.INTERNAL.withDescription(method + ": " + e.getMessage()).asRuntimeException());
    metrics.done(method, "Internal", clock.nanoTime() - start);
  }

  /** The {@code thanos.info.Info} service: what the store holds. */
  static final class InfoService extends InfoGrpc.InfoImplBase {
    private final SeriesStore store;
    private final boolean servesMetadata;
    private final ServerMetrics metrics;
    private final Clock clock;

    InfoService(SeriesStore store, boolean servesMetadata, ServerMetrics metrics, Clock clock) {
      this.store = store;
      this.servesMetadata = servesMetadata;
      this.metrics = metrics;
      this.clock = clock;
    }

    @Override
    public void info(
        InfoPb.InfoRequest request, StreamObserver<InfoPb.InfoResponse> responseObserver) {
      long start = clock.nanoTime();
      InfoPb.InfoResponse response;
      try {
        response = Wire.toPb(store.info());
        if (servesMetadata) {
          response =
              response.toBuilder()
                  .setMetricMetadata(InfoPb.MetricMetadataInfo.getDefaultInstance())
                  .build();
        }
      } catch (RuntimeException e) {
        logger
            .atWarn()
            .addKeyValue("store", store.name())
            .addKeyValue("err", e.getMessage())
            .log("info call failed");
        Status status = e instanceof StoreException ? Status.UNAVAILABLE : Status.INTERNAL;
        responseObserver.onError(
            status.withDescription("info: " + e.getMessage()).asRuntimeException());
        String code = status.getCode() == Status.Code.UNAVAILABLE ? "Unavailable" : "Internal";
        metrics.done("Info", code, clock.nanoTime() - start);
        return;
      }
      responseObserver.onNext(response);
      responseObserver.onCompleted();
      metrics.done("Info", "OK", clock.nanoTime() - start);
    }
  }
}
