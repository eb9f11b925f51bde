package io.argus.tsdb.querier;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Utf8Order;
import io.argus.storage.SampleIterator;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.ChunkAppender;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.tsdb.block.BlockMeta;
import io.argus.tsdb.block.BlockMetas;
import io.argus.tsdb.block.Ulid;
import io.argus.tsdb.chunks.ChunkWriter;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.index.ChunkRef;
import io.argus.tsdb.index.IndexWriter;
import io.argus.tsdb.tombstones.MemTombstones;
import io.argus.tsdb.tombstones.TombstonesFile;
import io.argus.util.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Writes small blocks for tests with the real index and chunk writers, and oracles for them. */
final class TestBlocks {
  private TestBlocks() {}

  /**
   * Writes a block holding {@code data} into a new ULID-named directory under {@code parent},
   * cutting chunks every {@code samplesPerChunk} samples, and returns the block directory.
   */
  static Path write(
      Path parent, SortedMap<Labels, TreeMap<Long, Double>> data, int samplesPerChunk, long seed)
      throws IOException {
    FileOps ops = FileOps.defaults();
    long mint = Long.MAX_VALUE;
    long maxt = Long.MIN_VALUE;
    for (TreeMap<Long, Double> s : data.values()) {
      if (!s.isEmpty()) {
        mint = Math.min(mint, s.firstKey());
        maxt = Math.max(maxt, s.lastKey());
      }
    }
    Clock clock =
        new Clock() {
          @Override
          public long millis() {
            return 1_700_000_000_000L;
          }

          @Override
          public long nanoTime() {
            return 0;
          }
        };
    Ulid ulid = Ulid.generate(clock, new Random(seed));
    Path dir = parent.resolve(ulid.toString());
    ops.createDirectories(dir);
    Map<Labels, List<ChunkRef>> refs = new LinkedHashMap<>();
    long numSamples = 0;
    long numChunks = 0;
    try (ChunkWriter cw = new ChunkWriter(ops, dir)) {
      for (Map.Entry<Labels, TreeMap<Long, Double>> e : data.entrySet()) {
        List<ChunkRef> chunkRefs = new ArrayList<>();
        XorChunk chunk = null;
        ChunkAppender app = null;
        long first = 0;
        long last = 0;
        int n = 0;
        for (Map.Entry<Long, Double> sample : e.getValue().entrySet()) {
          if (chunk == null || n == samplesPerChunk) {
            if (chunk != null) {
              chunkRefs.add(new ChunkRef(cw.write(chunk), first, last));
              numChunks++;
            }
            chunk = new XorChunk();
            app = chunk.appender();
            first = sample.getKey();
            n = 0;
          }
          app.append(sample.getKey(), sample.getValue());
          last = sample.getKey();
          n++;
          numSamples++;
        }
        if (chunk != null) {
          chunkRefs.add(new ChunkRef(cw.write(chunk), first, last));
          numChunks++;
        }
        refs.put(e.getKey(), chunkRefs);
      }
    }
    TreeSet<String> symbols = new TreeSet<>(Utf8Order.COMPARATOR);
    for (Labels ls : data.keySet()) {
      ls.forEach(
          (n, v) -> {
            symbols.add(n);
            symbols.add(v);
          });
    }
    try (IndexWriter iw = IndexWriter.create(ops, dir.resolve("index"))) {
      iw.addSymbols(symbols);
      for (Map.Entry<Labels, List<ChunkRef>> e : refs.entrySet()) {
        iw.addSeries(e.getKey(), e.getValue());
      }
    }
    TombstonesFile.write(ops, dir, new MemTombstones());
    BlockMeta meta =
        new BlockMeta(
            ulid,
            mint == Long.MAX_VALUE ? 0 : mint,
            maxt == Long.MIN_VALUE ? 1 : maxt + 1,
            new BlockMeta.Stats(numSamples, numSamples, 0, data.size(), numChunks, 0),
            BlockMeta.Compaction.level1(ulid));
    BlockMetas.write(ops, dir, meta);
    return dir;
  }

  /** Random series: {@code seriesCount} label sets over a few names, sample times in [0, span). */
  static TreeMap<Labels, TreeMap<Long, Double>> randomData(
      Random rnd, int seriesCount, long start, long span) {
    TreeMap<Labels, TreeMap<Long, Double>> data = new TreeMap<>();
    String[] jobs = {"api", "db", "web", "ü-job"};
    String[] zones = {"a", "b", "c"};
    while (data.size() < seriesCount) {
      List<String> pairs = new ArrayList<>();
      pairs.add("__name__");
      pairs.add("m" + rnd.nextInt(3));
      pairs.add("job");
      pairs.add(jobs[rnd.nextInt(jobs.length)]);
      if (rnd.nextBoolean()) {
        pairs.add("zone");
        pairs.add(zones[rnd.nextInt(zones.length)]);
      }
      pairs.add("i");
      pairs.add(Integer.toString(rnd.nextInt(50)));
      Labels ls = Labels.of(pairs.toArray(String[]::new));
      TreeMap<Long, Double> samples = new TreeMap<>();
      int n = 1 + rnd.nextInt(300);
      long t = start + rnd.nextInt(50);
      for (int i = 0; i < n && t < start + span; i++) {
        samples.put(t, rnd.nextInt(4) == 0 ? rnd.nextDouble() : (double) rnd.nextInt(1000));
        t += 1 + rnd.nextInt(30);
      }
      data.put(ls, samples);
    }
    return data;
  }

  /** Reads a whole series set into labels → samples, asserting nothing about order. */
  static LinkedHashMap<Labels, TreeMap<Long, Double>> drain(SeriesSet set) {
    LinkedHashMap<Labels, TreeMap<Long, Double>> out = new LinkedHashMap<>();
    SampleIterator reuse = null;
    while (set.next()) {
      Series s = set.at();
      reuse = s.iterator(reuse);
      TreeMap<Long, Double> samples = new TreeMap<>();
      long prev = Long.MIN_VALUE;
      while (reuse.next() != ValueType.NONE) {
        if (reuse.atT() <= prev) {
          throw new AssertionError("timestamps not increasing in " + s.labels());
        }
        prev = reuse.atT();
        samples.put(reuse.atT(), reuse.atFloat());
      }
      if (out.put(s.labels(), samples) != null) {
        throw new AssertionError("series returned twice: " + s.labels());
      }
    }
    return out;
  }
}
