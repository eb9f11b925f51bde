package io.argus.store.query;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import io.argus.storage.SampleIterator;
import io.argus.storage.Series;
import io.argus.store.DeferredChunkSeries;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A replica's series answered by its sample bounds: its iterators know the first and last sample
 * times and fetch the chunks (once per series, shared by its iterators) only when read further.
 * Thread-safe; its iterators are single-threaded.
 */
final class DeferredSeries implements Series {
  private final DeferredChunkSeries deferred;
  private final long mint;
  private final long maxt;
  private @Nullable DecodedSeries fetched;

  DeferredSeries(DeferredChunkSeries deferred, long mint, long maxt) {
    this.deferred = deferred;
    this.mint = mint;
    this.maxt = maxt;
  }

  @Override
  public Labels labels() {
    return deferred.labels();
  }

  @Override
  public SampleIterator iterator(@Nullable SampleIterator reuse) {
    return new DeferredReplicaIterator(
        deferred.bounds().firstTime(),
        deferred.bounds().lastTime(),
        () -> decoded().iterator(null));
  }

  private synchronized DecodedSeries decoded() {
    DecodedSeries d = fetched;
    if (d == null) {
      List<ChunkMeta> chunks = deferred.source().chunks(deferred.labels());
      d = new DecodedSeries(deferred.labels(), chunks, mint, maxt);
      fetched = d;
    }
    return d;
  }
}
