package io.argus.store.grpc;

import io.argus.storage.ChunkSeries;
import io.argus.store.StoreException;
import io.argus.store.StoreSeriesSet;
import io.argus.store.grpc.pb.RpcPb;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * The reader's side of one {@code Series} call. Frames arrive on gRPC's threads into an inbox; one
 * more frame is requested from the transport each time the reader takes one, so at most the initial
 * request count is ever buffered. Consecutive frames with equal labels whose chunks follow on from
 * each other are one series split by the store and are joined; equal labels with overlapping chunks
 * stay separate series (replicas). In the answer to a {@link
 * io.argus.store.SeriesRequest#sampleBounds() sample-bounds} request, series sent as bounds are
 * returned as {@link io.argus.store.SampleBoundsSeries} and never joined with anything.
 * Single-threaded, as {@link StoreSeriesSet}.
 */
final class RemoteSeriesSet implements StoreSeriesSet {
  private final String address;
  private final ClientCall<RpcPb.SeriesRequest, SeriesFrameParser.SeriesFrame> call;
  private final boolean partial;
  private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final ArrayDeque<ChunkSeries> decoded = new ArrayDeque<>();
  private final List<String> warnings = new ArrayList<>();
  private int skippedChunks;
  private @Nullable ChunkSeries lookahead;
  private @Nullable ChunkSeries current;
  private boolean finished;
  private boolean closed;

  RemoteSeriesSet(
      String address,
      ClientCall<RpcPb.SeriesRequest, SeriesFrameParser.SeriesFrame> call,
      boolean partial) {
    this.address = address;
    this.call = call;
    this.partial = partial;
  }

  void start(RpcPb.SeriesRequest request, int bufferedFrames) {
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(SeriesFrameParser.SeriesFrame message) {
            inbox.add(message);
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            inbox.add(status);
          }
        },
        new Metadata());
    call.sendMessage(request);
    call.halfClose();
    call.request(bufferedFrames);
  }

  @Override
  public boolean next() {
    current = null;
    if (closed) {
      return false;
    }
    ChunkSeries s = lookahead != null ? lookahead : pull();
    lookahead = null;
    if (s == null) {
      return false;
    }
    if (s instanceof Wire.DecodedSeries joined) {
      while (true) {
        ChunkSeries n = pull();
        if (n instanceof Wire.DecodedSeries d && joined.continuedBy(d)) {
          joined = joined.concat(d);
          continue;
        }
        lookahead = n;
        break;
      }
      s = joined;
    }
    current = s;
    return true;
  }

  /** The next series received, or null at the end of the stream. */
  private @Nullable ChunkSeries pull() {
    while (decoded.isEmpty()) {
      if (finished) {
        return null;
      }
      Object o = take();
      if (o instanceof SeriesFrameParser.SeriesFrame frame) {
        call.request(1);
        decoded.addAll(frame.series());
        skippedChunks += frame.skippedChunks();
        String warning = frame.warning();
        if (warning != null) {
          warnings.add(warning);
        }
        String invalid = frame.invalid();
        if (invalid != null) {
          call.cancel("invalid series frame", new IllegalArgumentException(invalid));
          finished = true;
          fail(Status.INTERNAL.withDescription("invalid series frame: " + invalid));
        }
      } else {
        finished = true;
        if (skippedChunks > 0) {
          warnings.add(
              "store "
                  + address
                  + ": left out "
                  + skippedChunks
                  + " chunks that are not raw float chunks (native histograms or downsampled"
                  + " aggregates are not supported)");
        }
        Status status = (Status) o;
        if (!status.isOk()) {
          fail(status);
        }
      }
    }
    return decoded.poll();
  }

  private Object take() {
    try {
      return inbox.take();
    } catch (InterruptedException e) {
      call.cancel("reader interrupted", null);
      finished = true;
      Thread.currentThread().interrupt();
      throw new StoreException("receive series from " + address + ": interrupted", e);
    }
  }

  private void fail(Status status) {
    String message = "receive series from " + address + ": " + GrpcStoreClient.describe(status);
    if (!partial) {
      throw new StoreException(message, status.asRuntimeException());
    }
    warnings.add(message);
  }

  @Override
  public ChunkSeries at() {
    return Objects.requireNonNull(current, "series set is not positioned on a series");
  }

  @Override
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** Cancels the call if it is still running. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!finished) {
      finished = true;
      call.cancel("series set closed by the reader", null);
    }
    decoded.clear();
    inbox.clear();
    lookahead = null;
    current = null;
  }
}
