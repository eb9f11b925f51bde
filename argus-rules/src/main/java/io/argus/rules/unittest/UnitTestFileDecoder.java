package io.argus.rules.unittest;

import io.argus.model.labels.Labels;
import io.argus.rules.config.YamlTree;
import io.argus.rules.config.YamlTree.YEntry;
import io.argus.rules.config.YamlTree.YMap;
import io.argus.rules.config.YamlTree.YNode;
import io.argus.rules.config.YamlTree.YScalar;
import io.argus.rules.config.YamlTree.YSeq;
import io.argus.rules.unittest.UnitTestFile.AlertTestCase;
import io.argus.rules.unittest.UnitTestFile.ExpectedAlert;
import io.argus.rules.unittest.UnitTestFile.ExpectedSample;
import io.argus.rules.unittest.UnitTestFile.InputSeries;
import io.argus.rules.unittest.UnitTestFile.PromqlTestCase;
import io.argus.rules.unittest.UnitTestFile.TestGroup;
import io.argus.util.PrometheusDurations;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a unit-test file strictly, as promtool 2.42 does with yaml.v2's {@code UnmarshalStrict}:
 * unknown and repeated fields and values of the wrong kind are collected into one {@code yaml:
 * unmarshal errors:} message naming each line; a bad duration stops decoding with its own message.
 * Stateless and thread-safe.
 */
final class UnitTestFileDecoder {
  private UnitTestFileDecoder() {}

