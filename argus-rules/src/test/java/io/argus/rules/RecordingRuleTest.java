package io.argus.rules;

import static io.argus.rules.RuleFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.promql.Sample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingRuleTest {
  @TempDir Path dir;
  private RuleFixture f;

  @BeforeEach
  void open() {
    f = new RuleFixture(dir);
    f.add(Labels.of("__name__", "http_requests", "job", "a", "instance", "1"), T0 - 10_000, 3);
    f.add(Labels.of("__name__", "http_requests", "job", "a", "instance", "2"), T0 - 10_000, 4);
    f.add(Labels.of("__name__", "http_requests", "job", "b", "instance", "1"), T0 - 10_000, 5);
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void eval_setsNameAndRuleLabels() {
    RecordingRule rule =
        new RecordingRule(
            "job:http_requests:sum", "sum by (job) (http_requests)", Labels.of("env", "prod"));

    List<Sample> out = rule.eval(T0, 0, f.query, null, 0);

    assertThat(out)
        .extracting(Sample::labels, Sample::t, Sample::v)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                Labels.of("__name__", "job:http_requests:sum", "env", "prod", "job", "a"), T0, 7.0),
            org.assertj.core.groups.Tuple.tuple(
                Labels.of("__name__", "job:http_requests:sum", "env", "prod", "job", "b"),
                T0,
                5.0));
  }

  @Test
  void eval_ruleLabelOverridesResultLabel() {
    RecordingRule rule = new RecordingRule("r", "http_requests{job=\"b\"}", Labels.of("job", "z"));

    assertThat(rule.eval(T0, 0, f.query, null, 0))
        .singleElement()
        .extracting(Sample::labels)
        .isEqualTo(Labels.of("__name__", "r", "instance", "1", "job", "z"));
  }

  @Test
  void eval_scalarResult_becomesSeriesWithOnlyTheName() {
    RecordingRule rule = new RecordingRule("two", "scalar(vector(2))", Labels.EMPTY);

    assertThat(rule.eval(T0, 0, f.query, null, 0))
        .containsExactly(new Sample(Labels.of("__name__", "two"), T0, 2));
  }

  @Test
  void eval_queryOffset_evaluatesEarlier() {
    RecordingRule rule = new RecordingRule("t", "time()", Labels.EMPTY);

    assertThat(rule.eval(T0, 60_000, f.query, null, 0))
        .containsExactly(new Sample(Labels.of("__name__", "t"), T0 - 60_000, (T0 - 60_000) / 1e3));
  }

  @Test
  void eval_sameLabelsetAfterRename_fails() {
    f.add(Labels.of("__name__", "other", "job", "b", "instance", "1"), T0 - 10_000, 1);
    RecordingRule rule =
        new RecordingRule("r", "{__name__=~\"http_requests|other\",job=\"b\"}", Labels.EMPTY);

    assertThatThrownBy(() -> rule.eval(T0, 0, f.query, null, 0))
        .isInstanceOf(RuleEvaluationException.class)
        .hasMessage("vector contains metrics with the same labelset after applying rule labels");
  }

  @Test
  void eval_overLimit_failsAtLimitSucceeds() {
    RecordingRule rule = new RecordingRule("r", "http_requests", Labels.EMPTY);

    assertThatThrownBy(() -> rule.eval(T0, 0, f.query, null, 2))
        .isInstanceOf(RuleEvaluationException.class)
        .hasMessage("exceeded limit of 2 with 3 series");
    assertThat(rule.eval(T0, 0, f.query, null, 3)).hasSize(3);
  }

  @Test
  void eval_stringResult_fails() {
    RecordingRule rule = new RecordingRule("r", "\"text\"", Labels.EMPTY);

    assertThatThrownBy(() -> rule.eval(T0, 0, f.query, null, 0))
        .hasMessage("rule result is not a vector or scalar");
  }

  @Test
  void definition_differsWhenLabelsDiffer() {
    RecordingRule a = new RecordingRule("r", "up", Labels.of("a", "1"));
    RecordingRule b = new RecordingRule("r", "up", Labels.of("a", "2"));

    assertThat(a.definition()).isNotEqualTo(b.definition());
    assertThat(a.definition())
        .isEqualTo(new RecordingRule("r", "up", Labels.of("a", "1")).definition());
  }
}
