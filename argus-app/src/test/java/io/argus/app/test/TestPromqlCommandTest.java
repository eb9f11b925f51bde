package io.argus.app.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.app.Main;
import io.argus.app.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPromqlCommandTest {
  private static final String LOAD =
      """
      load 1m
        http_requests_total{job="api"} 0+10x10
        http_requests_total{job="web"} 0+20x10

      """;

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(
        Main.productionContext(), args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private Path script(String name, String text) throws Exception {
    return Files.writeString(tmp.resolve(name), text);
  }

  @Test
  void promql_passingScript_printsCountsAndExitsZero() throws Exception {
    Path file =
        script(
            "ok.test",
            LOAD
                + """
                eval instant at 5m sum by (job) (http_requests_total)
                  {job="api"} 50
                  {job="web"} 100

                eval range from 0 to 2m step 1m http_requests_total{job="api"}
                  http_requests_total{job="api"} 0 10 20
                """);

    int status = run("test", "promql", file.toString());

    assertThat(status).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .isEqualTo(
            file + ": 2 passed, 0 failed, 0 skipped\n" + "total: 2 passed, 0 failed, 0 skipped\n");
  }

  @Test
  void promql_failingEval_listsItAndExitsOne() throws Exception {
    String eval = "eval instant at 1m http_requests_total{job=\"web\"}\n";
    Path ok = script("ok.test", LOAD + eval + "  http_requests_total{job=\"web\"} 20\n");
    Path bad = script("bad.test", LOAD + eval + "  http_requests_total{job=\"web\"} 21\n");

    int status = run("test", "promql", ok.toString(), bad.toString());

    assertThat(status).isEqualTo(ExitCodes.RUNTIME_ERROR);
    assertThat(out.toString())
        .contains(ok + ": 1 passed, 0 failed, 0 skipped\n")
        .contains(bad + ": 0 passed, 1 failed, 0 skipped\n  line 5 [FAILED]")
        .endsWith("total: 1 passed, 1 failed, 0 skipped\n");
  }

  @Test
  void promql_malformedScript_reportsTheLineAndExitsOne() throws Exception {
    Path file = script("broken.test", "lode 1m\n  x 1\n");

    int status = run("test", "promql", file.toString());

    assertThat(status).isEqualTo(ExitCodes.RUNTIME_ERROR);
    assertThat(out.toString())
        .contains("broken.test:1:")
        .endsWith("total: 0 passed, 0 failed, 0 skipped\n");
  }

  @Test
  void promql_missingFile_exitsOne() {
    int status = run("test", "promql", tmp.resolve("absent.test").toString());

    assertThat(status).isEqualTo(ExitCodes.RUNTIME_ERROR);
    assertThat(out.toString()).contains("absent.test: cannot read");
  }

  @Test
  void promql_noFile_isAUsageError() {
    int status = run("test", "promql");

    assertThat(status).isEqualTo(ExitCodes.USAGE);
  }
}
