package io.argus.app.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.app.Main;
import io.argus.app.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbCommandTest {
  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(
        Main.productionContext(), args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static Path sample() {
    String shared = System.getProperty("argus.shared.dir");
    assumeTrue(shared != null, "system property argus.shared.dir not set; skipping");
    Path dir = Path.of(shared, "testdata", "prom-block-sample");
    assumeTrue(Files.isDirectory(dir), dir + " is absent; skipping");
    return dir;
  }

  @Test
  void list_humanReadable_printsPromtoolTable() {
    int status = run("tsdb", "list", "-r", sample().toString());

    assertThat(status).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("01M8CZ7T5ZJ407XXGJFF1RGFF5  2023-11-14 22:13:20 +0000 UTC")
        .endsWith("1KiB9B\n");
  }

  @Test
  void analyze_limit_printsThatManyEntries() {
    int status = run("tsdb", "analyze", "--limit=1", sample().toString());

    assertThat(status).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .startsWith("Block ID: 01M8CZ7T5ZJ407XXGJFF1RGFF5\n")
        .endsWith("Highest cardinality metric names:\n2 http_requests_total\n");
  }

  @Test
  void createBlocksFromThenDump_roundTripsTheSharedSample() throws Exception {
    Path blocks = tmp.resolve("blocks");
    int status =
        run(
            "tsdb",
            "create-blocks-from",
            "--quiet",
            "openmetrics",
            sample().resolve("input.om").toString(),
            blocks.toString());
    assertThat(status).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEmpty();

    status =
        run(
            "tsdb",
            "dump",
            "--match={code=\"500\"}",
            "--min-time=1700000015000",
            blocks.toString());

    assertThat(status).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .isEqualTo(
            """
            {__name__="http_requests_total", code="500", method="get"} 1 1700000015000
            {__name__="http_requests_total", code="500", method="get"} 2 1700000030000
            """);
  }

  @Test
  void dump_badSelector_isAUsageError() {
    int status = run("tsdb", "dump", "--match={a=", tmp.toString());

    assertThat(status).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--match", "parse error");
  }

  @Test
  void analyze_unknownBlock_isARuntimeError() {
    int status = run("tsdb", "analyze", sample().toString(), "01AAAAAAAAAAAAAAAAAAAAAAAA");

    assertThat(status).isEqualTo(ExitCodes.RUNTIME_ERROR);
    assertThat(List.of(out.toString())).containsExactly("");
  }
}
