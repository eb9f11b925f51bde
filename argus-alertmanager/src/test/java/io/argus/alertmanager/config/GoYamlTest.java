package io.argus.alertmanager.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.alertmanager.config.GoYaml.MapNode;
import io.argus.alertmanager.config.GoYaml.Node;
import io.argus.alertmanager.config.GoYaml.Seq;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The yaml.v2 printing rules; expectations are what Alertmanager 0.25 printed for these values. */
class GoYamlTest {
  private static String one(String key, Node value) {
    return GoYaml.document(new MapNode(List.of(Map.entry(key, value))));
  }

  private static String value(String s) {
    String doc = one("k", GoYaml.str(s));
    return doc.substring("k: ".length(), doc.length() - 1);
  }

  @Test
  void document_quotesOnlyWhatWouldNotReadBackAsTheSameString() {
    assertThat(value("plain text")).isEqualTo("plain text");
    assertThat(value("quote's")).isEqualTo("quote's");
    assertThat(value("0777")).isEqualTo("\"0777\"");
    assertThat(value("0x1F")).isEqualTo("\"0x1F\"");
    assertThat(value("0xZZ")).isEqualTo("0xZZ");
    assertThat(value("1_000")).isEqualTo("\"1_000\"");
    assertThat(value(".5")).isEqualTo("\".5\"");
    assertThat(value("1.5.")).isEqualTo("1.5.");
    assertThat(value("99999999999999999999")).isEqualTo("\"99999999999999999999\"");
    assertThat(value("12:30")).isEqualTo("\"12:30\"");
    assertThat(value("-1:2")).isEqualTo("\"-1:2\"");
    assertThat(value("2021-02-03T04:05:06Z")).isEqualTo("\"2021-02-03T04:05:06Z\"");
    assertThat(value("2021-13-01")).isEqualTo("2021-13-01");
    assertThat(value("Off")).isEqualTo("\"Off\"");
    assertThat(value("~")).isEqualTo("\"~\"");
    assertThat(value("")).isEqualTo("\"\"");
    assertThat(value(" leading space")).isEqualTo("' leading space'");
    assertThat(value("x #comment")).isEqualTo("'x #comment'");
    assertThat(value("colon: space")).isEqualTo("'colon: space'");
    assertThat(value("--- doc")).isEqualTo("'--- doc'");
    assertThat(value("tab\tinside")).isEqualTo("\"tab\\tinside\"");
    assertThat(value("ünïcödé")).isEqualTo("ünïcödé");
    assertThat(value("\uD83D\uDE00 emoji")).isEqualTo("\"\\U0001F600 emoji\"");
    assertThat(value("{{ template \"x\" . }}")).isEqualTo("'{{ template \"x\" . }}'");
  }

  @Test
  void document_foldsLongScalarsAfterColumn80() {
    assertThat(
            one(
                "title",
                GoYaml.str(
                    "A very long title that goes on and on past the eightieth column of the"
                        + " line for sure, yes it does")))
        .isEqualTo(
            "title: A very long title that goes on and on past the eightieth column of the line\n"
                + "  for sure, yes it does\n");
  }

  @Test
  void document_writesMultiLineStringsAsLiteralBlocksWithChompingAndIndentHints() {
    assertThat(one("t", GoYaml.str("line one\nline two\n")))
        .isEqualTo("t: |\n  line one\n  line two\n");
    assertThat(one("t", GoYaml.str("multi\nline"))).isEqualTo("t: |-\n  multi\n  line\n");
    assertThat(one("t", GoYaml.str("two breaks\n\n"))).isEqualTo("t: |+\n  two breaks\n\n");
    assertThat(one("t", GoYaml.str("\nfirst"))).isEqualTo("t: |2-\n\n  first\n");
    assertThat(one("t", GoYaml.str("trailing space \nthen")))
        .isEqualTo("t: \"trailing space \\nthen\"\n");
  }

  @Test
  void document_sortsMapKeysAsYamlV2() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : List.of("l10", "a10", "Z", "a2", "l9", "a01", "b")) {
      m.put(k, "x");
    }
    assertThat(GoYaml.sortedStringMap(m).stream().map(Map.Entry::getKey))
        .containsExactly("Z", "a01", "a2", "a10", "b", "l9", "l10");
  }

  @Test
  void document_printsCollectionsBlockFlowAndEmpty() {
    Node intervals =
        new Seq(
            List.of(
                new MapNode(
                    List.of(
                        Map.entry(
                            "weekdays",
                            new Seq(
                                List.of(GoYaml.str("sunday"), GoYaml.str("monday:tuesday")),
                                true)),
                        Map.entry("location", GoYaml.str("UTC"))),
                    true),
                new MapNode(
                    List.of(
                        Map.entry(
                            "days_of_month",
                            new Seq(List.of(GoYaml.str("1:5"), GoYaml.str("-3:-1")), true)),
                        Map.entry("empty", new Seq(List.of(), false))))),
            false);
    assertThat(one("time_intervals", intervals))
        .isEqualTo(
            """
            time_intervals:
            - {weekdays: [sunday, 'monday:tuesday'], location: UTC}
            - days_of_month: ["1:5", '-3:-1']
              empty: []
            """);
  }
}
