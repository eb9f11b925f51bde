package io.argus.store.proxy;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import io.argus.store.DeferredChunkSeries;
import io.argus.store.SampleBoundsSeries;
import io.argus.store.SeriesRequest;
import io.argus.store.SeriesStore;
import io.argus.store.StoreException;
import io.argus.store.StoreSeriesSet;
import io.argus.util.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The merge of the {@code Series} streams of several endpoints, each read by its own virtual thread
 * into a bounded {@link HandOffQueue}. The merge is a heap over the streams' current series ordered
 * by (labels, stream index), so series with equal labels come out adjacent, in endpoint order.
 * Single-threaded on the consumer side; {@link #close} stops every producer.
 */
final class FanOutSeriesSet implements StoreSeriesSet {
  /** One endpoint's stream: its producer thread and the queue it fills. */
  static final class Stream {
    final String address;
    final SeriesStore store;
    final boolean strip;
    final HandOffQueue<Object> queue;

    /** This endpoint's own request, when it differs from the merge's (sample bounds asked). */
    final @Nullable SeriesRequest request;

    /** Fetches the chunks of series this endpoint answered by sample bounds. */
    final @Nullable ReplicaChunkFetcher fetcher;

    volatile @Nullable Thread producer;
    volatile boolean cancelled;

    Stream(String address, SeriesStore store, boolean strip, int capacity) {
      this(address, store, strip, capacity, null, null);
    }

    Stream(
        String address,
        SeriesStore store,
        boolean strip,
        int capacity,
        @Nullable SeriesRequest request,
        @Nullable ReplicaChunkFetcher fetcher) {
      this.address = address;
      this.store = store;
      this.strip = strip;
      this.queue = new HandOffQueue<>(capacity);
      this.request = request;
      this.fetcher = fetcher;
    }

    void cancel() {
      cancelled = true;
      Thread t = producer;
      if (t != null) {
        t.interrupt();
      }
    }
  }

  /** The end of a stream, with the warnings its store reported. */
  private record End(List<String> warnings) {}

  /** A stream that failed. */
  private record Failure(String message) {}

  /** A series copied out of the producer's set, so it stays valid on the consumer's side. */
  private record Copied(Labels labels, List<ChunkMeta> chunks) implements ChunkSeries {}

  private record Head(ChunkSeries series, int stream) {}

  private static final Comparator<Head> ORDER =
      Comparator.<Head, Labels>comparing(h -> h.series.labels()).thenComparingInt(h -> h.stream);

  private final List<Stream> streams;
  private final SeriesRequest request;
  private final Duration responseTimeout;
  private final List<String> warnings;
  private final PriorityQueue<Head> heap = new PriorityQueue<>(ORDER);
  private final boolean[] done;
  private @Nullable Head current;
  private boolean started;
  private boolean closed;

  private FanOutSeriesSet(
      SeriesRequest request,
      List<Stream> streams,
      List<String> warnings,
      Duration responseTimeout) {
    this.request = request;
    this.streams = List.copyOf(streams);
    this.warnings = new ArrayList<>(warnings);
    this.responseTimeout = responseTimeout;
    this.done = new boolean[streams.size()];
  }

  static FanOutSeriesSet start(
      SeriesRequest request,
      List<Stream> streams,
      List<String> warnings,
      Duration responseTimeout) {
    FanOutSeriesSet set = new FanOutSeriesSet(request, streams, warnings, responseTimeout);
    for (Stream s : streams) {
      SeriesRequest own = s.request != null ? s.request : request;
      s.producer =
          Thread.ofVirtual().name("proxy-series-" + s.address).start(() -> produce(s, own));
    }
    return set;
  }

  private static void produce(Stream s, SeriesRequest request) {
    try {
      if (s.cancelled) {
        return;
      }
      List<String> storeWarnings;
      try (StoreSeriesSet set = s.store.series(request)) {
        if (s.strip) {
          List<ChunkSeries> all = new ArrayList<>();
          while (set.next()) {
            ChunkSeries c = set.at();
            all.add(new Copied(c.labels(), List.copyOf(c.chunks())));
          }
          for (ChunkSeries c : ReplicaLabels.stripAndSort(all, request.withoutReplicaLabels())) {
            s.queue.put(c);
          }
        } else {
          ReplicaChunkFetcher fetcher = s.fetcher;
          while (set.next()) {
            ChunkSeries c = set.at();
            if (c instanceof SampleBoundsSeries b && fetcher != null) {
              s.queue.put(new DeferredChunkSeries(b, fetcher));
            } else {
              s.queue.put(new Copied(c.labels(), List.copyOf(c.chunks())));
            }
          }
        }
        storeWarnings = set.warnings();
      }
      s.queue.putLast(new End(storeWarnings));
    } catch (InterruptedException e) {
      // cancelled by the consumer
    } catch (RuntimeException e) {
      if (!s.cancelled) {
        s.queue.putLast(new Failure(String.valueOf(e.getMessage())));
      }
    }
  }

  /** Takes the next item of stream {@code i} and pushes its series onto the heap, if any. */
  private void advance(int i) {
    Stream s = streams.get(i);
    Object item;
    try {
      item =
          responseTimeout.isZero()
              ? s.queue.take()
              : s.queue.poll(responseTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new StoreException("interrupted while receiving series from " + s.address, e);
    }
    switch (item) {
      case null -> {
        s.cancel();
        done[i] = true;
        fail(
            "failed to receive any data in "
                + GoDuration.format(responseTimeout.toMillis())
                + " from "
                + s.address);
      }
      case End end -> {
        done[i] = true;
        warnings.addAll(end.warnings());
      }
      case Failure f -> {
        done[i] = true;
        fail("receive series from " + s.address + ": " + f.message());
      }
      case ChunkSeries c -> heap.add(new Head(c, i));
      default -> throw new IllegalStateException("unexpected stream item " + item);
    }
  }

  private void fail(String message) {
    if (!request.partialResponse()) {
      close();
      throw new StoreException(message);
    }
    warnings.add(message);
  }

  @Override
  public boolean next() {
    if (closed) {
      return false;
    }
    if (!started) {
      started = true;
      for (int i = 0; i < streams.size(); i++) {
        advance(i);
      }
    } else if (current != null) {
      advance(current.stream);
    }
    current = heap.poll();
    return current != null;
  }

  @Override
  public ChunkSeries at() {
    Head h = current;
    if (h == null) {
      throw new NoSuchElementException("series set is not positioned on a series");
    }
    return h.series;
  }

  /** The warnings so far, including those of fetches of chunks answered first by sample bounds. */
  @Override
  public List<String> warnings() {
    List<String> all = new ArrayList<>(warnings);
    for (Stream s : streams) {
      ReplicaChunkFetcher f = s.fetcher;
      if (f != null) {
        all.addAll(f.warnings());
      }
    }
    return List.copyOf(all);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    current = null;
    heap.clear();
    for (int i = 0; i < streams.size(); i++) {
      if (!done[i]) {
        streams.get(i).cancel();
      }
      ReplicaChunkFetcher f = streams.get(i).fetcher;
      if (f != null) {
        f.close();
      }
    }
  }
}
