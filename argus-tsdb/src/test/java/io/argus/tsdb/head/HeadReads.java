package io.argus.tsdb.head;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.Chunk;
import io.argus.tsdb.BlockReader;
import io.argus.tsdb.chunks.ChunkReader;
import io.argus.tsdb.index.ChunkRef;
import io.argus.tsdb.index.IndexReader;
import io.argus.tsdb.index.Postings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a head (or a view of it) the way a querier does, for assertions. */
final class HeadReads {
  private HeadReads() {}

  /** A sample as raw bits, so NaN payloads compare exactly. */
  record Sample(long t, long valueBits) {
    static Sample of(long t, double v) {
      return new Sample(t, Double.doubleToRawLongBits(v));
    }

    double value() {
      return Double.longBitsToDouble(valueBits);
    }
  }

  /** Returns every series with its samples in {@code [mint, maxt]}, in label order. */
  static Map<Labels, List<Sample>> samples(BlockReader block, long mint, long maxt) {
    Map<Labels, List<Sample>> out = new LinkedHashMap<>();
    try (IndexReader index = block.index();
        ChunkReader chunks = block.chunks()) {
      Postings p = index.sortedPostings(index.allPostings());
      LabelsBuilder lb = new LabelsBuilder();
      List<ChunkRef> refs = new ArrayList<>();
      SampleIterator it = null;
      while (p.next()) {
        if (!index.series(p.at(), lb, refs)) {
          continue;
        }
        List<Sample> list = new ArrayList<>();
        for (ChunkRef ref : refs) {
          Chunk c = chunks.chunk(ref.ref());
          it = c.iterator(it);
          while (it.next() == ValueType.FLOAT) {
            if (it.atT() >= mint && it.atT() <= maxt) {
              list.add(new Sample(it.atT(), Double.doubleToRawLongBits(it.atFloat())));
            }
          }
        }
        out.put(lb.build(), list);
      }
    }
    return out;
  }

  static Map<Labels, List<Sample>> samples(BlockReader block) {
    return samples(block, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** Returns the chunk references of the series with {@code labels}. */
  static List<ChunkRef> chunkRefs(BlockReader block, Labels labels) {
    try (IndexReader index = block.index()) {
      Postings p = index.allPostings();
      LabelsBuilder lb = new LabelsBuilder();
      List<ChunkRef> refs = new ArrayList<>();
      while (p.next()) {
        if (index.series(p.at(), lb, refs) && lb.build().equals(labels)) {
          return List.copyOf(refs);
        }
      }
    }
    return List.of();
  }

  /** Returns the chunks of the series with {@code labels}. */
  static List<Chunk> chunks(BlockReader block, Labels labels) {
    List<Chunk> out = new ArrayList<>();
    try (ChunkReader reader = block.chunks()) {
      for (ChunkRef ref : chunkRefs(block, labels)) {
        out.add(reader.chunk(ref.ref()));
      }
    }
    return out;
  }
}
