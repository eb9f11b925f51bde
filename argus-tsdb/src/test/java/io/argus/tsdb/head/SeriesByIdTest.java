package io.argus.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SeriesByIdTest {
  private static MemSeries series(long id) {
    return new MemSeries(id, Labels.of("id", Long.toString(id)));
  }

  @Test
  void get_directAcrossPagesSparseAndNegativeIds() {
    SeriesById byId = new SeriesById();
    MemSeries first = series(1);
    MemSeries farPage = series(SeriesById.PAGE_SIZE * 300L + 7);
    MemSeries sparse = series(SeriesById.MAX_DIRECT_ID);
    MemSeries negative = series(-3);
    byId.put(first);
    byId.put(farPage);
    byId.put(sparse);
    byId.put(negative);

    assertThat(byId.get(1)).isSameAs(first);
    assertThat(byId.get(farPage.id)).isSameAs(farPage);
    assertThat(byId.get(SeriesById.MAX_DIRECT_ID)).isSameAs(sparse);
    assertThat(byId.get(-3)).isSameAs(negative);
    assertThat(byId.get(0)).isNull();
    assertThat(byId.get(2)).isNull();
    assertThat(byId.get(farPage.id + 1)).isNull();
    assertThat(byId.get(SeriesById.MAX_DIRECT_ID - 1)).isNull();
    assertThat(byId.get(Long.MAX_VALUE)).isNull();
    assertThat(byId.size()).isEqualTo(4);
  }

  @Test
  void put_zeroIdRejected() {
    assertThatThrownBy(() -> new SeriesById().put(series(0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void put_sameIdTwiceCountsOnce() {
    SeriesById byId = new SeriesById();
    MemSeries a = series(5);
    MemSeries b = series(5);
    byId.put(a);
    byId.put(b);
    assertThat(byId.get(5)).isSameAs(b);
    assertThat(byId.size()).isEqualTo(1);
  }

  @Test
  void remove_onlyTheHeldSeriesAndEmptyPagesRefill() {
    SeriesById byId = new SeriesById();
    MemSeries a = series(SeriesById.PAGE_SIZE + 1);
    MemSeries b = series(SeriesById.PAGE_SIZE + 2);
    byId.put(a);
    byId.put(b);

    byId.remove(series(a.id)); // Another object with the same ID: not held, ignored.
    assertThat(byId.get(a.id)).isSameAs(a);

    byId.remove(a);
    assertThat(byId.get(a.id)).isNull();
    assertThat(byId.get(b.id)).isSameAs(b);
    byId.remove(b); // Last of its page: the page goes.
    assertThat(byId.get(b.id)).isNull();
    assertThat(byId.size()).isZero();

    MemSeries c = series(SeriesById.PAGE_SIZE + 3);
    byId.put(c);
    assertThat(byId.get(c.id)).isSameAs(c);
    assertThat(byId.get(b.id)).isNull();
    assertThat(byId.size()).isEqualTo(1);
  }

  @Test
  void forEach_visitsEverySeriesOnceAndAllowsRemoval() {
    SeriesById byId = new SeriesById();
    List<Long> ids = new ArrayList<>();
    for (long id = 1; id <= 3 * SeriesById.PAGE_SIZE; id += 5) {
      byId.put(series(id));
      ids.add(id);
    }
    byId.put(series(SeriesById.MAX_DIRECT_ID + 9));
    ids.add(SeriesById.MAX_DIRECT_ID + 9);

    List<Long> seen = new ArrayList<>();
    byId.forEach(
        s -> {
          seen.add(s.id);
          byId.remove(s);
        });

    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(byId.size()).isZero();
    assertThat(byId.get(1)).isNull();
  }

  @Test
  void get_concurrentWithPutsSeesOnlyWhatWasPutUnderTheId() throws InterruptedException {
    SeriesById byId = new SeriesById();
    int n = 20 * SeriesById.PAGE_SIZE;
    AtomicReference<String> failure = new AtomicReference<>();
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int round = 0; round < 50 && failure.get() == null; round++) {
                    for (long id = 1; id <= n; id++) {
                      MemSeries s = byId.get(id);
                      if (s != null && (s.id != id || !("" + id).equals(s.labels.get("id")))) {
                        failure.set("id " + id + " gave " + s.id);
                        return;
                      }
                    }
                  }
                });
    for (long id = 1; id <= n; id++) {
      byId.put(series(id));
    }
    reader.join();

    assertThat(failure.get()).isNull();
    for (long id = 1; id <= n; id++) {
      assertThat(byId.get(id).id).isEqualTo(id);
    }
  }
}
