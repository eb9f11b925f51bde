package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockedDirectoryStorageTest {
  @TempDir Path tmp;

  private LockedDirectoryStorage open(Path dir) throws IOException {
    return LockedDirectoryStorage.open(
        FileOps.defaults(), new StorageOptions(dir, 0, 0), Clock.SYSTEM, new PrometheusRegistry());
  }

  @Test
  void open_createsDirectoryAndLockFile() throws IOException {
    Path dir = tmp.resolve("a/b/data");

    try (LockedDirectoryStorage storage = open(dir)) {
      assertThat(storage.directory()).isEqualTo(dir);
      assertThat(dir.resolve(LockedDirectoryStorage.LOCK_FILE)).isRegularFile();
    }
  }

  @Test
  void open_whileLocked_failsWithPrometheusMessage() throws IOException {
    try (LockedDirectoryStorage first = open(tmp)) {
      assertThatThrownBy(() -> open(tmp))
          .isInstanceOf(IOException.class)
          .hasMessage("lock DB directory: resource temporarily unavailable");
      assertThat(tmp.resolve(LockedDirectoryStorage.LOCK_FILE)).exists();
      assertThat(first.directory()).isEqualTo(tmp);
    }
  }

  @Test
  void close_removesLockFileAndAllowsReopening() throws IOException {
    open(tmp).close();

    assertThat(Files.exists(tmp.resolve(LockedDirectoryStorage.LOCK_FILE))).isFalse();
    try (LockedDirectoryStorage again = open(tmp)) {
      assertThat(again.directory()).isEqualTo(tmp);
    }
  }

  @Test
  void close_twice_isHarmless() throws IOException {
    LockedDirectoryStorage storage = open(tmp);
    storage.close();

    storage.close();

    assertThat(Files.exists(tmp.resolve(LockedDirectoryStorage.LOCK_FILE))).isFalse();
  }
}
