package io.argus.model.textparse;

import static io.argus.model.textparse.Samples.om;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenMetricsParserTest {

  @Test
  void next_sharedSampleGivesPromtoolDump() throws IOException {
    String shared = System.getProperty("argus.shared.dir");
    assumeTrue(shared != null, "argus.shared.dir not set; skipping sample test");
    Path dir = Path.of(shared, "testdata", "prom-block-sample");
    assumeTrue(Files.isDirectory(dir), "shared folder " + dir + " absent; skipping sample test");

    byte[] input = Files.readAllBytes(dir.resolve("input.om"));
    List<Samples> got = Samples.all(new OpenMetricsParser(input, input.length));
    List<String> dump =
        Files.readAllLines(dir.resolve("promtool-dump.txt")).stream()
            .filter(l -> !l.isBlank())
            .toList();

    assertThat(got).hasSize(13).hasSameSizeAs(dump);
    for (int i = 0; i < dump.size(); i++) {
      String line = dump.get(i);
      int close = line.lastIndexOf('}');
      String[] rest = line.substring(close + 2).split(" ");
      Samples s = got.get(i);
      assertThat(s.labels().toString()).isEqualTo(line.substring(0, close + 1));
      assertThat(s.value()).isEqualTo(Double.parseDouble(rest[0]));
      assertThat(s.hasTimestamp()).isTrue();
      assertThat(s.timestamp()).isEqualTo(Long.parseLong(rest[1]));
    }
  }

  @Test
  void next_metadataEntriesAndFamilies() {
    TextParser p =
        om(
            """
            # TYPE http_request_duration_seconds histogram
            # UNIT http_request_duration_seconds seconds
            # HELP http_request_duration_seconds A "histogram" with \\\\ and \\n.
            http_request_duration_seconds_bucket{le="0.5"} 3
            http_request_duration_seconds_bucket{le="+Inf"} 4
            http_request_duration_seconds_sum 1.5
            http_request_duration_seconds_count 4
            http_request_duration_seconds_created 1700000000
            other_total 1
            # EOF
            """);
    assertThat(p.next()).isEqualTo(Entry.TYPE);
    assertThat(p.metricName()).isEqualTo("http_request_duration_seconds");
    assertThat(p.type()).isEqualTo(MetricType.HISTOGRAM);
    assertThat(p.next()).isEqualTo(Entry.UNIT);
    assertThat(p.unit()).isEqualTo("seconds");
    assertThat(p.next()).isEqualTo(Entry.HELP);
    assertThat(p.help()).isEqualTo("A \"histogram\" with \\ and \n.");
    assertThat(p.lineNumber()).isEqualTo(3);
    for (int i = 0; i < 5; i++) {
      assertThat(p.next()).isEqualTo(Entry.SERIES);
      assertThat(p.seriesType()).isEqualTo(MetricType.HISTOGRAM);
    }
    assertThat(p.metricNameEquals("http_request_duration_seconds_created")).isTrue();
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.seriesType()).isEqualTo(MetricType.UNKNOWN);
    assertThat(p.next()).isEqualTo(Entry.EOF);
    assertThat(p.next()).isEqualTo(Entry.EOF);
  }

  @Test
  void next_counterTotalFollowsFamily() {
    TextParser p = om("# TYPE a counter\na_total 1\na_created 2\na_bucket 3\n# EOF");
    p.next();
    p.next();
    assertThat(p.seriesType()).isEqualTo(MetricType.COUNTER);
    p.next();
    assertThat(p.seriesType()).isEqualTo(MetricType.COUNTER);
    p.next();
    assertThat(p.seriesType()).isEqualTo(MetricType.UNKNOWN);
    assertThat(p.next()).isEqualTo(Entry.EOF);
  }

  @Test
  void labels_escapesDecoded() {
    TextParser p = om("foo{a=\"x\\\\y\\\"z\\nw\",b=\"\\t\",} 1\n# EOF\n");
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    LabelsBuilder b = new LabelsBuilder();
    p.labels(b);
    assertThat(b.build()).isEqualTo(Labels.of("__name__", "foo", "a", "x\\y\"z\nw", "b", "\\t"));
  }

  @Test
  void labels_utf8ValuesAndEmptyBraces() {
    TextParser p = om("foo{a=\"été ☃ 🎉\"} 1\nbar{} 2\n# EOF\n");
    LabelsBuilder b = new LabelsBuilder();
    p.next();
    p.labels(b);
    assertThat(b.get("a")).isEqualTo("été ☃ 🎉");
    p.next();
    p.labels(b);
    assertThat(b.build()).isEqualTo(Labels.of("__name__", "bar"));
  }

  @Test
  void value_specialFloats() {
    List<Samples> s = Samples.all(om("a +Inf\nb -Inf\nc NaN\nd 1.5e3\ne -0.25\nf inf\n# EOF\n"));
    assertThat(s)
        .extracting(Samples::value)
        .containsExactly(
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.NaN,
            1500.0,
            -0.25,
            Double.POSITIVE_INFINITY);
    assertThat(Double.doubleToRawLongBits(s.get(2).value())).isEqualTo(0x7ff8000000000001L);
  }

  @Test
  void timestamp_secondsToMillis() {
    List<Samples> s =
        Samples.all(
            om("a 1 1700000000\nb 1 -1.5\nc 1 0.0005\nd 1 1700000000.123\ne 1\nf 1 1e3\n# EOF\n"));
    assertThat(s)
        .extracting(Samples::timestamp)
        .containsExactly(1700000000000L, -1500L, 0L, (long) (1700000000.123 * 1000), 0L, 1000000L);
    assertThat(s.get(4).hasTimestamp()).isFalse();
  }

  @Test
  void exemplar_withAndWithoutTimestamp() {
    TextParser p =
        om(
            """
            foo_bucket{le="1"} 3 # {trace_id="abc",span=""} 0.5 1700000000.25
            foo_bucket{le="2"} 4 1700000001 # {trace_id="def"} 1.5
            foo_bucket{le="3"} 5
            # EOF
            """);
    LabelsBuilder b = new LabelsBuilder();
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.hasExemplar()).isTrue();
    assertThat(p.hasTimestamp()).isFalse();
    p.exemplarLabels(b);
    assertThat(b.build()).isEqualTo(Labels.of("trace_id", "abc"));
    assertThat(p.exemplarValue()).isEqualTo(0.5);
    assertThat(p.exemplarHasTimestamp()).isTrue();
    assertThat(p.exemplarTimestamp()).isEqualTo(1700000000250L);
    p.labels(b);
    assertThat(b.build()).isEqualTo(Labels.of("__name__", "foo_bucket", "le", "1"));

    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.timestamp()).isEqualTo(1700000001000L);
    assertThat(p.hasExemplar()).isTrue();
    assertThat(p.exemplarHasTimestamp()).isFalse();
    assertThat(p.exemplarValue()).isEqualTo(1.5);

    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.hasExemplar()).isFalse();
    assertThat(p.next()).isEqualTo(Entry.EOF);
  }

  @Test
  void next_eofWithoutNewlineAccepted() {
    assertThat(Samples.all(om("a 1\n# EOF"))).hasSize(1);
  }

  @Test
  void parse_lengthLimitsInput() {
    byte[] b = Samples.utf8("a 1\n# EOF\ngarbage");
    assertThat(Samples.all(new OpenMetricsParser(b, 10))).hasSize(1);
  }
}
