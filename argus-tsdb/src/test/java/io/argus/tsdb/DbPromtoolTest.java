package io.argus.tsdb;

import static io.argus.tsdb.DbTest.T0;
import static io.argus.tsdb.DbTesting.H;
import static io.argus.tsdb.DbTesting.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.tsdb.block.PersistedBlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks written by {@link Db} must be readable by Prometheus' own promtool. */
class DbPromtoolTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  /** One sample: the label set as promtool prints it, the value and the time. */
  private record Sample(String labels, double value, long t) {
    static Sample parse(String line) {
      int close = line.lastIndexOf('}');
      String[] rest = line.substring(close + 2).split(" ");
      return new Sample(
          line.substring(0, close + 1), Double.parseDouble(rest[0]), Long.parseLong(rest[1]));
    }
  }

  private record Result(int exit, String out) {}

  private static Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(PROMTOOL.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void promtool_analyzeAndDump_readBlocksWrittenByDb(@TempDir Path dir, @TempDir Path copy)
      throws Exception {
    assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed at " + PROMTOOL);
    List<Labels> series =
        List.of(
            Labels.of("__name__", "http_requests_total", "code", "200", "method", "get"),
            Labels.of("__name__", "http_requests_total", "code", "500", "method", "get"),
            Labels.of("__name__", "room_temperature_celsius", "room", "lab \"β\""));
    List<Sample> want = new ArrayList<>();
    String ulid;
    try (Db db = open(dir)) {
      Appender app = db.appender();
      for (long t = T0; t < T0 + 4 * H; t += 30_000) {
        for (int i = 0; i < series.size(); i++) {
          double v = i == 2 ? 21.25 + (t - T0) / 30_000 % 7 * 0.25 : (t - T0) / 1000.0 + i;
          app.append(0, series.get(i), t, v);
          if (t < T0 + 2 * H) {
            want.add(new Sample(series.get(i).toString(), v, t));
          }
        }
      }
      app.commit();
      db.compact();
      assertThat(db.blocks()).hasSize(1);
      PersistedBlock block = db.blocks().get(0);
      ulid = block.meta().ulid().toString();
    }

    Result analyze = run("tsdb", "analyze", dir.toString(), ulid);
    assertThat(analyze.exit()).as(analyze.out()).isZero();
    assertThat(analyze.out()).contains("Block ID: " + ulid);

    DbTest.copyTree(dir.resolve(ulid), copy.resolve(ulid));
    Files.createDirectories(copy.resolve("wal"));
    Result dump = run("tsdb", "dump", copy.toString());
    assertThat(dump.exit()).as(dump.out()).isZero();
    List<Sample> got = new ArrayList<>();
    for (String line : dump.out().split("\n")) {
      if (line.startsWith("{")) {
        got.add(Sample.parse(line));
      }
    }
    want.sort(
        (a, b) -> {
          int c = a.labels().compareTo(b.labels());
          return c != 0 ? c : Long.compare(a.t(), b.t());
        });
    assertThat(got).containsExactlyElementsOf(want);
  }
}
