package io.argus.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import org.junit.jupiter.api.Test;

class ReplaySeriesIndexTest {
  @Test
  void get_denseSparseAndZeroRefs() {
    ReplaySeriesIndex index = new ReplaySeriesIndex();
    MemSeries zero = new MemSeries(1, Labels.of("a", "0"));
    MemSeries dense = new MemSeries(2, Labels.of("a", "1"));
    MemSeries sparse = new MemSeries(3, Labels.of("a", "2"));
    MemSeries negative = new MemSeries(4, Labels.of("a", "3"));
    index.put(0, zero);
    index.put(100_000, dense);
    index.put(ReplaySeriesIndex.MAX_DENSE_REF, sparse);
    index.put(-5, negative);

    assertThat(index.get(0)).isSameAs(zero);
    assertThat(index.get(100_000)).isSameAs(dense);
    assertThat(index.get(ReplaySeriesIndex.MAX_DENSE_REF)).isSameAs(sparse);
    assertThat(index.get(-5)).isSameAs(negative);
    assertThat(index.get(99_999)).isNull();
    assertThat(index.get(ReplaySeriesIndex.MAX_DENSE_REF - 1)).isNull();
    assertThat(index.get(Long.MAX_VALUE)).isNull();
  }

  @Test
  void put_sameRefAgain_replaces() {
    ReplaySeriesIndex index = new ReplaySeriesIndex();
    MemSeries first = new MemSeries(1, Labels.of("a", "1"));
    MemSeries second = new MemSeries(1, Labels.of("a", "1"));
    index.put(7, first);
    index.put(7, second);

    assertThat(index.get(7)).isSameAs(second);
  }
}
