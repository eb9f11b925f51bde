package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Appender;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbServerStorageTest {
  @TempDir Path tmp;

  private TsdbServerStorage open(Path dir) throws IOException {
    return TsdbServerStorage.open(
        FileOps.defaults(), new StorageOptions(dir, 0, 0), Clock.SYSTEM, new PrometheusRegistry());
  }

  @Test
  void open_createsDirectoryAndLockFile() throws IOException {
    Path dir = tmp.resolve("a/b/data");

    try (TsdbServerStorage storage = open(dir)) {
      assertThat(storage.directory()).isEqualTo(dir);
      assertThat(dir.resolve(TsdbServerStorage.LOCK_FILE)).isRegularFile();
    }
  }

  @Test
  void open_whileLocked_failsWithPrometheusMessage() throws IOException {
    try (TsdbServerStorage first = open(tmp)) {
      assertThatThrownBy(() -> open(tmp))
          .isInstanceOf(IOException.class)
          .hasMessage("lock DB directory: resource temporarily unavailable");
      assertThat(tmp.resolve(TsdbServerStorage.LOCK_FILE)).exists();
      assertThat(first.directory()).isEqualTo(tmp);
    }
  }

  @Test
  void close_releasesLockAndKeepsCommittedSamples() throws IOException {
    try (TsdbServerStorage storage = open(tmp)) {
      Appender app = storage.storage().appender();
      app.append(0, Labels.of("__name__", "up", "job", "argus"), 1_000, 1.0);
      app.append(0, Labels.of("__name__", "up", "job", "argus"), 16_000, 0.0);
      app.commit();
    }

    try (TsdbServerStorage again = open(tmp);
        Querier q = again.storage().querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, SelectHints.NONE, Matcher.equal("__name__", "up"));
      assertThat(set.next()).isTrue();
      assertThat(set.at().labels()).isEqualTo(Labels.of("__name__", "up", "job", "argus"));
      SampleIterator it = set.at().iterator(null);
      assertThat(it.next()).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).isEqualTo(1_000);
      assertThat(it.next()).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).isEqualTo(16_000);
      assertThat(it.atFloat()).isZero();
      assertThat(it.next()).isEqualTo(ValueType.NONE);
      assertThat(set.next()).isFalse();
    }
  }

  @Test
  void close_twice_isHarmless() throws IOException {
    TsdbServerStorage storage = open(tmp);
    storage.close();

    storage.close();

    try (TsdbServerStorage again = open(tmp)) {
      assertThat(again.directory()).isEqualTo(tmp);
    }
  }
}
