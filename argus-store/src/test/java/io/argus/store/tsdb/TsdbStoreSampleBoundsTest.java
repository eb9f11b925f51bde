package io.argus.store.tsdb;

import static io.argus.store.SeriesStoreContract.readBounds;
import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Appender;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.ChunkAppender;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.store.SampleBoundsSeries;
import io.argus.store.SeriesRequest;
import io.argus.store.StoreSeriesSet;
import io.argus.testkit.ManualClock;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The sample-bounds answer of {@link TsdbStore} against its chunk answer: for random series in a
 * real TSDB (head only, or blocks and head after compaction, with and without deleted ranges) and
 * random request ranges (cutting chunks, inside gaps, single points, outside the data, inverted),
 * the bounds answer is the chunk answer's series with samples in the range, with the first and last
 * of them, in the same order with the same labels; and {@link SampleBounds} alone against brute
 * force on chunks whose metadata only contains their samples.
 */
class TsdbStoreSampleBoundsTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long HOUR = 3_600_000;
  private static final Labels EXTERNAL = Labels.of("cluster", "eu", "replica", "a");
  private static final Matcher ALL = Matcher.regex("__name__", ".+");

  @Property(tries = 30)
  void series_sampleBoundsAreTheFirstAndLastSamplesOfTheChunkAnswer(@ForAll long seed)
      throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    Path dir = Files.createTempDirectory("argus-bounds");
    try {
      List<long[]> times = new ArrayList<>();
      int seriesCount = 1 + r.nextInt(4);
      for (int s = 0; s < seriesCount; s++) {
        times.add(sampleTimes(r));
      }
      long last =
          times.stream().mapToLong(t -> t.length == 0 ? T0 : t[t.length - 1]).max().orElse(T0);
      try (Db db =
          Db.open(
              dir,
              DbOptions.builder().compactionIntervalMs(0).retentionMs(0).build(),
              FileOps.defaults(),
              new ManualClock(last),
              new PrometheusRegistry())) {
        Appender app = db.appender();
        for (int s = 0; s < seriesCount; s++) {
          Labels labels = labels(s);
          long ref = 0;
          for (int i = 0; i < times.get(s).length; i++) {
            ref = app.append(ref, labels, times.get(s)[i], i);
          }
        }
        app.commit();
        if (r.nextInt(3) != 0) {
          db.compact();
        }
        for (int s = 0; s < seriesCount; s++) {
          if (r.nextInt(3) == 0) {
            long from = T0 + r.nextLong(5 * HOUR);
            db.delete(from, from + r.nextLong(20 * 60_000), Matcher.equal("i", "" + s));
          }
        }
        TsdbStore store = TsdbStore.over(db, () -> EXTERNAL);

        for (int q = 0; q < 15; q++) {
          long[] range = range(r, times);
          List<String> without = r.nextBoolean() ? List.of() : List.of("replica");
          long limit = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
          SeriesRequest chunks =
              new SeriesRequest(
                  range[0], range[1], List.of(ALL), without, false, true, SelectHints.NONE, 0);
          List<SampleBoundsSeries> expected = boundsOfChunkAnswer(store, chunks);
          if (limit > 0 && expected.size() > limit) {
            expected = expected.subList(0, (int) limit);
          }

          List<SampleBoundsSeries> got =
              readBounds(
                  store,
                  new SeriesRequest(
                      range[0],
                      range[1],
                      List.of(ALL),
                      without,
                      false,
                      true,
                      SelectHints.NONE,
                      limit,
                      true));

          assertThat(got)
              .as("range [%d, %d] without %s limit %d", range[0], range[1], without, limit)
              .isEqualTo(expected);
        }
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  @Property(tries = 500)
  void of_isTheFirstAndLastSampleInRangeOfAnyChunks(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<ChunkMeta> chunks = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    int n = r.nextInt(6);
    for (int c = 0; c < n; c++) {
      // Chunks may overlap (as from a store that does not merge) and be empty; their metadata
      // range contains their samples and may be wider.
      XorChunk chunk = new XorChunk();
      ChunkAppender app = chunk.appender();
      long t = r.nextLong(1_000);
      int samples = r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(20);
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int i = 0; i < samples; i++) {
        t += 1 + r.nextInt(40);
        app.append(t, i);
        all.add(t);
        min = Math.min(min, t);
        max = Math.max(max, t);
      }
      if (samples == 0) {
        min = r.nextLong(1_000);
        max = min + r.nextInt(100);
      }
      long metaMin = min - (r.nextBoolean() ? 0 : r.nextInt(30));
      long metaMax = max + (r.nextBoolean() ? 0 : r.nextInt(30));
      chunks.add(new ChunkMeta(0, metaMin, metaMax, chunk));
    }
    chunks.sort(Comparator.comparingLong(ChunkMeta::minTime));
    long mint = r.nextLong(-10, 1_300);
    long maxt = mint + r.nextLong(-5, 600);
    List<Long> in = all.stream().filter(t -> t >= mint && t <= maxt).sorted().toList();

    SampleBoundsSeries got = new SampleBounds().of(Labels.of("a", "b"), chunks, mint, maxt);

    if (in.isEmpty()) {
      assertThat(got).isNull();
    } else {
      assertThat(got)
          .isEqualTo(new SampleBoundsSeries(Labels.of("a", "b"), in.getFirst(), in.getLast()));
    }
  }

  private static Labels labels(int s) {
    return s % 2 == 0
        ? Labels.of("__name__", "s", "i", "" + s)
        : Labels.of("__name__", "s", "i", "" + (s - 1), "replica", "r" + s);
  }

  /** Increasing sample times over up to some hours, mostly 1-30 s apart, with some long gaps. */
  private static long[] sampleTimes(SplittableRandom r) {
    int n = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(700);
    long[] out = new long[n];
    long t = T0 + r.nextLong(HOUR);
    for (int i = 0; i < n; i++) {
      out[i] = t;
      t += r.nextInt(30) == 0 ? 600_000 + r.nextLong(2 * HOUR) : 1 + r.nextInt(30_000);
    }
    return out;
  }

  /** A request range: around sample times (cutting chunks, in gaps, points) or anywhere. */
  private static long[] range(SplittableRandom r, List<long[]> times) {
    long[] some = times.get(r.nextInt(times.size()));
    long a;
    long b;
    if (some.length == 0 || r.nextInt(5) == 0) {
      a = T0 - HOUR + r.nextLong(8 * HOUR);
      b = a + r.nextLong(-1_000, 3 * HOUR);
    } else {
      int i = r.nextInt(some.length);
      int j = Math.min(some.length - 1, i + r.nextInt(r.nextBoolean() ? 3 : 400));
      a = some[i] + r.nextInt(3) - 1;
      b = some[j] + r.nextInt(3) - 1;
      if (r.nextInt(6) == 0 && i + 1 < some.length) {
        a = some[i] + 1; // inside the gap to the next sample
        b = some[i + 1] - 1;
      }
    }
    return new long[] {a, b};
  }

  private static List<SampleBoundsSeries> boundsOfChunkAnswer(
      TsdbStore store, SeriesRequest request) {
    List<SampleBoundsSeries> out = new ArrayList<>();
    try (StoreSeriesSet set = store.series(request)) {
      while (set.next()) {
        ChunkSeries s = set.at();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ChunkMeta c : s.chunks()) {
          SampleIterator it = c.chunk().iterator(null);
          while (it.next() != ValueType.NONE) {
            long t = it.atT();
            if (t >= request.minTime() && t <= request.maxTime()) {
              first = Math.min(first, t);
              last = Math.max(last, t);
            }
          }
        }
        if (first != Long.MAX_VALUE) {
          out.add(new SampleBoundsSeries(s.labels(), first, last));
        }
      }
    }
    return out;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
