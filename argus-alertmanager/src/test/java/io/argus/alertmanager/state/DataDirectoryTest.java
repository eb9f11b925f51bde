package io.argus.alertmanager.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.nflog.NflogEntry;
import io.argus.alertmanager.nflog.NotificationLog;
import io.argus.alertmanager.nflog.ReceiverKey;
import io.argus.alertmanager.silence.Silence;
import io.argus.alertmanager.silence.Silences;
import io.argus.model.labels.Matcher;
import io.argus.testkit.ManualClock;
import io.argus.tsdb.fs.FileOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
  private static final Duration RETENTION = Duration.ofHours(120);
  private static final long HOUR_MS = 3_600_000;

  @TempDir Path dir;
  private final FileOps fs = FileOps.defaults();
  private final ManualClock clock = new ManualClock(1_767_225_600_000L);

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  @Test
  void restart_keepsSilencesAndNotificationLog() throws Exception {
    Silences silences = new Silences(clock, RETENTION, null);
    NotificationLog nflog = new NotificationLog(clock, RETENTION, null);
    String id;
    NflogEntry logged;
    try (DataDirectory dd = DataDirectory.open(fs, dir, List.of(silences, nflog), HOUR_MS)) {
      id =
          silences.set(
              new Silence(
                  "",
                  List.of(Matcher.regex("job", "api|web"), Matcher.notEqual("env", "dev")),
                  now(),
                  now().plusSeconds(3600),
                  Alert.ZERO,
                  "ops",
                  "deploy"));
      logged =
          nflog
              .log(
                  new ReceiverKey("team", "webhook", 0),
                  "{}:{alertname=\"A\"}",
                  new long[] {42, -7},
                  new long[] {1},
                  Duration.ofHours(8))
              .orElseThrow();
    }
    assertThat(Files.exists(dir.resolve("silences"))).isTrue();
    assertThat(Files.exists(dir.resolve("nflog"))).isTrue();

    Silences silences2 = new Silences(clock, RETENTION, null);
    NotificationLog nflog2 = new NotificationLog(clock, RETENTION, null);
    try (DataDirectory dd = DataDirectory.open(fs, dir, List.of(silences2, nflog2), HOUR_MS)) {
      assertThat(silences2.get(id)).contains(silences.get(id).orElseThrow());
      assertThat(silences2.entries()).isEqualTo(silences.entries());
      assertThat(nflog2.query("{}:{alertname=\"A\"}", new ReceiverKey("team", "webhook", 0)))
          .contains(logged);
    }
  }

  @Test
  void maintain_collectsGarbageBeforeSnapshotting() throws Exception {
    NotificationLog nflog = new NotificationLog(clock, RETENTION, null);
    try (DataDirectory dd = DataDirectory.open(fs, dir, List.of(nflog), HOUR_MS)) {
      nflog.log(
          new ReceiverKey("r", "email", 0),
          "g",
          new long[] {1},
          new long[0],
          Duration.ofMinutes(1));
      dd.maintain();
      NotificationLog loaded = new NotificationLog(clock, RETENTION, null);
      assertThat(loaded.loadSnapshot(fs, dir.resolve("nflog"))).isEqualTo(1);

      clock.advanceMillis(60_000);
      dd.maintain();
      assertThat(nflog.size()).isZero();
      NotificationLog empty = new NotificationLog(clock, RETENTION, null);
      assertThat(empty.loadSnapshot(fs, dir.resolve("nflog"))).isZero();
    }
  }

  @Test
  void open_failsClearlyOnACorruptedSnapshot() throws Exception {
    Files.write(dir.resolve("silences"), "garbage that is not a snapshot".getBytes());
    Silences silences = new Silences(clock, RETENTION, null);
    assertThatThrownBy(() -> DataDirectory.open(fs, dir, List.of(silences), HOUR_MS))
        .isInstanceOf(CorruptStateException.class)
        .hasMessage(
            "corrupted silences snapshot "
                + dir.resolve("silences")
                + ": not an Argus state snapshot (bad magic)");
  }

  @Test
  void load_dropsEntriesThatExpiredWhileDown() throws Exception {
    NotificationLog nflog = new NotificationLog(clock, RETENTION, null);
    nflog.log(
        new ReceiverKey("r", "email", 0), "g", new long[] {1}, new long[0], Duration.ofMinutes(1));
    nflog.writeSnapshot(fs, dir.resolve("nflog"));
    clock.advanceMillis(2 * 60_000);
    NotificationLog later = new NotificationLog(clock, RETENTION, null);
    assertThat(later.loadSnapshot(fs, dir.resolve("nflog"))).isZero();
  }
}
