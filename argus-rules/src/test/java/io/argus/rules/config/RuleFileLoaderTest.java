package io.argus.rules.config;

import static io.argus.model.relabel.NameValidationScheme.LEGACY;
import static io.argus.model.relabel.NameValidationScheme.UTF8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.relabel.NameValidationScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileLoaderTest {
  @TempDir Path tmp;

  private static RuleFileLoader.Result parse(String yaml, NameValidationScheme scheme) {
    return RuleFileLoader.parse(yaml, "rules.yml", scheme);
  }

  private static List<String> errors(String yaml) {
    return parse(yaml, LEGACY).errors();
  }

  @Test
  void parse_fullFile_fillsTheModel() {
    RuleFileLoader.Result r =
        parse(
            """
            groups:
              - name: web
                interval: 30s
                query_offset: 1m
                limit: 5
                labels:
                  team: web
                rules:
                  - record: job:requests:rate5m
                    expr: sum by (job) (rate(http_requests_total[5m]))
                    labels:
                      tier: "1"
                  - alert: Down
                    expr: up == 0
                    for: 5m
                    keep_firing_for: 2m
                    labels:
                      severity: page
                    annotations:
                      summary: "{{ $labels.instance }} is down"
              - name: other
                rules: []
            """,
            UTF8);

    assertThat(r.errors()).isEmpty();
    RuleFile file = r.ruleFile();
    assertThat(file).isNotNull();
    assertThat(file.path()).isEqualTo("rules.yml");
    assertThat(file.groups()).hasSize(2);
    RuleGroupConfig web = file.groups().get(0);
    assertThat(web.name()).isEqualTo("web");
    assertThat(web.file()).isEqualTo("rules.yml");
    assertThat(web.intervalMillis()).isEqualTo(30_000);
    assertThat(web.queryOffsetMillis()).isEqualTo(60_000L);
    assertThat(web.limit()).isEqualTo(5);
    assertThat(web.labels()).isEqualTo(Labels.of("team", "web"));
    RuleConfig recording = web.rules().get(0);
    assertThat(recording.record()).isEqualTo("job:requests:rate5m");
    assertThat(recording.alert()).isNull();
    assertThat(recording.isAlerting()).isFalse();
    assertThat(recording.expr()).isEqualTo("sum by (job) (rate(http_requests_total[5m]))");
    assertThat(recording.labels()).isEqualTo(Labels.of("tier", "1"));
    assertThat(recording.line()).isEqualTo(9);
    RuleConfig alert = web.rules().get(1);
    assertThat(alert.alert()).isEqualTo("Down");
    assertThat(alert.record()).isNull();
    assertThat(alert.forMillis()).isEqualTo(300_000);
    assertThat(alert.keepFiringForMillis()).isEqualTo(120_000);
    assertThat(alert.annotations())
        .isEqualTo(Labels.of("summary", "{{ $labels.instance }} is down"));
    assertThat(alert.line()).isEqualTo(13);
    RuleGroupConfig other = file.groups().get(1);
    assertThat(other.intervalMillis()).isZero();
    assertThat(other.queryOffsetMillis()).isNull();
    assertThat(other.limit()).isZero();
    assertThat(other.labels()).isEqualTo(Labels.EMPTY);
    assertThat(other.rules()).isEmpty();
  }

  @Test
  void parse_emptyOrNullDocument_hasNoGroups() {
    assertThat(parse("", LEGACY).ruleFile().groups()).isEmpty();
    assertThat(parse("# only a comment\n", LEGACY).ruleFile().groups()).isEmpty();
    assertThat(parse("groups:\n", LEGACY).ruleFile().groups()).isEmpty();
  }

  @Test
  void parse_queryOffsetZero_isKeptApartFromUnset() {
    RuleFile f =
        parse("groups: [{name: g, query_offset: 0s, rules: []}]\n", LEGACY).ruleFile();
    assertThat(f.groups().get(0).queryOffsetMillis()).isEqualTo(0L);
  }

  @Test
  void parse_badQueryOffset_isADurationError() {
    assertThat(errors("groups:\n  - name: g\n    query_offset: 1m1h\n"))
        .containsExactly("rules.yml: not a valid duration string: \"1m1h\"");
    assertThat(errors("groups:\n  - name: g\n    query_offset: [1m]\n"))
        .containsExactly(
            "rules.yml: yaml: unmarshal errors:\n  line 3: cannot unmarshal !!seq into string");
  }

  @Test
  void parse_groupLabels_areValidatedLikeRuleLabels() {
    String yaml =
        """
        groups:
          - name: g
            labels:
              ok: x
              bad-name: y
              __name__: z
            rules: []
        """;
    assertThat(parse(yaml, LEGACY).errors())
        .containsExactly(
            "rules.yml: invalid label name: bad-name", "rules.yml: invalid label name: __name__");
    assertThat(parse(yaml, UTF8).errors())
        .containsExactly("rules.yml: invalid label name: __name__");
  }

  @Test
  void parse_groupLabelsOfWrongType_areTypeErrors() {
    assertThat(errors("groups:\n  - name: g\n    labels: [a]\n"))
        .containsExactly(
            "rules.yml: yaml: unmarshal errors:\n"
                + "  line 3: cannot unmarshal !!seq into map[string]string");
  }

  @Test
  void parse_utf8Scheme_acceptsDottedNamesButNotBraces() {
    String yaml =
        """
        groups:
          - name: g
            rules:
              - record: http.requests.rate
                expr: up
                labels:
                  service.name: web
              - record: 'up{job="a"}'
                expr: up
        """;
    assertThat(parse(yaml, UTF8).errors())
        .containsExactly(
            "rules.yml: 8:17: group \"g\", rule 2, \"up{job=\\\"a\\\"}\": braces present in the"
                + " recording rule name; should it be in expr?: up{job=\"a\"}");
    assertThat(parse(yaml, LEGACY).errors())
        .containsExactly(
            "rules.yml: 4:17: group \"g\", rule 1, \"http.requests.rate\": invalid recording rule"
                + " name: http.requests.rate",
            "rules.yml: group \"g\", rule 1, \"http.requests.rate\": invalid label name:"
                + " service.name",
            "rules.yml: 8:17: group \"g\", rule 2, \"up{job=\\\"a\\\"}\": invalid recording rule"
                + " name: up{job=\"a\"}");
  }

  @Test
  void parse_ruleErrors_carryPositionsAndOrder() {
    List<String> errs =
        errors(
            """
            groups:
              - name: g
                rules:
                  - record: a
                    alert: B
                    expr: sum(
                  - expr: up
            """);
    assertThat(errs)
        .containsExactly(
            "rules.yml: 4:17: 5:16: group \"g\", rule 1, \"B\": only one of 'record' and 'alert'"
                + " must be set",
            "rules.yml: 6:15: group \"g\", rule 1, \"B\": could not parse expression: 1:5: parse"
                + " error: unclosed left parenthesis",
            "rules.yml: 0:0: group \"g\", rule 2, \"\": one of 'record' or 'alert' must be set");
  }

  @Test
  void parse_templates_onlyOfAlertingRules() {
    String yaml =
        """
        groups:
          - name: g
            rules:
              - record: r
                expr: up
                labels:
                  t: "{{ if }}"
              - alert: A
                expr: up
                labels:
                  t: "{{ if }}"
        """;
    List<String> errs = errors(yaml);
    assertThat(errs).hasSize(1);
    assertThat(errs.get(0))
        .startsWith("rules.yml: group \"g\", rule 2, \"A\": label \"t\": template: __alert_A:1:");
  }

  @Test
  void parse_unknownFieldsAndDuplicates_areCollectedInDocumentOrder() {
    assertThat(
            errors(
                """
                groups:
                  - name: g
                    name: h
                    colour: red
                    rules:
                      - record: a
                        expr: up
                        exprs: up
                """))
        .containsExactly(
            "rules.yml: yaml: unmarshal errors:\n"
                + "  line 3: mapping key \"name\" already defined at line 2\n"
                + "  line 4: field colour not found in type rulefmt.RuleGroup\n"
                + "  line 8: field exprs not found in type rulefmt.RuleNode");
  }

  @Test
  void parse_mergeKeys_laterKeysWinAndMapsCombine() {
    RuleFile f =
        parse(
                """
                groups:
                  - name: g
                    rules:
                      - &base
                        alert: A
                        expr: up == 0
                        labels: {severity: page, team: db}
                      - <<: *base
                        alert: B
                        labels: {severity: ticket}
                """,
                LEGACY)
            .ruleFile();
    RuleConfig b = f.groups().get(0).rules().get(1);
    assertThat(b.alert()).isEqualTo("B");
    assertThat(b.expr()).isEqualTo("up == 0");
    assertThat(b.labels()).isEqualTo(Labels.of("severity", "ticket", "team", "db"));
  }

  @Test
  void parse_longScalarInTypeError_isShortenedAsGoDoes() {
    assertThat(errors("groups:\n  - name: g\n    limit: twelve-hundred\n"))
        .containsExactly(
            "rules.yml: yaml: unmarshal errors:\n"
                + "  line 3: cannot unmarshal !!str `twelve-...` into int");
  }

  @Test
  void parse_integerForms_decodeAsGo() {
    assertThat(parse("groups: [{name: g, limit: 0x10}]", LEGACY).ruleFile().groups().get(0).limit())
        .isEqualTo(16);
    assertThat(parse("groups: [{name: g, limit: 1_000}]", LEGACY).ruleFile().groups().get(0).limit())
        .isEqualTo(1000);
  }

  @Test
  void parse_syntaxError_isReportedForBothDecodingPasses() {
    assertThat(errors("groups:\n  - name: g\n   rules: []\n"))
        .containsExactly(
            "rules.yml: yaml: line 1: did not find expected '-' indicator",
            "rules.yml: yaml: line 1: did not find expected '-' indicator");
  }

  @Test
  void load_invalidFile_throwsWithEveryError() throws Exception {
    Path f = tmp.resolve("bad.yml");
    Files.writeString(f, "groups:\n  - name: ''\n  - name: ''\n");
    assertThatThrownBy(() -> RuleFileLoader.load(f, UTF8))
        .isInstanceOfSatisfying(
            RuleFileException.class,
            e -> {
              assertThat(e.file()).isEqualTo(f.toString());
              assertThat(e.errors())
                  .containsExactly(
                      f + ": 2:5: Groupname must not be empty",
                      f + ": 3:5: Groupname must not be empty",
                      f + ": 3:5: groupname: \"\" is repeated in the same file");
            });
  }

  @Test
  void parseFile_missingFile_isGoReadError() {
    Path f = tmp.resolve("nope.yml");
    assertThat(RuleFileLoader.parseFile(f, UTF8).errors())
        .containsExactly(f + ": open " + f + ": no such file or directory");
  }

  @Test
  void load_validFile_recordsItsPath() throws Exception {
    Path f = tmp.resolve("ok.yml");
    Files.writeString(f, "groups:\n  - name: g\n    rules:\n      - record: a\n        expr: up\n");
    RuleFile file = RuleFileLoader.load(f, UTF8);
    assertThat(file.path()).isEqualTo(f.toString());
    assertThat(file.groups().get(0).file()).isEqualTo(f.toString());
  }

  @Test
  void goQuote_escapesLikeGo() {
    assertThat(RuleFileLoader.goQuote("a\"b\\c\nd\u0001é")).isEqualTo("\"a\\\"b\\\\c\\nd\\x01é\"");
  }
}
