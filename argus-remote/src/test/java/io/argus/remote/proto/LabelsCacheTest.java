package io.argus.remote.proto;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LabelsCacheTest {
  /** The wire bytes of one series' labels and the ranges a decoder would record for them. */
  private record Key(byte[] buf, int[] ranges, int n, int hash, Labels labels) {
    static Key of(String... pairs) {
      StringBuilder sb = new StringBuilder("#");
      int[] r = new int[pairs.length * 2];
      for (int i = 0; i < pairs.length; i++) {
        r[i * 2] = sb.length();
        r[i * 2 + 1] = pairs[i].getBytes(StandardCharsets.UTF_8).length;
        sb.append(pairs[i]).append('#');
      }
      byte[] buf = sb.toString().getBytes(StandardCharsets.UTF_8);
      return new Key(
          buf, r, r.length, LabelsCache.hash(buf, r, r.length), Labels.ofSortedPairs(pairs));
    }

    LabelsCache.@org.jspecify.annotations.Nullable Entry find(LabelsCache c) {
      return c.find(hash, false, buf, ranges, n);
    }

    LabelsCache.Entry put(LabelsCache c) {
      return c.put(hash, false, buf, ranges, n, labels);
    }
  }

  private static Key series(int i) {
    return Key.of("__name__", "node_metric", "instance", "host-" + (i / 100), "n", "" + i);
  }

  @Test
  void find_returnsWhatWasPut_onlyForTheSameBytes() {
    LabelsCache c = new LabelsCache(16, 16);
    Key a = Key.of("__name__", "up", "job", "a");
    LabelsCache.Entry e = a.put(c);

    assertThat(Key.of("__name__", "up", "job", "a").find(c)).isSameAs(e);
    assertThat(e.labels).isEqualTo(Labels.of("__name__", "up", "job", "a"));
    assertThat(Key.of("__name__", "up", "job", "b").find(c)).isNull();
    // the same bytes split into other names and values are other labels
    assertThat(Key.of("__name__", "up", "jo", "ba").find(c)).isNull();
    assertThat(Key.of("__name__", "up").find(c)).isNull();
    // nor do wire-byte keys match name-and-value keys of the same bytes
    assertThat(c.find(a.hash(), true, a.buf(), a.ranges(), a.n())).isNull();
    assertThat(e.hasMetricName).isTrue();
    assertThat(Key.of("job", "a").put(c).hasMetricName).isFalse();
  }

  @Test
  void ref_isKeptPerVariant() {
    LabelsCache c = new LabelsCache(16, 16);
    LabelsCache.Entry e = Key.of("__name__", "up").put(c);
    Object replica = "__replica__";

    assertThat(e.ref(null)).isZero();
    e.ref(null, 42);
    assertThat(e.ref(null)).isEqualTo(42);
    assertThat(e.ref(replica)).isZero();
    e.ref(replica, 7);
    assertThat(e.ref(replica)).isEqualTo(7);
    assertThat(e.ref(null)).isEqualTo(42);
    assertThat(e.ref(new String("__replica__"))).as("variants compare by identity").isZero();
    e.ref("other", 9);
    assertThat(e.ref(replica)).isZero();
    assertThat(e.ref("other")).isEqualTo(9);
  }

  @Test
  void put_growsUpToTheCapacity_keepingEveryEntry() {
    LabelsCache c = new LabelsCache(16, 1 << 18);
    List<LabelsCache.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      entries.add(series(i).put(c));
    }

    assertThat(c.slots()).isGreaterThanOrEqualTo(20_000).isLessThanOrEqualTo(1 << 18);
    for (int i = 0; i < 20_000; i++) {
      assertThat(series(i).find(c)).as("series %d", i).isSameAs(entries.get(i));
    }
  }

  @Test
  void put_atCapacity_replacesEntriesButStaysCorrect() {
    LabelsCache c = new LabelsCache(16, 1 << 10);
    for (int i = 0; i < 5_000; i++) {
      series(i).put(c);
    }

    assertThat(c.slots()).isEqualTo(1 << 10);
    int found = 0;
    for (int i = 0; i < 5_000; i++) {
      LabelsCache.Entry e = series(i).find(c);
      if (e != null) {
        found++;
        assertThat(e.labels).isEqualTo(series(i).labels());
      }
    }
    assertThat(found).isBetween(1, 1 << 10);
    assertThat(series(4_999).find(c)).as("the last one put").isNotNull();
  }

  @Test
  void putAndFind_fromSeveralThreads_neverReturnOtherLabels() throws Exception {
    LabelsCache c = new LabelsCache(16, 1 << 12);
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t * 1_000;
        done.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < 3; round++) {
                    for (int i = first; i < first + 3_000; i++) {
                      Key k = series(i % 6_000);
                      LabelsCache.Entry e = k.find(c);
                      if (e == null) {
                        e = k.put(c);
                      }
                      assertThat(e.labels).isEqualTo(k.labels());
                    }
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
  }
}
