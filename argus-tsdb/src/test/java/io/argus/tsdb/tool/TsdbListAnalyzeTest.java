package io.argus.tsdb.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.testkit.SharedTestData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TsdbListAnalyzeTest {
  private static final String LIST =
      """
      BLOCK ULID                  MIN TIME       MAX TIME       DURATION     NUM SAMPLES  \
      NUM CHUNKS   NUM SERIES   SIZE
      01M8CZ7T5ZJ407XXGJFF1RGFF5  1700000000000  1700000136001  2m16.001s    13           \
      3            3            1033
      """;

  @Test
  void list_sampleBlock_printsPromtoolTable() throws IOException {
    assertThat(list(SharedTestData.sampleDir(), false)).isEqualTo(LIST);
  }

  @Test
  void list_sampleBlock_equalsPromtoolOutputInBothModes() throws IOException {
    assumeTrue(ExternalProcess.promtoolAvailable(), "/usr/bin/promtool is absent; skipping");
    Path dir = SharedTestData.sampleDir();
    assertThat(list(dir, false)).isEqualTo(promtool("tsdb", "list", dir.toString()));
    assertThat(list(dir, true)).isEqualTo(promtool("tsdb", "list", "-r", dir.toString()));
  }

  @Test
  void analyze_sampleBlock_printsPromtoolFigures() throws IOException {
    String text = analyze(SharedTestData.sampleDir(), null, 20);
    assertThat(text)
        .startsWith(
            """
            Block ID: 01M8CZ7T5ZJ407XXGJFF1RGFF5
            Duration: 2m16.001s
            Series: 3
            Label names: 4
            Postings (unique label pairs): 6
            Postings entries (total label pairs): 8
            """)
        .contains(
            """
            Label names most involved in churning:
            1 __name__
            0 code
            0 method
            0 room
            """)
        .endsWith(
            """
            Highest cardinality metric names:
            2 http_requests_total
            1 room_temperature_celsius
            """);
  }

  @Test
  void analyze_sampleBlock_matchesPromtoolUpToOrderOfTies() throws IOException {
    assumeTrue(ExternalProcess.promtoolAvailable(), "/usr/bin/promtool is absent; skipping");
    Path dir = SharedTestData.sampleDir();
    String ours = analyze(dir, SharedTestData.SAMPLE_BLOCK_ULID, 3);
    String theirs = promtool("tsdb", "analyze", "--limit=3", dir.toString());
    assertThat(sections(ours)).hasSameSizeAs(sections(theirs));
    for (int i = 0; i < sections(ours).size(); i++) {
      List<String> a = sections(ours).get(i);
      List<String> b = sections(theirs).get(i);
      assertThat(a).as("section %d", i).hasSameSizeAs(b);
      // Equal figures come out in random order from promtool: compare the figure columns.
      assertThat(a.stream().map(l -> l.split(" ")[0]).toList())
          .isEqualTo(b.stream().map(l -> l.split(" ")[0]).toList());
    }
  }

  @Test
  void analyze_unknownBlock_failsLikePromtool() {
    Path dir = SharedTestData.sampleDir();
    assertThatThrownBy(() -> analyze(dir, "01AAAAAAAAAAAAAAAAAAAAAAAA", 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("block 01AAAAAAAAAAAAAAAAAAAAAAAA not found");
  }

  static String list(Path dir, boolean humanReadable) throws IOException {
    StringWriter text = new StringWriter();
    TsdbList.run(dir, humanReadable, new PrintWriter(text));
    return text.toString();
  }

  static String analyze(Path dir, String block, int limit) throws IOException {
    StringWriter text = new StringWriter();
    TsdbAnalyze.run(dir, block, limit, new PrintWriter(text));
    return text.toString();
  }

  private static String promtool(String... args) {
    ExternalProcess.Result r = ExternalProcess.promtool(args);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.stdout();
  }

  /** Splits analyze output into blank-line separated sections of lines. */
  private static List<List<String>> sections(String text) {
    List<List<String>> out = new ArrayList<>();
    for (String section : text.split("\n\n")) {
      out.add(List.of(section.split("\n")));
    }
    return out;
  }
}
