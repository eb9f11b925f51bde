package io.argus.store.query;

import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkSeries;
import io.argus.storage.Querier;
import io.argus.storage.Queryable;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.store.DeferredChunkSeries;
import io.argus.store.LabelRequest;
import io.argus.store.SeriesRequest;
import io.argus.store.SeriesStore;
import io.argus.store.StoreSeriesSet;
import io.argus.store.dedup.SeriesDeduplicator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Queryable} over a {@link SeriesStore} (normally the proxy over every endpoint). A select
 * becomes one {@code Series} request with the querier's range, the matchers, the PromQL hints and,
 * when deduplicating, the replica labels to strip; the returned chunks are decoded lazily and
 * trimmed to the range. With deduplication on, replicas (adjacent series with equal labels) are
 * merged by the configured {@link SeriesDeduplicator}; with it off, equal series from several
 * stores are merged sample by sample. Store warnings reach {@link SeriesSet#warnings()}, and those
 * of label calls the querier's {@link Querier#warnings()}; under ABORT a failing store fails the
 * select's {@code next()} or the label call. Label names and values leave out the replica labels
 * when deduplicating.
 *
 * <p>Immutable and thread-safe; {@link #withOptions} gives the queryable of one request.
 */
public final class StoreQueryable implements Queryable {
  private final SeriesStore store;
  private final SeriesDeduplicator deduplicator;
  private final StoreQueryOptions options;

  public StoreQueryable(
      SeriesStore store, SeriesDeduplicator deduplicator, StoreQueryOptions options) {
    this.store = store;
    this.deduplicator = deduplicator;
    this.options = options;
  }

  /** The options queries use unless a request overrides them. */
  public StoreQueryOptions options() {
    return options;
  }

  /** The same store and deduplicator with other options (those of one request). */
  public StoreQueryable withOptions(StoreQueryOptions requestOptions) {
    return new StoreQueryable(store, deduplicator, requestOptions);
  }

  @Override
  public Querier querier(long minTime, long maxTime) {
    return new StoreQuerier(minTime, maxTime);
  }

  private final class StoreQuerier implements Querier {
    private final long mint;
    private final long maxt;
    private final List<StoreSeriesSet> open = new ArrayList<>();
    private final List<String> labelWarnings = new ArrayList<>();

    StoreQuerier(long mint, long maxt) {
      this.mint = mint;
      this.maxt = maxt;
    }

    @Override
    public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
      boolean labelsOnly = "series".equals(hints.func());
      SeriesRequest request =
          new SeriesRequest(
              mint,
              maxt,
              Arrays.asList(matchers),
              options.strippedLabels(),
              labelsOnly,
              options.partialResponse(),
              hints,
              hints.limit(),
              options.deduplicating() && !labelsOnly && deduplicator.readsLaterReplicasOnDemand());
      StoreSeriesSet chunks = store.series(request);
      open.add(chunks);
      SeriesSet decoded = new DecodingSeriesSet(chunks, mint, maxt);
      return options.deduplicating()
          ? deduplicator.deduplicate(decoded, hints)
          : new AdjacentMergeSeriesSet(decoded);
    }

    private LabelRequest labelRequest(Matcher[] matchers) {
      return new LabelRequest(
          mint,
          maxt,
          Arrays.asList(matchers),
          options.strippedLabels(),
          options.partialResponse(),
          0);
    }

    @Override
    public List<String> labelValues(String name, Matcher... matchers) {
      return gather(store.labelValues(name, labelRequest(matchers)));
    }

    @Override
    public List<String> labelNames(Matcher... matchers) {
      return gather(store.labelNames(labelRequest(matchers)));
    }

    private List<String> gather(SeriesStore.LabelResult r) {
      for (String w : r.warnings()) {
        if (!labelWarnings.contains(w)) {
          labelWarnings.add(w);
        }
      }
      return r.values();
    }

    @Override
    public List<String> warnings() {
      return List.copyOf(labelWarnings);
    }

    @Override
    public void close() {
      for (StoreSeriesSet s : open) {
        s.close();
      }
      open.clear();
    }
  }

  /** The series of a store's chunk stream, decoded on iteration. */
  private static final class DecodingSeriesSet implements SeriesSet {
    private final StoreSeriesSet chunks;
    private final long mint;
    private final long maxt;
    private @Nullable Series current;

    DecodingSeriesSet(StoreSeriesSet chunks, long mint, long maxt) {
      this.chunks = chunks;
      this.mint = mint;
      this.maxt = maxt;
    }

    @Override
    public boolean next() {
      if (!chunks.next()) {
        current = null;
        return false;
      }
      ChunkSeries c = chunks.at();
      current =
          c instanceof DeferredChunkSeries d
              ? new DeferredSeries(d, mint, maxt)
              : new DecodedSeries(c.labels(), c.chunks(), mint, maxt);
      return true;
    }

    @Override
    public Series at() {
      Series s = current;
      if (s == null) {
        throw new NoSuchElementException("series set is not positioned on a series");
      }
      return s;
    }

    @Override
    public List<String> warnings() {
      return chunks.warnings();
    }
  }
}
