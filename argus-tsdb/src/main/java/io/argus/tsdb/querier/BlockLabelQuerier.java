package io.argus.tsdb.querier;

import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.Matcher;
import io.argus.model.labels.Utf8Order;
import io.argus.storage.LabelQuerier;
import io.argus.storage.SelectHints;
import io.argus.tsdb.BlockReader;
import io.argus.tsdb.chunks.ChunkReader;
import io.argus.tsdb.index.ChunkRef;
import io.argus.tsdb.index.IndexReader;
import io.argus.tsdb.index.Postings;
import io.argus.tsdb.index.PostingsForMatchers;
import io.argus.tsdb.tombstones.TombstoneReader;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What the sample and chunk queriers of a block share: the open index and chunk readers, the
 * tombstones, the closed query range, label lookups and closing.
 */
abstract class BlockLabelQuerier implements LabelQuerier {
  final IndexReader index;
  final ChunkReader chunks;
  final TombstoneReader tombstones;
  final long mint;
  final long maxt;
  private boolean closed;

  BlockLabelQuerier(BlockReader block, long mint, long maxt) {
    if (mint > maxt) {
      throw new IllegalArgumentException("query range [" + mint + ", " + maxt + "] is empty");
    }
    this.mint = mint;
    this.maxt = maxt;
    this.tombstones = block.tombstones();
    this.index = block.index();
    try {
      this.chunks = block.chunks();
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
  }

  /**
   * Returns the series matching all of {@code matchers}, sorted by labels if asked, with samples in
   * the querier's range narrowed to the hinted one.
   */
  final BlockSeriesCursor cursor(boolean sorted, SelectHints hints, Matcher... matchers) {
    requireOpen();
    long from = Math.max(mint, hints.start());
    long to = Math.min(maxt, hints.end());
    Postings p = from > to ? Postings.EMPTY : PostingsForMatchers.select(index, matchers);
    if (sorted) {
      p = index.sortedPostings(p);
    }
    return new BlockSeriesCursor(index, tombstones, p, from, to);
  }

  @Override
  public final List<String> labelValues(String name, Matcher... matchers) {
    requireOpen();
    if (matchers.length == 0) {
      return index.labelValues(name);
    }
    TreeSet<String> values = new TreeSet<>(Utf8Order.COMPARATOR);
    forEachMatching(
        matchers,
        b -> {
          String v = b.get(name);
          if (v != null) {
            values.add(v);
          }
        });
    return List.copyOf(values);
  }

  @Override
  public final List<String> labelNames(Matcher... matchers) {
    requireOpen();
    if (matchers.length == 0) {
      return index.labelNames();
    }
    TreeSet<String> names = new TreeSet<>(Utf8Order.COMPARATOR);
    forEachMatching(matchers, b -> b.build().forEach((n, v) -> names.add(n)));
    return List.copyOf(names);
  }

  private void forEachMatching(
      Matcher[] matchers, java.util.function.Consumer<LabelsBuilder> action) {
    Postings p = PostingsForMatchers.select(index, matchers);
    LabelsBuilder b = new LabelsBuilder();
    List<ChunkRef> scratch = new ArrayList<>();
    while (p.next()) {
      if (index.series(p.at(), b, scratch)) {
        action.accept(b);
      }
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("querier is closed");
    }
  }

  /** Closes the index and chunk readers; later calls do nothing. */
  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      index.close();
    } finally {
      chunks.close();
    }
  }
}
