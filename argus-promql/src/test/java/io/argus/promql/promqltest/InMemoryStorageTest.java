package io.argus.promql.promqltest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Appender;
import io.argus.storage.DuplicateSampleException;
import io.argus.storage.OutOfOrderSampleException;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryStorageTest {
  private static final Labels A = Labels.of("__name__", "m", "job", "a");
  private static final Labels B = Labels.of("__name__", "m", "job", "b");

  private static List<String> select(InMemoryStorage s, long mint, long maxt, Matcher... ms) {
    List<String> out = new ArrayList<>();
    try (Querier q = s.querier(mint, maxt)) {
      SeriesSet set = q.select(true, SelectHints.NONE, ms);
      while (set.next()) {
        StringBuilder sb = new StringBuilder(set.at().labels().get("job")).append(':');
        SampleIterator it = set.at().iterator(null);
        while (it.next() == ValueType.FLOAT) {
          sb.append(' ').append(it.atT()).append('=').append(it.atFloat());
        }
        out.add(sb.toString());
      }
    }
    return out;
  }

  @Test
  void querier_selectsSortedSeriesWithInclusiveBounds() {
    InMemoryStorage s = new InMemoryStorage();
    Appender app = s.appender();
    app.append(0, B, 10, 1);
    app.append(0, A, 10, 2);
    app.append(0, A, 20, 3);
    app.append(0, A, 30, 4);
    app.commit();
    assertThat(select(s, 20, 30, Matcher.equal("__name__", "m")))
        .containsExactly("a: 20=3.0 30=4.0");
    assertThat(select(s, 0, 100, Matcher.regex("job", "a|b")))
        .containsExactly("a: 10=2.0 20=3.0 30=4.0", "b: 10=1.0");
  }

  @Test
  void appender_rejectsOutOfOrderAndDuplicatesAndIsInvisibleUntilCommit() {
    InMemoryStorage s = new InMemoryStorage();
    Appender app = s.appender();
    app.append(0, A, 10, 1);
    assertThat(select(s, 0, 100)).isEmpty();
    app.commit();
    Appender next = s.appender();
    assertThatThrownBy(() -> next.append(0, A, 5, 1)).isInstanceOf(OutOfOrderSampleException.class);
    assertThatThrownBy(() -> next.append(0, A, 10, 2)).isInstanceOf(DuplicateSampleException.class);
    next.append(0, A, 10, 1);
    next.commit();
    assertThat(select(s, 0, 100)).containsExactly("a: 10=1.0");
  }

  @Test
  void querier_keepsItsSnapshotAfterLaterAppendsAndClear() {
    InMemoryStorage s = new InMemoryStorage();
    Appender app = s.appender();
    app.append(0, A, 10, 1);
    app.commit();
    try (Querier q = s.querier(0, 100)) {
      Appender more = s.appender();
      more.append(0, A, 20, 2);
      more.commit();
      s.clear();
      SeriesSet set = q.select(false, SelectHints.NONE, Matcher.equal("job", "a"));
      assertThat(set.next()).isTrue();
      SampleIterator it = set.at().iterator(null);
      assertThat(it.next()).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).isEqualTo(10);
      assertThat(it.next()).isEqualTo(ValueType.NONE);
    }
    assertThat(s.seriesCount()).isZero();
  }
}
