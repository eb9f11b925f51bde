package io.argus.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.storage.DuplicateSampleException;
import io.argus.storage.OutOfBoundsException;
import io.argus.storage.OutOfOrderSampleException;
import io.argus.storage.chunkenc.Chunk;
import io.argus.tsdb.chunks.ChunkReader;
import io.argus.tsdb.head.HeadReads.Sample;
import io.argus.tsdb.index.ChunkRef;
import io.argus.tsdb.index.IndexReader;
import io.argus.tsdb.index.Postings;
import io.argus.tsdb.tombstones.Interval;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.Matcher;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadTest {
  private static final long HOUR = 3_600_000L;
  private static final Labels A = Labels.of("__name__", "up", "job", "a");
  private static final Labels B = Labels.of("__name__", "up", "job", "b");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Head head = new Head(HeadOptions.DEFAULTS, new ManualClock(0), null, registry);

  private void appendCommitted(Labels ls, long t, double v) {
    Appender app = head.appender();
    app.append(0, ls, t, v);
    app.commit();
  }

  @Test
  void commit_samplesOfSeveralSeries_roundTripThroughReaders() {
    Appender app = head.appender();
    long refA = app.append(0, A, 1000, 1.5);
    long refB = app.append(0, B, 1000, -2);
    app.append(refA, A, 2000, 2.5);
    app.append(refB, B, 3000, 7);
    app.commit();

    Map<Labels, List<Sample>> got = HeadReads.samples(head);

    assertThat(got)
        .containsExactly(
            Map.entry(A, List.of(Sample.of(1000, 1.5), Sample.of(2000, 2.5))),
            Map.entry(B, List.of(Sample.of(1000, -2), Sample.of(3000, 7))));
    assertThat(refA).isPositive().isNotEqualTo(refB);
    assertThat(head.numSeries()).isEqualTo(2);
    assertThat(head.minTime()).isEqualTo(1000);
    assertThat(head.maxTime()).isEqualTo(3000);
  }

  @Test
  void append_beforeCommit_notVisible() {
    Appender app = head.appender();
    app.append(0, A, 1000, 1);

    assertThat(HeadReads.samples(head)).allSatisfy((ls, s) -> assertThat(s).isEmpty());
    assertThat(head.minTime()).isEqualTo(Long.MAX_VALUE);
    app.commit();
    assertThat(HeadReads.samples(head)).containsEntry(A, List.of(Sample.of(1000, 1)));
  }

  @Test
  void rollback_discardsBatch() {
    appendCommitted(A, 1000, 1);
    Appender app = head.appender();
    app.append(0, A, 2000, 2);
    app.append(0, B, 2000, 2);
    app.rollback();

    assertThat(HeadReads.samples(head))
        .containsEntry(A, List.of(Sample.of(1000, 1)))
        .containsEntry(B, List.of());
    assertThat(head.maxTime()).isEqualTo(1000);
    assertThatThrownBy(app::commit).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void append_staleNaN_rawBitsPreserved() {
    double stale = Double.longBitsToDouble(0x7ff0000000000002L);
    appendCommitted(A, 1000, 1);
    appendCommitted(A, 2000, stale);

    List<Sample> got = HeadReads.samples(head).get(A);

    assertThat(got).extracting(Sample::valueBits).containsExactly(
        Double.doubleToRawLongBits(1), 0x7ff0000000000002L);
  }

  @Test
  void append_olderThanNewest_outOfOrder() {
    appendCommitted(A, 2000, 1);
    Appender app = head.appender();

    assertThatThrownBy(() -> app.append(0, A, 1999, 1))
        .isSameAs(OutOfOrderSampleException.INSTANCE)
        .hasMessage("out of order sample");
    app.append(0, B, 1999, 1);
    app.commit();
    assertThat(HeadReads.samples(head).get(B)).containsExactly(Sample.of(1999, 1));
  }

  @Test
  void append_sameTimestampOtherValue_duplicate() {
    appendCommitted(A, 2000, 1);
    Appender app = head.appender();

    assertThatThrownBy(() -> app.append(0, A, 2000, 1.0001))
        .isSameAs(DuplicateSampleException.INSTANCE)
        .hasMessage("duplicate sample for timestamp");
  }

  @Test
  void append_sameTimestampSameValue_silentlyAccepted() {
    appendCommitted(A, 2000, 1);
    Appender app = head.appender();

    long ref = app.append(0, A, 2000, 1);
    app.commit();

    assertThat(ref).isPositive();
    assertThat(HeadReads.samples(head).get(A)).containsExactly(Sample.of(2000, 1));
  }

  @Test
  void append_belowMinValidTime_outOfBounds() throws InterruptedException {
    appendCommitted(A, 1000, 1);
    head.truncate(5000);
    Appender app = head.appender();

    assertThatThrownBy(() -> app.append(0, B, 4999, 1))
        .isSameAs(OutOfBoundsException.INSTANCE)
        .hasMessage("out of bounds");
    app.append(0, B, 5000, 1);
    app.commit();
    assertThat(head.minValidTime()).isEqualTo(5000);
  }

  @Test
  void append_olderThanHalfChunkRangeBehindMax_outOfBounds() {
    appendCommitted(A, 10 * HOUR, 1);

    Appender app = head.appender();

    assertThatThrownBy(() -> app.append(0, B, 9 * HOUR - 1, 1))
        .isSameAs(OutOfBoundsException.INSTANCE);
    app.append(0, B, 9 * HOUR, 1);
    app.commit();
  }

  @Test
  void commit_outOfOrderWithinBatch_droppedAndCounted() {
    Appender app = head.appender();
    app.append(0, A, 2000, 2);
    app.append(0, A, 1000, 1);
    app.commit();

    assertThat(HeadReads.samples(head).get(A)).containsExactly(Sample.of(2000, 2));
    assertThat(counter("prometheus_tsdb_out_of_order_samples")).isEqualTo(1);
    assertThat(counter("prometheus_tsdb_head_samples_appended")).isEqualTo(1);
  }

  @Test
  void append_regular15sInterval_cuts120SampleChunksWithinRanges() {
    long start = 5 * HOUR + 123_000; // not aligned to a chunk range
    for (long t = start; t < start + 8 * HOUR; t += 15_000) {
      appendCommitted(A, t, t / 1000.0);
    }

    List<ChunkRef> refs = HeadReads.chunkRefs(head, A);
    List<Chunk> chunks = HeadReads.chunks(head, A);

    assertThat(refs).allSatisfy(r -> assertThat(r.minTime() / (2 * HOUR))
        .isEqualTo(r.maxTime() / (2 * HOUR)));
    // Chunks that start on a range boundary and end before the next one hold 120 samples.
    for (int i = 0; i < refs.size() - 1; i++) {
      ChunkRef r = refs.get(i);
      if (r.minTime() % (2 * HOUR) == 0) {
        assertThat(chunks.get(i).numSamples()).isEqualTo(120);
      }
    }
    assertThat(chunks.stream().mapToInt(Chunk::numSamples).sum()).isEqualTo(8 * 240);
    assertThat(head.numChunks()).isEqualTo(refs.size());
  }

  @Test
  void append_randomValues_cutsChunksAbove1005Bytes() {
    Random random = new Random(42);
    long t = 0;
    for (int i = 0; i < 2000; i++) {
      t += 1000 + random.nextInt(1000);
      appendCommitted(A, t, Double.longBitsToDouble(random.nextLong()));
    }

    List<Chunk> chunks = HeadReads.chunks(head, A);

    assertThat(chunks).hasSizeGreaterThan(5);
    for (Chunk c : chunks.subList(0, chunks.size() - 1)) {
      assertThat(c.byteLength()).isBetween(1006, 1024);
      assertThat(c.numSamples()).isLessThan(120);
    }
  }

  @Test
  void append_rateIncreasesAfterPrediction_cutsAt240Samples() {
    long t = 0;
    for (int i = 0; i < 30; i++, t += 60_000) {
      appendCommitted(A, t, 1);
    }
    for (int i = 0; i < 1000; i++, t += 10) {
      appendCommitted(A, t, 1);
    }

    List<Chunk> chunks = HeadReads.chunks(head, A);

    assertThat(chunks.get(0).numSamples()).isEqualTo(240);
    // The next chunk predicts its end from the new rate again.
    assertThat(chunks.get(1).numSamples()).isBetween(110, 125);
  }

  @Test
  void chunkReader_openedBeforeCommit_doesNotSeeLaterBatch() {
    appendCommitted(A, 1000, 1);
    List<ChunkRef> refs = HeadReads.chunkRefs(head, A);
    try (ChunkReader reader = head.chunks()) {
      appendCommitted(A, 2000, 2);

      Chunk seen = reader.chunk(refs.get(0).ref());

      assertThat(seen.numSamples()).isEqualTo(1);
    }
    assertThat(HeadReads.samples(head).get(A)).hasSize(2);
  }

  @Test
  void sortedPostings_ordersByLabels() {
    Labels c = Labels.of("__name__", "a");
    appendCommitted(B, 1, 1);
    appendCommitted(A, 1, 1);
    appendCommitted(c, 1, 1);

    List<Labels> order = new ArrayList<>();
    try (IndexReader index = head.index()) {
      Postings p = index.sortedPostings(index.allPostings());
      LabelsBuilder lb = new LabelsBuilder();
      List<ChunkRef> refs = new ArrayList<>();
      while (p.next()) {
        index.series(p.at(), lb, refs);
        order.add(lb.build());
      }
      assertThat(index.labelNames()).containsExactly("__name__", "job");
      assertThat(index.labelValues("job")).containsExactly("a", "b");
      assertThat(index.labelValues("__name__")).containsExactly("a", "up");
      assertThat(index.postings("job", "b", "a")).satisfies(q -> {
        assertThat(q.next()).isTrue();
        assertThat(q.next()).isTrue();
        assertThat(q.next()).isFalse();
      });
    }
    assertThat(order).containsExactly(c, A, B);
  }

  @Test
  void rangeHead_listsOnlyOverlappingChunks() {
    for (long t = 0; t < 6 * HOUR; t += 60_000) {
      appendCommitted(A, t, 1);
    }
    RangeHead range = new RangeHead(head, 2 * HOUR, 4 * HOUR - 1);

    List<ChunkRef> refs = HeadReads.chunkRefs(range, A);

    assertThat(refs)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.overlaps(2 * HOUR, 4 * HOUR - 1)).isTrue());
    assertThat(refs.getFirst().minTime()).isEqualTo(2 * HOUR);
    assertThat(refs.getLast().maxTime()).isEqualTo(4 * HOUR - 60_000);
    assertThat(range.minTime()).isEqualTo(2 * HOUR);
    assertThat(range.maxTime()).isEqualTo(4 * HOUR - 1);
  }

  @Test
  void truncate_dropsOldChunksAndEmptySeries() throws InterruptedException {
    appendCommitted(B, 1000, 1);
    for (long t = 0; t < 5 * HOUR; t += 60_000) {
      appendCommitted(A, t, 1);
    }
    assertThat(head.compactable()).isTrue();

    head.truncate(2 * HOUR);

    Map<Labels, List<Sample>> got = HeadReads.samples(head);
    assertThat(got).containsOnlyKeys(A);
    assertThat(got.get(A).getFirst().t()).isEqualTo(2 * HOUR);
    assertThat(head.numSeries()).isEqualTo(1);
    assertThat(head.minTime()).isEqualTo(2 * HOUR);
    assertThat(head.compactable()).isFalse();
    assertThat(counter("prometheus_tsdb_head_series_removed")).isEqualTo(1);
    assertThat(gauge("prometheus_tsdb_head_chunks")).isEqualTo(head.numChunks());
    try (IndexReader index = head.index()) {
      assertThat(index.labelValues("job")).containsExactly("a");
    }
  }

  @Test
  void truncate_keepsSeriesWithPendingAppends() throws InterruptedException {
    appendCommitted(A, 1000, 1);
    Appender app = head.appender();
    long ref = app.append(0, A, 3 * HOUR, 2);

    head.truncate(2 * HOUR);
    app.append(ref, A, 3 * HOUR + 1, 3);
    app.commit();

    assertThat(HeadReads.samples(head).get(A))
        .containsExactly(Sample.of(3 * HOUR, 2), Sample.of(3 * HOUR + 1, 3));
  }

  @Test
  void delete_matchingSeries_recordsClampedTombstones() {
    long refB = 0;
    for (long t = 1000; t <= 5000; t += 1000) {
      Appender app = head.appender();
      app.append(0, A, t, t);
      refB = app.append(0, B, t, t);
      app.commit();
    }

    head.delete(4000, 100_000, Matcher.equal("job", "b"));
    head.delete(0, 100_000, Matcher.equal("job", "none"));

    assertThat(head.tombstones().total()).isEqualTo(1);
    assertThat(head.tombstones().get(refB)).containsExactly(new Interval(4000, 5000));
  }

  @Test
  void metrics_reportHeadState() {
    Appender app = head.appender();
    app.append(0, A, 1000, 1);
    app.append(0, B, 2000, 1);
    app.commit();
    assertThatThrownBy(() -> head.appender().append(0, A, 500, 1));

    assertThat(gauge("prometheus_tsdb_head_series")).isEqualTo(2);
    assertThat(gauge("prometheus_tsdb_head_chunks")).isEqualTo(2);
    assertThat(gauge("prometheus_tsdb_head_min_time")).isEqualTo(1000);
    assertThat(gauge("prometheus_tsdb_head_max_time")).isEqualTo(2000);
    assertThat(counter("prometheus_tsdb_head_samples_appended")).isEqualTo(2);
    assertThat(counter("prometheus_tsdb_head_series_creations")).isEqualTo(2);
    assertThat(counter("prometheus_tsdb_out_of_order_samples")).isEqualTo(1);
    assertThat(counter("prometheus_tsdb_out_of_bound_samples")).isEqualTo(0);
  }

  @Test
  void estimateMemoryBytes_growsWithSeries() {
    long empty = head.estimateMemoryBytes();
    for (int i = 0; i < 100; i++) {
      appendCommitted(Labels.of("__name__", "m", "i", Integer.toString(i)), 1000, i);
    }

    assertThat(head.estimateMemoryBytes()).isGreaterThan(empty + 100 * 100);
  }

  private double counter(String name) {
    MetricSnapshot s = snapshot(name);
    return ((CounterSnapshot) s).getDataPoints().getFirst().getValue();
  }

  private double gauge(String name) {
    MetricSnapshot s = snapshot(name);
    return ((GaugeSnapshot) s).getDataPoints().getFirst().getValue();
  }

  private MetricSnapshot snapshot(String name) {
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getPrometheusName().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no metric " + name);
  }
}
