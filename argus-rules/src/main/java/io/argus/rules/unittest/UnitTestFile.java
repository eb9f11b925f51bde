package io.argus.rules.unittest;

import io.argus.model.labels.Labels;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A rule unit-test file as {@code promtool test rules} reads it. Durations are milliseconds; 0
 * means unset where upstream has a default.
 *
 * @param ruleFiles the rule file patterns, as written (relative to the test file's directory)
 * @param evaluationIntervalMillis how often the rules are evaluated (unset: 1m)
 * @param groupEvalOrder group names in the order they are evaluated at each step (partial)
 * @param tests the test groups
 */
public record UnitTestFile(
    List<String> ruleFiles,
    long evaluationIntervalMillis,
    List<String> groupEvalOrder,
    List<TestGroup> tests) {

  /**
   * Input series and the tests run over them.
   *
   * @param intervalMillis the spacing of the input series' samples (unset: 0, as upstream)
   * @param externalLabels what {@code $externalLabels} holds in templates
   * @param externalUrl what {@code $externalURL} holds in templates
   * @param name the test group's name, or empty
   */
  public record TestGroup(
      long intervalMillis,
      List<InputSeries> inputSeries,
      List<AlertTestCase> alertRuleTests,
      List<PromqlTestCase> promqlExprTests,
      Labels externalLabels,
      String externalUrl,
      String name) {}

  /** One input series in the promqltest notation: {@code series} labels and {@code values}. */
  public record InputSeries(String series, String values) {}

  /**
   * The firing alerts of one alert name expected at one evaluation time.
   *
   * @param alertname empty when the file does not give it (an error when the test runs)
   */
  public record AlertTestCase(long evalTimeMillis, String alertname, List<ExpectedAlert> expAlerts) {}

  /** An expected firing alert: its labels (without {@code alertname}) and annotations. */
  public record ExpectedAlert(
      @Nullable Map<String, String> expLabels, @Nullable Map<String, String> expAnnotations) {}

  /** The result expected from {@code expr} at {@code evalTimeMillis}. */
  public record PromqlTestCase(String expr, long evalTimeMillis, List<ExpectedSample> expSamples) {}

  /** One expected sample: its series in the {@code metric{labels}} notation and its value. */
  public record ExpectedSample(String labels, double value) {}
}
