package io.argus.tsdb.head;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.Utf8Order;
import io.argus.tsdb.index.ChunkRef;
import io.argus.tsdb.index.IndexReader;
import io.argus.tsdb.index.Postings;
import io.argus.tsdb.index.PostingsAlgebra;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The head's series as an index: references are head series IDs, chunk references encode the
 * series ID and a per-series chunk ID (see {@link MemSeries#chunkRef}). Only chunks overlapping
 * {@code [mint, maxt]} are listed. Thread-safe. Holds back truncation of data at or after {@code
 * mint} until closed.
 */
final class HeadIndexReader implements IndexReader {
  private final Head head;
  private final long mint;
  private final long maxt;
  private final IsolationState readState;

  HeadIndexReader(Head head, long mint, long maxt) {
    this.head = head;
    this.mint = mint;
    this.maxt = maxt;
    this.readState = head.isolation.newReadState(mint);
  }

  /** Returns every label name and value of the head's series, sorted by UTF-8 bytes. */
  @Override
  public Iterator<String> symbols() {
    TreeSet<String> symbols = new TreeSet<>(Utf8Order.COMPARATOR);
    for (String name : head.postings.labelNames()) {
      symbols.add(name);
      symbols.addAll(head.postings.labelValues(name));
    }
    return symbols.iterator();
  }

  @Override
  public List<String> labelNames() {
    return head.postings.labelNames();
  }

  @Override
  public List<String> labelValues(String name) {
    return head.postings.labelValues(name);
  }

  @Override
  public Postings postings(String name, String... values) {
    if (values.length == 1) {
      return head.postings.get(name, values[0]);
    }
    List<Postings> lists = new ArrayList<>(values.length);
    for (String v : values) {
      lists.add(head.postings.get(name, v));
    }
    return PostingsAlgebra.merge(lists);
  }

  /** Returns the series of {@code p} that still exist, ordered by their labels. */
  @Override
  public Postings sortedPostings(Postings p) {
    List<MemSeries> found = new ArrayList<>();
    while (p.next()) {
      MemSeries s = head.series.getById(p.at());
      if (s != null) {
        found.add(s);
      }
    }
    MemSeries[] sorted = found.toArray(new MemSeries[0]);
    Arrays.sort(sorted, (a, b) -> a.labels.compareTo(b.labels));
    long[] refs = new long[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      refs[i] = sorted[i].id;
    }
    return new LabelOrderPostings(refs, refs.length);
  }

  @Override
  public boolean series(long ref, LabelsBuilder labels, List<ChunkRef> chunks) {
    MemSeries s = head.series.getById(ref);
    if (s == null) {
      return false;
    }
    labels.reset();
    Labels ls = s.labels;
    for (int i = 0; i < ls.size(); i++) {
      labels.set(ls.name(i), ls.value(i));
    }
    chunks.clear();
    synchronized (s) {
      s.chunkRefs(mint, maxt, chunks);
    }
    return true;
  }

  @Override
  public void close() {
    readState.close();
  }
}
