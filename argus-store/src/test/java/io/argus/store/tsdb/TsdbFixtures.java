package io.argus.store.tsdb;

import io.argus.storage.Appender;
import io.argus.store.StoreFixture;
import io.argus.testkit.ManualClock;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;

/** Writes a {@link StoreFixture} into a real TSDB, for the store tests of every package. */
public final class TsdbFixtures {
  private TsdbFixtures() {}

  /** Opens a TSDB in {@code dir} (no background compaction) holding the fixture's series. */
  public static Db open(Path dir, StoreFixture fixture) {
    Db db =
        Db.open(
            dir,
            DbOptions.builder().compactionIntervalMs(0).retentionMs(0).build(),
            FileOps.defaults(),
            new ManualClock(
                fixture.series().stream().mapToLong(StoreFixture.Series::lastT).max().orElse(0)),
            new PrometheusRegistry());
    try {
      Appender app = db.appender();
      for (StoreFixture.Series s : fixture.series()) {
        long ref = 0;
        for (int i = 0; i < s.count(); i++) {
          ref = app.append(ref, s.labels(), s.firstT() + i * StoreFixture.STEP, i * s.scale());
        }
      }
      app.commit();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  /** A {@link TsdbStore} named {@code local} over {@code db} with the fixture's external labels. */
  public static TsdbStore store(Db db, StoreFixture fixture) {
    return TsdbStore.over(db, fixture::externalLabels);
  }
}
