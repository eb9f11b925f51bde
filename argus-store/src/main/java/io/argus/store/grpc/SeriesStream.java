package io.argus.store.grpc;

import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import io.argus.store.SampleBoundsSeries;
import io.argus.store.SeriesRequest;
import io.argus.store.SeriesStore;
import io.argus.store.StoreException;
import io.argus.store.StoreSeriesSet;
import io.argus.store.grpc.pb.LabelPb;
import io.argus.store.grpc.pb.RpcPb;
import io.argus.store.grpc.pb.TypesPb;
import io.argus.util.Clock;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one {@code Series} call on a (virtual) thread of its own: reads the store's series one at
 * a time and sends each frame only when the transport is ready for it, so a slow client holds the
 * reading back instead of filling memory. Series go out one per frame, or in {@code batch} frames
 * of {@code response_batch_size} when that is above 1; a frame is closed early at {@code
 * maxFrameBytes}, and a series whose chunks alone exceed it is split over consecutive frames with
 * the same labels. A {@link SampleBoundsSeries} goes out as a series with one chunk without data
 * (see {@link Wire#boundsChunk}). The store's warnings follow the series as warning frames. When
 * the client cancels (or goes away, or its deadline passes) the series set is closed at the next
 * frame. On a virtual thread the stream yields its carrier after every frame, so concurrent calls
 * share the server's carriers instead of waiting for a stream to be stopped by flow control.
 */
final class SeriesStream implements Runnable {
  private static final Logger logger = LoggerFactory.getLogger(SeriesStream.class);

  private final SeriesStore store;
  private final SeriesRequest request;
  private final int batchSize;
  private final int maxFrameBytes;
  private final ServerCallStreamObserver<RpcPb.SeriesResponse> out;
  private final ServerMetrics metrics;
  private final Clock clock;
  private final long startNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readyOrCancelled = lock.newCondition();
  private volatile boolean cancelled;

  private final List<TypesPb.Series> pending = new ArrayList<>();
  private int pendingBytes;

  private static final class CancelledException extends RuntimeException {
    CancelledException() {
      super("cancelled by the client", null, false, false);
    }
  }

  SeriesStream(
      SeriesStore store,
      SeriesRequest request,
      int batchSize,
      int maxFrameBytes,
      ServerCallStreamObserver<RpcPb.SeriesResponse> out,
      ServerMetrics metrics,
      Clock clock) {
    this.store = store;
    this.request = request;
    this.batchSize = batchSize;
    this.maxFrameBytes = maxFrameBytes;
    this.out = out;
    this.metrics = metrics;
    this.clock = clock;
    this.startNanos = clock.nanoTime();
  }

  /** Hooks into the call's readiness and cancellation, then starts answering on {@code threads}. */
  void start(Executor threads) {
    out.setOnReadyHandler(this::wake);
    out.setOnCancelHandler(
        () -> {
          cancelled = true;
          wake();
        });
    threads.execute(this);
  }

  private void wake() {
    lock.lock();
    try {
      readyOrCancelled.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void run() {
    metrics.streamsInFlight.inc();
    String code = "OK";
    try {
      try (StoreSeriesSet set = store.series(request)) {
        while (set.next()) {
          if (cancelled) {
            throw new CancelledException();
          }
          add(set.at());
        }
        flush();
        for (String w : set.warnings()) {
          send(RpcPb.SeriesResponse.newBuilder().setWarning(w).build());
        }
      }
      out.onCompleted();
    } catch (CancelledException e) {
      code = "Canceled";
      logger.atDebug().addKeyValue("store", store.name()).log("series call cancelled by client");
    } catch (StoreException e) {
      code = finishAfterStoreFailure(e);
    } catch (RuntimeException e) {
      code = "Internal";
      logger
          .atError()
          .addKeyValue("store", store.name())
          .addKeyValue("err", e.toString())
          .setCause(e)
          .log("series call failed");
      fail(Status.INTERNAL.withDescription("series: " + e.getMessage()));
    } finally {
      metrics.streamsInFlight.dec();
      metrics.done("Series", code, clock.nanoTime() - startNanos);
    }
  }

  /** WARN: the failure becomes a warning frame and the call ends well; ABORT: the call fails. */
  private String finishAfterStoreFailure(StoreException e) {
    logger
        .atWarn()
        .addKeyValue("store", store.name())
        .addKeyValue("partial_response", request.partialResponse())
        .addKeyValue("err", e.getMessage())
        .log("series call failed in the store");
    if (!request.partialResponse()) {
      fail(Status.ABORTED.withDescription(e.getMessage()));
      return "Aborted";
    }
    try {
      flush();
      send(RpcPb.SeriesResponse.newBuilder().setWarning(String.valueOf(e.getMessage())).build());
      out.onCompleted();
      return "OK";
    } catch (CancelledException c) {
      return "Canceled";
    } catch (RuntimeException r) {
      return "Unknown";
    }
  }

  private void fail(Status status) {
    try {
      out.onError(status.asRuntimeException());
    } catch (RuntimeException ignored) {
      // The call is already closed (cancelled); nothing can be told to the client.
    }
  }

  private void add(ChunkSeries s) {
    List<LabelPb.Label> labels = Wire.toPb(s.labels());
    int labelBytes = 0;
    for (LabelPb.Label l : labels) {
      labelBytes += l.getSerializedSize() + 2;
    }
    TypesPb.Series.Builder b = TypesPb.Series.newBuilder().addAllLabels(labels);
    int bytes = labelBytes;
    if (s instanceof SampleBoundsSeries bounds) {
      TypesPb.AggrChunk chunk = Wire.boundsChunk(bounds);
      b.addChunks(chunk);
      bytes += chunk.getSerializedSize() + 4;
    }
    for (ChunkMeta c : s.chunks()) {
      TypesPb.AggrChunk chunk = Wire.toPb(c);
      int size = chunk.getSerializedSize() + 4;
      if (b.getChunksCount() > 0 && bytes + size > maxFrameBytes) {
        flush();
        sendSeries(b.build());
        b = TypesPb.Series.newBuilder().addAllLabels(labels);
        bytes = labelBytes;
      }
      b.addChunks(chunk);
      bytes += size;
    }
    if (batchSize <= 1) {
      sendSeries(b.build());
      return;
    }
    if (pendingBytes + bytes > maxFrameBytes) {
      flush();
    }
    pending.add(b.build());
    pendingBytes += bytes;
    if (pending.size() >= batchSize) {
      flush();
    }
  }

  private void sendSeries(TypesPb.Series s) {
    metrics.seriesSent.inc();
    send(RpcPb.SeriesResponse.newBuilder().setSeries(s).build());
  }

  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    metrics.seriesSent.inc(pending.size());
    RpcPb.SeriesResponse frame =
        RpcPb.SeriesResponse.newBuilder()
            .setBatch(TypesPb.SeriesBatch.newBuilder().addAllSeries(pending))
            .build();
    pending.clear();
    pendingBytes = 0;
    send(frame);
  }

  /** Sends one frame once the transport can take it. */
  private void send(RpcPb.SeriesResponse frame) {
    lock.lock();
    try {
      while (!out.isReady() && !cancelled) {
        readyOrCancelled.await(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelled = true;
    } finally {
      lock.unlock();
    }
    if (cancelled) {
      throw new CancelledException();
    }
    out.onNext(frame);
    metrics.framesSent.inc();
    if (Thread.currentThread().isVirtual()) {
      // A virtual thread is never preempted: a stream that reads faster than its client would
      // keep its carrier until flow control stops it, and the server's other calls would wait.
      Thread.yield();
    }
  }
}
