package io.argus.tsdb.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Matcher;
import io.argus.testkit.SharedTestData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TsdbDumpTest {
  @Test
  void run_sampleBlock_printsExactlyPromtoolsDump() throws IOException {
    Path dir = SharedTestData.sampleDir();
    assertThat(DumpText.argusDump(dir))
        .isEqualTo(Files.readAllLines(dir.resolve("promtool-dump.txt")));
  }

  @Test
  void run_timeRangeAndMatchers_selectInclusively() throws IOException {
    StringWriter text = new StringWriter();
    TsdbDump.run(
        SharedTestData.sampleDir(),
        1_700_000_015_000L,
        1_700_000_030_000L,
        SeriesSelectors.parse("{__name__=~\"http.*\", code!=\"500\"}"),
        new PrintWriter(text));
    assertThat(text.toString())
        .isEqualTo(
            """
            {__name__="http_requests_total", code="200", method="get"} 25 1700000015000
            {__name__="http_requests_total", code="200", method="get"} 40 1700000030000
            """);
  }

  @Test
  void run_noMatchingSeries_printsNothing() throws IOException {
    StringWriter text = new StringWriter();
    TsdbDump.run(
        SharedTestData.sampleDir(),
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        List.of(Matcher.equal("__name__", "absent")),
        new PrintWriter(text));
    assertThat(text.toString()).isEmpty();
  }
}
