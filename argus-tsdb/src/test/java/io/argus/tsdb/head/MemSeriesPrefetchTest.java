package io.argus.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.storage.chunkenc.Chunk;
import io.argus.storage.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class MemSeriesPrefetchTest {
  /** Appends with {@link MemSeries#prefetchAppend} before and after each sample, or without. */
  private static MemSeries fill(
      List<Integer> gaps, List<Double> values, boolean prefetch, Isolation isolation) {
    MemSeries s = new MemSeries(1, Labels.of("__name__", "m"));
    HeadOptions opts = new HeadOptions(HeadOptions.DEFAULT_CHUNK_RANGE, 30, 0);
    long t = 1_000;
    for (int i = 0; i < gaps.size(); i++) {
      t += gaps.get(i);
      if (prefetch) {
        s.prefetchAppend();
      }
      long appendId = isolation.newAppendId();
      s.append(t, values.get(i % values.size()), appendId, isolation.lowWatermark(), opts, null);
      isolation.closeAppend(appendId);
      if (prefetch) {
        s.prefetchAppend();
      }
    }
    return s;
  }

  private static List<byte[]> chunkBytes(MemSeries s, Isolation isolation) {
    List<byte[]> out = new ArrayList<>();
    try (IsolationState state = isolation.newReadState(Long.MIN_VALUE)) {
      for (int p = 0; p < s.numChunks(); p++) {
        Chunk c = s.visibleChunk(p, state, XorChunk::new, null);
        out.add(Arrays.copyOf(c.bytes(), c.byteLength()));
      }
    }
    return out;
  }

  @Property(tries = 100)
  void prefetchAppend_changesNoSampleChunkOrTimestamp(
      @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 1, max = 100_000) Integer> gaps,
      @ForAll @Size(min = 1, max = 20) List<@DoubleRange(min = -1e9, max = 1e9) Double> values) {
    Isolation plainIsolation = new Isolation();
    Isolation prefetchIsolation = new Isolation();
    MemSeries plain = fill(gaps, values, false, plainIsolation);
    MemSeries prefetched = fill(gaps, values, true, prefetchIsolation);

    assertThat(prefetched.lastTimestamp()).isEqualTo(plain.lastTimestamp());
    assertThat(prefetched.numChunks()).isEqualTo(plain.numChunks()).isPositive();
    assertThat(chunkBytes(prefetched, prefetchIsolation))
        .containsExactlyElementsOf(chunkBytes(plain, plainIsolation));
  }
}
