package io.argus.model.textparse;

import static io.argus.model.textparse.Samples.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromTextParserTest {

  @Test
  void next_histogramAndSummaryExposition() {
    TextParser p =
        text(
            """
            # A histogram, which has a pretty complex representation in the text format:
            # HELP http_request_duration_seconds A histogram of the request duration.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            http_request_duration_seconds_count 144320

            # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.01"} 3102
            rpc_duration_seconds{quantile="0.99"} 76656
            rpc_duration_seconds_sum 1.7560473e+07
            rpc_duration_seconds_count 2693
            """);
    List<String> seen = new ArrayList<>();
    LabelsBuilder b = new LabelsBuilder();
    for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
      switch (e) {
        case COMMENT -> seen.add("comment " + p.comment());
        case HELP -> seen.add("help " + p.metricName() + " " + p.help());
        case TYPE -> seen.add("type " + p.metricName() + " " + p.type());
        case SERIES -> {
          p.labels(b);
          seen.add(b.build() + " " + p.value() + " " + p.seriesType() + " @" + p.lineNumber());
        }
        default -> seen.add(e.toString());
      }
    }
    assertThat(seen)
        .containsExactly(
            "comment # A histogram, which has a pretty complex representation in the text format:",
            "help http_request_duration_seconds A histogram of the request duration.",
            "type http_request_duration_seconds HISTOGRAM",
            "{__name__=\"http_request_duration_seconds_bucket\", le=\"0.05\"} 24054.0 HISTOGRAM @4",
            "{__name__=\"http_request_duration_seconds_bucket\", le=\"+Inf\"} 144320.0 HISTOGRAM"
                + " @5",
            "{__name__=\"http_request_duration_seconds_sum\"} 53423.0 HISTOGRAM @6",
            "{__name__=\"http_request_duration_seconds_count\"} 144320.0 HISTOGRAM @7",
            "help rpc_duration_seconds A summary of the RPC duration in seconds.",
            "type rpc_duration_seconds SUMMARY",
            "{__name__=\"rpc_duration_seconds\", quantile=\"0.01\"} 3102.0 SUMMARY @11",
            "{__name__=\"rpc_duration_seconds\", quantile=\"0.99\"} 76656.0 SUMMARY @12",
            "{__name__=\"rpc_duration_seconds_sum\"} 1.7560473E7 SUMMARY @13",
            "{__name__=\"rpc_duration_seconds_count\"} 2693.0 SUMMARY @14");
  }

  @Test
  void next_whitespaceTimestampsAndMissingFinalNewline() {
    List<Samples> s =
        Samples.all(
            text(
                "  metric_without_timestamp_and_labels 12.47\n"
                    + "something_weird{problem=\"division by zero\"} +Inf -3982045\n"
                    + "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot"
                    + " find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n"
                    + "spaced { a = \"b\" , } \t 1 \t 1700000000000 \t\n"
                    + "last NaN"));
    assertThat(s).hasSize(5);
    assertThat(s.get(0).hasTimestamp()).isFalse();
    assertThat(s.get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(s.get(1).timestamp()).isEqualTo(-3982045L);
    assertThat(s.get(2).labels())
        .isEqualTo(
            Labels.of(
                "__name__", "msdos_file_access_time_seconds",
                "path", "C:\\DIR\\FILE.TXT",
                "error", "Cannot find file:\n\"FILE.TXT\""));
    assertThat(s.get(3).labels()).isEqualTo(Labels.of("__name__", "spaced", "a", "b"));
    assertThat(s.get(3).timestamp()).isEqualTo(1700000000000L);
    assertThat(Double.doubleToRawLongBits(s.get(4).value())).isEqualTo(0x7ff8000000000001L);
  }

  @Test
  void help_textFormatKeepsEscapedQuote() {
    TextParser p = text("# HELP m a \\\"b\\\" \\\\ c\\nd\n# TYPE m untyped\n");
    assertThat(p.next()).isEqualTo(Entry.HELP);
    assertThat(p.help()).isEqualTo("a \\\"b\\\" \\ c\nd");
    assertThat(p.next()).isEqualTo(Entry.TYPE);
    assertThat(p.type()).isEqualTo(MetricType.UNKNOWN);
    assertThat(p.next()).isEqualTo(Entry.EOF);
  }

  @Test
  void next_commentLookalikesAreComments() {
    TextParser p = text("#HELP x y\n# HELPER x\n#\n");
    assertThat(p.next()).isEqualTo(Entry.COMMENT);
    assertThat(p.comment()).isEqualTo("#HELP x y");
    assertThat(p.next()).isEqualTo(Entry.COMMENT);
    assertThat(p.next()).isEqualTo(Entry.COMMENT);
    assertThat(p.comment()).isEqualTo("#");
    assertThat(p.next()).isEqualTo(Entry.EOF);
  }

  @Test
  void forMediaType_choosesFormat() {
    byte[] b = Samples.utf8("a 1\n");
    assertThat(TextParser.forMediaType("application/openmetrics-text; version=1.0.0", b, 4))
        .isInstanceOf(OpenMetricsParser.class);
    assertThat(TextParser.forMediaType("text/plain; version=0.0.4", b, 4))
        .isInstanceOf(PromTextParser.class);
  }
}
