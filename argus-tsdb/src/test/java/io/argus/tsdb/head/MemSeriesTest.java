package io.argus.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.Chunk;
import io.argus.storage.chunkenc.XorChunk;
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
}
