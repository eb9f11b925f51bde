package io.argus.store.proxy;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import io.argus.store.ChunkSource;
import io.argus.store.SeriesRequest;
import io.argus.store.SeriesStore;
import io.argus.store.StoreException;
import io.argus.store.StoreSeriesSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The chunks of one endpoint's series, fetched on demand for a select whose first answer from that
 * endpoint held only sample bounds. The first call opens one chunk request (the select's request
 * without sample bounds) and every call reads that label-ordered stream forward to the series
 * asked for; series passed on the way are kept for later calls, so calls in any order cost one
 * stream. A failing stream fails the call under ABORT and becomes a warning naming the endpoint
 * (and empty answers from then on) under WARN. Thread-safe; {@link #close} ends the stream.
 */
final class ReplicaChunkFetcher implements ChunkSource, AutoCloseable {
  private final String address;
  private final SeriesStore store;
  private final SeriesRequest request;
  private final Map<Labels, List<ChunkMeta>> passed = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private @Nullable StoreSeriesSet stream;
  private @Nullable Labels pendingLabels;
  private @Nullable List<ChunkMeta> pendingChunks;
  private boolean exhausted;
  private boolean closed;

  /**
   * @param request the chunk request to send (sample bounds off)
   */
  ReplicaChunkFetcher(String address, SeriesStore store, SeriesRequest request) {
    this.address = address;
    this.store = store;
    this.request = request;
  }

  @Override
  public synchronized List<ChunkMeta> chunks(Labels labels) {
    List<ChunkMeta> known = passed.remove(labels);
    if (known != null) {
      return known;
    }
    if (closed || exhausted) {
      return List.of();
    }
    try {
      StoreSeriesSet s = stream;
      if (s == null) {
        s = store.series(request);
        stream = s;
      }
      while (true) {
        if (pendingLabels == null && !pull(s)) {
          return List.of();
        }
        Labels at = pendingLabels;
        int cmp = at.compareTo(labels);
        if (cmp > 0) {
          return List.of();
        }
        List<ChunkMeta> chunks = new ArrayList<>(pendingChunks);
        pendingLabels = null;
        pendingChunks = null;
        // One store may answer a series in several parts (e.g. from overlapping blocks).
        while (pull(s) && pendingLabels.equals(at)) {
          chunks.addAll(pendingChunks);
          pendingLabels = null;
          pendingChunks = null;
        }
        chunks.sort(Comparator.comparingLong(ChunkMeta::minTime));
        if (cmp == 0) {
          return chunks;
        }
        passed.put(at, chunks);
      }
    } catch (StoreException e) {
      if (!request.partialResponse()) {
        throw e;
      }
      warnings.add("fetch series from " + address + ": " + e.getMessage());
      exhausted = true;
      closeStream();
      return List.of();
    }
  }

  /** Reads the stream's next series into the pending fields; false at its end. */
  private boolean pull(StoreSeriesSet s) {
    if (pendingLabels != null) {
      return true;
    }
    if (exhausted) {
      return false;
    }
    if (!s.next()) {
      exhausted = true;
      warnings.addAll(s.warnings());
      closeStream();
      return false;
    }
    ChunkSeries c = s.at();
    pendingLabels = c.labels();
    pendingChunks = List.copyOf(c.chunks());
    return true;
  }

  /** The warnings of the fetch so far. */
  synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  private void closeStream() {
    StoreSeriesSet s = stream;
    if (s != null) {
      s.close();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    passed.clear();
    closeStream();
  }
}