  /** Thrown with the whole message promtool prints for a file that does not decode. */
  static final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    DecodeException(String message) {
      super(message, null, false, false);
    }
  }

  /** Stops decoding at once (an error returned by a custom unmarshaler, such as a duration's). */
  private static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abort(String message) {
      super(message, null, false, false);
    }
  }

  static UnitTestFile decode(String text) throws DecodeException {
    YNode root;
    try {
      root = YamlTree.parse(text);
    } catch (YamlTree.SyntaxException e) {
      throw new DecodeException(e.getMessage());
    }
    Decoding d = new Decoding();
    UnitTestFile file;
    try {
      file = root == null || isNull(root) ? EMPTY : d.file(root);
    } catch (Abort e) {
      throw new DecodeException(e.getMessage());
    }
    if (!d.errors.isEmpty()) {
      throw new DecodeException("yaml: unmarshal errors:\n  " + String.join("\n  ", d.errors));
    }
    return file;
  }

  private static final UnitTestFile EMPTY = new UnitTestFile(List.of(), 0, List.of(), List.of());

  private static boolean isNull(YNode n) {
    return n instanceof YScalar s && s.isNull();
  }

  /** The state of one decoding: the type errors collected so far. */
  private static final class Decoding {
    final List<String> errors = new ArrayList<>();

    UnitTestFile file(YNode node) {
      if (!isStruct(node, "main.unitTestFile")) {
        return EMPTY;
      }
      List<String> ruleFiles = List.of();
      long evaluationInterval = 0;
      List<String> groupEvalOrder = List.of();
      List<TestGroup> tests = List.of();
      for (YEntry e : fields(node, "main.unitTestFile")) {
        YNode v = e.value();
        switch (e.keyText()) {
          case "rule_files" -> ruleFiles = list(v, "[]string", this::string);
          case "evaluation_interval" -> evaluationInterval = duration(v);
          case "group_eval_order" -> groupEvalOrder = list(v, "[]string", this::string);
          case "tests" -> tests = list(v, "[]main.testGroup", this::testGroup);
          default -> unknownField(e, "main.unitTestFile");
        }
      }
      return new UnitTestFile(ruleFiles, evaluationInterval, groupEvalOrder, tests);
    }

    @Nullable TestGroup testGroup(YNode node) {
      if (!isStruct(node, "main.testGroup")) {
        return null;
      }
      long interval = 0;
      List<InputSeries> input = List.of();
      List<AlertTestCase> alerts = List.of();
      List<PromqlTestCase> exprs = List.of();
      Labels externalLabels = Labels.EMPTY;
      String externalUrl = "";
      String name = "";
      for (YEntry e : fields(node, "main.testGroup")) {
        YNode v = e.value();
        switch (e.keyText()) {
          case "interval" -> interval = duration(v);
          case "input_series" -> input = list(v, "[]main.series", this::series);
          case "alert_rule_test" -> alerts = list(v, "[]main.alertTestCase", this::alertTestCase);
          case "promql_expr_test" ->
              exprs = list(v, "[]main.promqlTestCase", this::promqlTestCase);
          case "external_labels" -> externalLabels = Labels.of(stringMap(v));
          case "external_url" -> externalUrl = string(v);
          case "name" -> name = string(v);
          default -> unknownField(e, "main.testGroup");
        }
      }
      return new TestGroup(interval, input, alerts, exprs, externalLabels, externalUrl, name);
    }

    @Nullable InputSeries series(YNode node) {
      if (!isStruct(node, "main.series")) {
        return null;
      }
      String series = "";
      String values = "";
      for (YEntry e : fields(node, "main.series")) {
        switch (e.keyText()) {
          case "series" -> series = string(e.value());
          case "values" -> values = string(e.value());
          default -> unknownField(e, "main.series");
        }
      }
      return new InputSeries(series, values);
    }

    @Nullable AlertTestCase alertTestCase(YNode node) {
      if (!isStruct(node, "main.alertTestCase")) {
        return null;
      }
      long evalTime = 0;
      String alertname = "";
      List<ExpectedAlert> expAlerts = List.of();
      for (YEntry e : fields(node, "main.alertTestCase")) {
        YNode v = e.value();
        switch (e.keyText()) {
          case "eval_time" -> evalTime = duration(v);
          case "alertname" -> alertname = string(v);
          case "exp_alerts" -> expAlerts = list(v, "[]main.alert", this::expectedAlert);
          default -> unknownField(e, "main.alertTestCase");
        }
      }
      return new AlertTestCase(evalTime, alertname, expAlerts);
    }

    @Nullable ExpectedAlert expectedAlert(YNode node) {
      if (!isStruct(node, "main.alert")) {
        return null;
      }
      Map<String, String> labels = null;
      Map<String, String> annotations = null;
      for (YEntry e : fields(node, "main.alert")) {
        YNode v = e.value();
        switch (e.keyText()) {
          case "exp_labels" -> labels = isNull(v) ? null : stringMap(v);
          case "exp_annotations" -> annotations = isNull(v) ? null : stringMap(v);
          default -> unknownField(e, "main.alert");
        }
      }
      return new ExpectedAlert(labels, annotations);
    }

    @Nullable PromqlTestCase promqlTestCase(YNode node) {
      if (!isStruct(node, "main.promqlTestCase")) {
        return null;
      }
      String expr = "";
      long evalTime = 0;
      List<ExpectedSample> samples = List.of();
      for (YEntry e : fields(node, "main.promqlTestCase")) {
        YNode v = e.value();
        switch (e.keyText()) {
          case "expr" -> expr = string(v);
          case "eval_time" -> evalTime = duration(v);
          case "exp_samples" -> samples = list(v, "[]main.sample", this::expectedSample);
          default -> unknownField(e, "main.promqlTestCase");
        }
      }
      return new PromqlTestCase(expr, evalTime, samples);
    }

    @Nullable ExpectedSample expectedSample(YNode node) {
      if (!isStruct(node, "main.sample")) {
        return null;
      }
      String labels = "";
      double value = 0;
      for (YEntry e : fields(node, "main.sample")) {
        YNode v = e.value();
        switch (e.keyText()) {
          case "labels" -> labels = string(v);
          case "value" -> value = float64(v);
          default -> unknownField(e, "main.sample");
        }
      }
      return new ExpectedSample(labels, value);
    }

    /** The entries of a struct's mapping; repeated fields are reported and skipped. */
    private List<YEntry> fields(YNode node, String type) {
      if (!(node instanceof YMap map)) {
        return List.of();
      }
      Set<String> own = new HashSet<>();
      for (YEntry e : map.entries()) {
        if (!e.merged()) {
          own.add(e.keyText());
        }
      }
      List<YEntry> out = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (YEntry e : map.entries()) {
        String key = e.keyText();
        if (e.merged()) {
          // Keys merged in with << yield to the mapping's own keys and to earlier merged ones.
          if (!own.contains(key) && seen.add(key)) {
            out.add(e);
          }
          continue;
        }
        if (!seen.add(key)) {
          errors.add("line " + e.key().line() + ": field " + key + " already set in type " + type);
          continue;
        }
        out.add(e);
      }
      return out;
    }

    private boolean isStruct(YNode node, String type) {
      if (node instanceof YMap) {
        return true;
      }
      if (!isNull(node)) {
        cannotUnmarshal(node, type);
      }
      return false;
    }

    private void unknownField(YEntry e, String type) {
      errors.add("line " + e.key().line() + ": field " + e.keyText() + " not found in type " + type);
    }

    private <T> List<T> list(YNode node, String type, Function<YNode, @Nullable T> item) {
      if (node instanceof YSeq seq) {
        List<T> out = new ArrayList<>(seq.items().size());
        for (YNode n : seq.items()) {
          T t = item.apply(n);
          if (t != null) {
            out.add(t);
          }
        }
        return out;
      }
      if (!isNull(node)) {
        cannotUnmarshal(node, type);
      }
      return List.of();
    }

    private String string(YNode node) {
      if (node instanceof YScalar s) {
        return s.isNull() ? "" : s.value();
      }
      cannotUnmarshal(node, "string");
      return "";
    }

    private Map<String, String> stringMap(YNode node) {
      Map<String, String> out = new LinkedHashMap<>();
      if (node instanceof YMap map) {
        for (YEntry e : map.entries()) {
          String key = string(e.key());
          if (out.containsKey(key)) {
            errors.add("line " + e.key().line() + ": key \"" + key + "\" already set in map");
            continue;
          }
          out.put(key, string(e.value()));
        }
      } else if (!isNull(node)) {
        cannotUnmarshal(node, "map[string]string");
      }
      return out;
    }

    private double float64(YNode node) {
      if (node instanceof YScalar s) {
        switch (s.tag()) {
          case "!!null" -> {
            return 0;
          }
          case "!!int", "!!float" -> {
            return parseYamlFloat(s.value());
          }
          default -> {}
        }
      }
      cannotUnmarshal(node, "float64");
      return 0;
    }

    /** A Prometheus duration, as {@code model.Duration}'s YAML unmarshaler reads it. */
    private long duration(YNode node) {
      if (!(node instanceof YScalar s)) {
        cannotUnmarshal(node, "string");
        return 0;
      }
      String text = s.isNull() ? "" : s.value();
      if (text.isEmpty()) {
        throw new Abort("empty duration string");
      }
      try {
        return PrometheusDurations.parse(text);
      } catch (IllegalArgumentException e) {
        throw new Abort("not a valid duration string: \"" + text + "\"");
      }
    }

    private void cannotUnmarshal(YNode node, String type) {
      String shown = "";
      if (node instanceof YScalar s) {
        String v = s.value();
        shown = v.length() > 10 ? " `" + v.substring(0, 7) + "...`" : " `" + v + "`";
      }
      errors.add(
          "line " + node.line() + ": cannot unmarshal " + node.tag() + shown + " into " + type);
    }
  }

  private static double parseYamlFloat(String text) {
    String t = text.replace("_", "");
    switch (t) {
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-.inf", "-.Inf", "-.INF" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case ".nan", ".NaN", ".NAN" -> {
        return Double.NaN;
      }
      default -> {}
    }
    String lower = t.toLowerCase();
    boolean negative = lower.startsWith("-");
    String digits = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
    long radixValue;
    if (digits.startsWith("0x")) {
      radixValue = Long.parseLong(digits.substring(2), 16);
    } else if (digits.startsWith("0o")) {
      radixValue = Long.parseLong(digits.substring(2), 8);
    } else if (digits.startsWith("0b")) {
      radixValue = Long.parseLong(digits.substring(2), 2);
    } else {
      return Double.parseDouble(t);
    }
    return negative ? -radixValue : radixValue;
  }
}
