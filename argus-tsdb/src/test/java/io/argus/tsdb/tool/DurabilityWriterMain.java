package io.argus.tsdb.tool;

import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child process of {@link DurabilityTest}: opens a Db in {@code args[0]} and commits batch
 * after batch of {@code args[1]} series (batch {@code b} writes value {@code b} at {@code b * 1000}
 * ms to every series), printing {@code b} on its own line after each commit has returned. Runs
 * until killed or until {@code args[2]} batches are written.
 */
final class DurabilityWriterMain {
  private DurabilityWriterMain() {}

  static Labels seriesLabels(int i) {
    return Labels.of("__name__", "durability_test", "series", Integer.toString(i));
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int seriesCount = Integer.parseInt(args[1]);
    long maxBatches = Long.parseLong(args[2]);
    PrintStream out = System.out;
    DbOptions options = DbOptions.builder().compactionIntervalMs(0).build();
    try (Db db =
        Db.open(dir, options, FileOps.defaults(), Clock.SYSTEM, new PrometheusRegistry())) {
      long[] refs = new long[seriesCount];
      for (long batch = 1; batch <= maxBatches; batch++) {
        Appender app = db.appender();
        for (int i = 0; i < seriesCount; i++) {
          refs[i] = app.append(refs[i], seriesLabels(i), batch * 1000, batch);
        }
        app.commit();
        out.println(batch);
        out.flush();
      }
    }
  }
}
