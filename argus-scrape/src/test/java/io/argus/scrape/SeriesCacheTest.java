package io.argus.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SeriesCacheTest {
  private static final byte[] BODY =
      "a{x=\"1\"} 1\nb 2\nc{y=\"z\"} 3\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void find_sameOrder_returnsTheEntryPutAtThatPosition() {
    SeriesCache cache = new SeriesCache();
    SeriesCache.Entry a = cache.put(BODY, 0, 8, 0, Labels.of("__name__", "a", "x", "1"));
    SeriesCache.Entry b = cache.put(BODY, 11, 12, 1, Labels.of("__name__", "b"));

    assertThat(cache.find(BODY, 0, 8, 0)).isSameAs(a);
    assertThat(cache.find(BODY, 11, 12, 1)).isSameAs(b);
    assertThat(cache.find(BODY, 15, 23, 2)).isNull();
  }

  @Test
  void find_reorderedOrShiftedSeries_fallsBackToTheHashTable() {
    SeriesCache cache = new SeriesCache();
    SeriesCache.Entry a = cache.put(BODY, 0, 8, 0, Labels.of("__name__", "a", "x", "1"));
    SeriesCache.Entry b = cache.put(BODY, 11, 12, 1, Labels.of("__name__", "b"));

    // Next scrape: b first, then a, then a position never seen.
    assertThat(cache.find(BODY, 11, 12, 0)).isSameAs(b);
    assertThat(cache.find(BODY, 0, 8, 1)).isSameAs(a);
    assertThat(cache.find(BODY, 0, 8, 500)).isSameAs(a);
    // The positions now remember the new order.
    assertThat(cache.find(BODY, 11, 12, 0)).isSameAs(b);
  }

  @Test
  void evictUnusedBefore_dropsOldEntries_andTheirPositions() {
    SeriesCache cache = new SeriesCache();
    SeriesCache.Entry a = cache.put(BODY, 0, 8, 0, Labels.of("__name__", "a", "x", "1"));
    a.lastUsed = 1;
    SeriesCache.Entry b = cache.put(BODY, 11, 12, 1, Labels.of("__name__", "b"));
    b.lastUsed = 5;

    cache.evictUnusedBefore(3);

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.find(BODY, 0, 8, 0)).isNull();
    assertThat(cache.find(BODY, 11, 12, 1)).isSameAs(b);
  }

  @Test
  void find_manyEntries_growsTheTableAndPositions() {
    SeriesCache cache = new SeriesCache();
    byte[][] keys = new byte[1000][];
    SeriesCache.Entry[] entries = new SeriesCache.Entry[1000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = ("m{i=\"" + i + "\"}").getBytes(StandardCharsets.UTF_8);
      entries[i] = cache.put(keys[i], 0, keys[i].length, i, Labels.of("i", "" + i));
    }
    for (int i = keys.length - 1; i >= 0; i--) {
      assertThat(cache.find(keys[i], 0, keys[i].length, keys.length - 1 - i)).isSameAs(entries[i]);
    }
    assertThat(cache.size()).isEqualTo(1000);
  }
}
