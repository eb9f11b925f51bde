package io.argus.tsdb.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Matcher;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL mid-ingest and checks that a restarted Db holds every sample
 * whose commit had returned in the killed process. SIGKILL leaves the page cache intact, so this
 * checks that commit hands the WAL records to the operating system before it returns (it does not
 * check fsync, which only matters for power loss).
 */
class DurabilityTest {
  private static final int SERIES = 50;
  private static final long KILL_AFTER_BATCHES = 300;

  @TempDir Path dir;

  @Test
  void sigkillMidIngest_keepsEveryCommittedBatch() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                DurabilityWriterMain.class.getName(),
                dir.toString(),
                Integer.toString(SERIES),
                "1000000")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    AtomicLong lastCommitted = new AtomicLong();
    CompletableFuture<Void> enoughCommitted = new CompletableFuture<>();
    Thread.startVirtualThread(
        () -> {
          try (BufferedReader reader =
              new BufferedReader(
                  new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
              lastCommitted.set(Long.parseLong(line.strip()));
              if (lastCommitted.get() >= KILL_AFTER_BATCHES) {
                enoughCommitted.complete(null);
              }
            }
          } catch (Exception e) {
            enoughCommitted.completeExceptionally(e);
          }
          enoughCommitted.complete(null);
        });
    try {
      enoughCommitted.get(25, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // Kill whatever got written so far; the assertions below still apply.
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    // Lines printed before the kill that the reader had not consumed yet are also committed;
    // everything up to the last line fully read is a lower bound of what must be present.
    long committed = lastCommitted.get();
    assertThat(committed).as("batches committed before the kill").isPositive();

    Map<String, Long> samplesPerSeries = new HashMap<>();
    try (Db db =
        Db.open(
            dir,
            DbOptions.builder().compactionIntervalMs(0).build(),
            FileOps.defaults(),
            Clock.SYSTEM,
            new PrometheusRegistry())) {
      try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        SeriesSet set =
            q.select(true, SelectHints.NONE, Matcher.equal("__name__", "durability_test"));
        SampleIterator it = null;
        while (set.next()) {
          Series s = set.at();
          it = s.iterator(it);
          long expectedBatch = 1;
          while (it.next() != ValueType.NONE && expectedBatch <= committed) {
            assertThat(it.atT()).as("timestamp in %s", s.labels()).isEqualTo(expectedBatch * 1000);
            assertThat(it.atFloat()).isEqualTo((double) expectedBatch);
            expectedBatch++;
          }
          samplesPerSeries.put(s.labels().getOrEmpty("series"), expectedBatch - 1);
        }
      }
    }
    assertThat(samplesPerSeries).hasSize(SERIES);
    assertThat(List.copyOf(samplesPerSeries.values()))
        .allSatisfy(n -> assertThat(n).isEqualTo(committed));
  }
}
