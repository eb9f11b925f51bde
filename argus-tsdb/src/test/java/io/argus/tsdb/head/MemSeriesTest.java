package io.argus.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.Chunk;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.tsdb.index.ChunkRef;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class MemSeriesTest {
  private static final HeadOptions ONE_CHUNK = new HeadOptions(Long.MAX_VALUE / 4, 10_000, 0);

  /**
   * Appends one sample per step, batch IDs 1, 2, ..., while the low watermark lags behind by a
   * random amount; then a reader with some batches still open must see exactly the samples of the
   * batches it may see, whatever the append ID ring grew or shrank to meanwhile.
   */
  @Property(tries = 300)
  void visibleChunk_laggingWatermarks_showsExactlyTheVisibleBatches(
      @ForAll @Size(min = 1, max = 400) List<@IntRange(min = 0, max = 40) Integer> lags,
      @ForAll @IntRange(min = 0, max = 40) int readerLag,
      @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 40) Integer> openBack) {
    MemSeries s = new MemSeries(1, Labels.of("a", "b"));
    long watermark = 1;
    for (int i = 0; i < lags.size(); i++) {
      long id = i + 1;
      watermark = Math.max(watermark, id - lags.get(i));
      assertThat(s.append(id * 1000, i, id, watermark, ONE_CHUNK, null))
          .isIn(MemSeries.APPENDED, MemSeries.APPENDED_NEW_CHUNK);
    }
    long maxId = lags.size();
    long readerWatermark = Math.max(watermark, maxId + 1 - readerLag);
    List<Long> open = new ArrayList<>();
    for (int back : openBack) {
      long id = maxId - back;
      if (id >= readerWatermark && !open.contains(id)) {
        open.add(id);
      }
    }
    long[] incomplete = open.stream().mapToLong(Long::longValue).sorted().toArray();
    IsolationState state =
        new IsolationState(new Isolation(), maxId, readerWatermark, incomplete, 0);

    List<Long> seen = new ArrayList<>();
    for (int c = 0; c < s.numChunks(); c++) {
      Chunk chunk = s.visibleChunk(c, state, XorChunk::new, null);
      SampleIterator it = chunk.iterator(null);
      while (it.next() == ValueType.FLOAT) {
        seen.add(it.atT() / 1000);
      }
    }
    List<Long> expected = new ArrayList<>();
    for (long id = 1; id <= maxId; id++) {
      if (id < readerWatermark || !open.contains(id)) {
        expected.add(id);
      }
    }
    assertThat(seen).isEqualTo(expected);
  }

  /**
   * Time steps that keep full chunks' ranges packable, push a chunk's start more than 2^31 ms past
   * the oldest chunk's, or stretch one chunk past 2^32 ms.
   */
  private static final long[] STEPS = {1, 15_000, (1L << 31) + 7, (1L << 32) + 3, 1L << 40};

  /**
   * Full chunks keep their time ranges packed in 32-bit offsets where they fit and whole where they
   * do not; each chunk's reported range must still be its first and last sample's time, through
   * truncations (which repack against a new oldest chunk) and appends after them.
   */
  @Property(tries = 300)
  void chunkRanges_packedOrWide_matchTheirSamplesThroughTruncation(
      @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 4) Integer> steps,
      @ForAll @IntRange(min = 0, max = 299) int truncateAfter,
      @ForAll @IntRange(min = 0, max = 2) int rangeChoice,
      @ForAll @IntRange(min = 4, max = 130) int samplesPerChunk) {
    long range = new long[] {7_200_000L, 1L << 34, Long.MAX_VALUE / 4}[rangeChoice];
    HeadOptions opts = new HeadOptions(range, samplesPerChunk, 0);
    MemSeries s = new MemSeries(1, Labels.of("a", "b"));
    List<Long> appended = new ArrayList<>();
    long t = 1_700_000_000_000L;
    for (int i = 0; i < steps.size(); i++) {
      t += STEPS[steps.get(i)];
      assertThat(s.append(t, i, 0, 1, opts, null))
          .isIn(MemSeries.APPENDED, MemSeries.APPENDED_NEW_CHUNK);
      appended.add(t);
      if (i == Math.min(truncateAfter, steps.size() - 1)) {
        long mint = appended.get(appended.size() / 2);
        s.truncateChunksBefore(mint);
        List<Long> kept = samplesOf(s);
        assertThat(appended).endsWith(kept.toArray(Long[]::new));
        for (long dropped : appended.subList(0, appended.size() - kept.size())) {
          assertThat(dropped).isLessThan(mint);
        }
        appended = new ArrayList<>(kept);
      }
    }
    assertThat(samplesOf(s)).isEqualTo(appended);
  }

  /** Decodes every chunk, checking that its reported range is its samples' first and last time. */
  private static List<Long> samplesOf(MemSeries s) {
    List<ChunkRef> refs = new ArrayList<>();
    s.chunkRefs(Long.MIN_VALUE, Long.MAX_VALUE, refs);
    assertThat(refs).hasSize(s.numChunks());
    IsolationState all = new IsolationState(new Isolation(), Long.MAX_VALUE, 2, new long[0], 0);
    List<Long> out = new ArrayList<>();
    for (int c = 0; c < s.numChunks(); c++) {
      List<Long> times = new ArrayList<>();
      SampleIterator it = s.visibleChunk(c, all, XorChunk::new, null).iterator(null);
      while (it.next() == ValueType.FLOAT) {
        times.add(it.atT());
      }
      assertThat(times).isNotEmpty();
      assertThat(refs.get(c).minTime()).isEqualTo(times.getFirst());
      assertThat(refs.get(c).maxTime()).isEqualTo(times.getLast());
      out.addAll(times);
    }
    if (!out.isEmpty()) {
      assertThat(s.minTime()).isEqualTo(out.getFirst());
      assertThat(s.maxTime()).isEqualTo(out.getLast());
    }
    return out;
  }
}
