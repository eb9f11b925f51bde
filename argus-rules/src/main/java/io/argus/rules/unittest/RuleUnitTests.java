package io.argus.rules.unittest;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import io.argus.model.relabel.NameValidationScheme;
import io.argus.promql.Engine;
import io.argus.promql.EngineOptions;
import io.argus.promql.QueryResult;
import io.argus.promql.Sample;
import io.argus.promql.Scalar;
import io.argus.promql.Vector;
import io.argus.promql.parser.PromqlParser;
import io.argus.promql.promqltest.InMemoryStorage;
import io.argus.promql.promqltest.PromqlScript;
import io.argus.promql.promqltest.PromqlScript.Load;
import io.argus.promql.promqltest.PromqlScript.LoadedSeries;
import io.argus.promql.promqltest.SeriesValues;
import io.argus.rules.AlertState;
import io.argus.rules.AlertingRule;
import io.argus.rules.Rule;
import io.argus.rules.RuleAlert;
import io.argus.rules.RuleGroup;
import io.argus.rules.RuleManager;
import io.argus.rules.RuleManagerOptions;
import io.argus.rules.RuleMetrics;
import io.argus.rules.RuleQueryFunction;
import io.argus.rules.config.RuleFileGlobs;
import io.argus.rules.config.RuleFileLoader;
import io.argus.rules.config.RuleGroupConfig;
import io.argus.rules.unittest.UnitTestFile.AlertTestCase;
import io.argus.rules.unittest.UnitTestFile.ExpectedAlert;
import io.argus.rules.unittest.UnitTestFile.ExpectedSample;
import io.argus.rules.unittest.UnitTestFile.InputSeries;
import io.argus.rules.unittest.UnitTestFile.PromqlTestCase;
import io.argus.rules.unittest.UnitTestFile.TestGroup;
import io.argus.scrape.Sleeper;
import io.argus.scrape.config.Globs;
import io.argus.storage.Appender;
import io.argus.util.Clock;
import io.argus.util.GoDuration;
import io.argus.util.GoFloat;
import io.argus.util.PrometheusDurations;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Runs rule unit-test files as {@code promtool test rules} (2.42) does and prints what it prints:
 * {@code Unit Testing:  <file>} and {@code SUCCESS} on the standard output, {@code FAILED:} and
 * each failure on the standard error. For every test group the input series are loaded lazily, up
 * to each evaluation instant, into an in-memory store; every {@code evaluation_interval} from time
 * 0 up to the latest {@code eval_time}, each rule group is evaluated (in {@code group_eval_order}),
 * alert tests compare the firing alerts of the step that covers their time, and PromQL tests run
 * at the end over what was loaded. Alerting rules write {@code ALERTS} from their first
 * evaluation (no restore). Stateless and thread-safe.
 */
public final class RuleUnitTests {
  /** Exit code when a test failed or a file could not be run. */
  public static final int FAILURE_EXIT_CODE = 1;

  private static final long DEFAULT_EVALUATION_INTERVAL_MILLIS = 60_000;
  private static final Comparator<FiringAlert> ALERT_ORDER =
      Comparator.comparing(FiringAlert::labels).thenComparing(FiringAlert::annotations);

  private RuleUnitTests() {}

  /**
   * Runs every file, printing the report.
   *
   * @return 0 when every test passed, {@link #FAILURE_EXIT_CODE} otherwise
   */
  public static int run(List<Path> files, PrintWriter out, PrintWriter err) {
    boolean failed = false;
    for (Path file : files) {
      out.println("Unit Testing:  " + file);
      out.flush();
      List<String> errors = runFile(file, err);
      if (errors.isEmpty()) {
        out.println("  SUCCESS");
      } else {
        err.println("  FAILED:");
        for (String e : errors) {
          err.println(e);
          err.flush();
          out.println();
          out.flush();
        }
        failed = true;
      }
      out.println();
      out.flush();
    }
    return failed ? FAILURE_EXIT_CODE : 0;
  }

  /** Runs one file; warnings go to {@code err} at once; returns the failures, in order. */
  static List<String> runFile(Path file, PrintWriter err) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of("open " + file + ": no such file or directory");
    } catch (IOException e) {
      return List.of("read " + file + ": " + e.getMessage());
    }
    UnitTestFile unitTests;
    try {
      unitTests = UnitTestFileDecoder.decode(text);
    } catch (UnitTestFileDecoder.DecodeException e) {
      return List.of(e.getMessage());
    }
    Path baseDir = file.getParent() == null ? Path.of(".") : file.getParent();
    List<Path> ruleFiles = new ArrayList<>();
    for (String pattern : unitTests.ruleFiles()) {
      String resolved = RuleFileGlobs.resolve(baseDir, pattern);
      String syntaxError = Globs.syntaxError(resolved);
      if (syntaxError != null) {
        return List.of(syntaxError);
      }
      List<Path> matches = Globs.expand(resolved);
      if (matches.isEmpty()) {
        err.println("  WARNING: no file match pattern " + resolved);
        err.flush();
      }
      ruleFiles.addAll(matches);
    }
    long evalInterval =
        unitTests.evaluationIntervalMillis() == 0
            ? DEFAULT_EVALUATION_INTERVAL_MILLIS
            : unitTests.evaluationIntervalMillis();
    Map<String, Integer> groupOrder = new HashMap<>();
    for (String name : unitTests.groupEvalOrder()) {
      if (groupOrder.putIfAbsent(name, groupOrder.size()) != null) {
        return List.of("group name repeated in evaluation order: " + name);
      }
    }
    List<String> errors = new ArrayList<>();
    for (TestGroup group : unitTests.tests()) {
      errors.addAll(new GroupRun(group, evalInterval, groupOrder, ruleFiles).run());
    }
    return errors;
  }

  /** A firing alert as the comparison sees it. */
  private record FiringAlert(Labels labels, Labels annotations) {
    @Override
    public String toString() {
      return "Labels:" + labels + "\nAnnotations:" + annotations;
    }
  }

  /** An expected or actual sample of a PromQL test. */
  private record ResultSample(Labels labels, double value) {
    boolean sameAs(ResultSample o) {
      return labels.equals(o.labels) && value == o.value;
    }

    @Override
    public String toString() {
      return labels + " " + GoFloat.formatUpperExponent(value);
    }
  }

  /** One test group's run: its own storage, engine and rule groups. */
  private static final class GroupRun {
    private final TestGroup group;
    private final long evalInterval;
    private final Map<String, Integer> groupOrder;
    private final List<Path> ruleFiles;
    private final InMemoryStorage storage = new InMemoryStorage();
    private final Engine engine;
    private final List<PendingSeries> pending = new ArrayList<>();

    /** An input series and the index of its next sample still to load. */
    private static final class PendingSeries {
      final Labels labels;
      final SeriesValues values;
      final long intervalMillis;
      int next;

      PendingSeries(Labels labels, SeriesValues values, long intervalMillis) {
        this.labels = labels;
        this.values = values;
        this.intervalMillis = intervalMillis;
      }
    }

    GroupRun(
        TestGroup group, long evalInterval, Map<String, Integer> groupOrder, List<Path> ruleFiles) {
      this.group = group;
      this.evalInterval = evalInterval;
      this.groupOrder = groupOrder;
      this.ruleFiles = ruleFiles;
      this.engine =
          new Engine(
              new EngineOptions(
                  EngineOptions.DEFAULT.lookbackMillis(),
                  Duration.ofSeconds(100),
                  10_000,
                  evalInterval,
                  false,
                  false,
                  Clock.SYSTEM));
    }

    List<String> run() {
      String loadError = parseInput();
      if (loadError != null) {
        return List.of(loadError);
      }
      List<RuleGroup> groups = new ArrayList<>();
      List<String> rulesErrors = loadRules(groups);
      if (!rulesErrors.isEmpty()) {
        return rulesErrors;
      }
      long maxt = maxEvalTime();
      TreeSet<Long> alertTimes = new TreeSet<>();
      Map<Long, List<AlertTestCase>> alertTests = new TreeMap<>();
      for (AlertTestCase t : group.alertRuleTests()) {
        if (t.alertname().isEmpty()) {
          String in = group.name().isEmpty() ? "" : " (in TestGroup " + group.name() + ")";
          return List.of(
              "an item under alert_rule_test misses required attribute alertname at eval_time "
                  + PrometheusDurations.format(t.evalTimeMillis())
                  + in);
        }
        alertTimes.add(t.evalTimeMillis());
        alertTests.computeIfAbsent(t.evalTimeMillis(), k -> new ArrayList<>()).add(t);
      }

      List<String> errors = new ArrayList<>();
      for (long ts = 0; ts <= maxt; ts += evalInterval) {
        String appendError = appendTill(ts);
        List<String> evalErrors = new ArrayList<>();
        if (appendError != null) {
          errors.add(appendError);
        } else {
          for (RuleGroup g : groups) {
            g.evaluate(ts);
            for (Rule r : g.rules()) {
              String e = r.lastError();
              if (e != null) {
                evalErrors.add(
                    "    rule: " + r.name() + ", time: " + GoDuration.format(ts) + ", err: " + e);
              }
            }
          }
        }
        errors.addAll(evalErrors);
        if (!evalErrors.isEmpty()) {
          return errors;
        }
        for (Long t = alertTimes.ceiling(ts);
            t != null && t < ts + evalInterval;
            t = alertTimes.higher(t)) {
          checkAlerts(groups, alertTests.get(t), errors);
        }
      }
      for (PromqlTestCase t : group.promqlExprTests()) {
        checkExpression(t, errors);
      }
      return errors;
    }

    private @Nullable String parseInput() {
      StringBuilder load =
          new StringBuilder("load ").append(shortDuration(group.intervalMillis())).append('\n');
      for (InputSeries s : group.inputSeries()) {
        load.append("  ").append(s.series()).append(' ').append(s.values()).append('\n');
      }
      try {
        PromqlScript script = PromqlScript.parse("input_series", load.toString());
        for (PromqlScript.Command c : script.commands()) {
          if (c instanceof Load l) {
            for (LoadedSeries s : l.series()) {
              pending.add(new PendingSeries(s.labels(), s.values(), l.intervalMs()));
            }
          }
        }
      } catch (RuntimeException e) {
        return e.getMessage();
      }
      return null;
    }

    /** Appends every input sample at or before {@code ts}. */
    private @Nullable String appendTill(long ts) {
      Appender app = storage.appender();
      try {
        for (PendingSeries s : pending) {
          for (; s.next < s.values.size(); s.next++) {
            long t = s.next * s.intervalMillis;
            if (t > ts) {
              break;
            }
            if (s.values.kind(s.next) == SeriesValues.Kind.FLOAT) {
              app.append(0, s.labels, t, s.values.value(s.next));
            }
          }
        }
        app.commit();
        return null;
      } catch (RuntimeException e) {
        app.rollback();
        return e.getMessage();
      }
    }

    /** Loads the rule groups into {@code out}; returns the errors of the first bad file. */
    private List<String> loadRules(List<RuleGroup> out) {
      List<RuleGroupConfig> configs = new ArrayList<>();
      for (Path f : ruleFiles) {
        RuleFileLoader.Result r = RuleFileLoader.parseFile(f, NameValidationScheme.LEGACY);
        if (r.ruleFile() == null) {
          return r.errors();
        }
        configs.addAll(r.ruleFile().groups());
      }
      URI externalUrl = null;
      if (!group.externalUrl().isEmpty()) {
        try {
          externalUrl = new URI(group.externalUrl());
        } catch (URISyntaxException e) {
          return List.of(
              "parse " + RuleFileLoader.goQuote(group.externalUrl()) + ": " + e.getReason());
        }
      }
      RuleQueryFunction query = RuleQueryFunction.engine(engine, storage);
      RuleManagerOptions opts =
          RuleManagerOptions.withDefaults(
              query,
              storage,
              storage,
              alerts -> {},
              Clock.SYSTEM,
              Sleeper.REAL,
              new RuleMetrics(new PrometheusRegistry()));
      long groupInterval = group.intervalMillis() > 0 ? group.intervalMillis() : evalInterval;
      List<RuleGroup> groups;
      try {
        groups =
            new RuleManager(opts)
                .loadGroups(configs, groupInterval, group.externalLabels(), externalUrl, false);
      } catch (RuntimeException e) {
        return List.of(String.valueOf(e.getMessage()));
      }
      List<RuleGroup> ordered = new ArrayList<>(groups);
      ordered.sort(Comparator.comparingInt(g -> groupOrder.getOrDefault(g.name(), 0)));
      out.addAll(ordered);
      return List.of();
    }

    private void checkAlerts(
        List<RuleGroup> groups, List<AlertTestCase> tests, List<String> errors) {
      Map<String, List<FiringAlert>> got = new HashMap<>();
      for (AlertTestCase t : tests) {
        got.putIfAbsent(t.alertname(), new ArrayList<>());
      }
      for (RuleGroup g : groups) {
        for (AlertingRule rule : g.alertingRules()) {
          List<FiringAlert> list = got.get(rule.name());
          if (list == null) {
            continue;
          }
          for (RuleAlert a : rule.activeAlerts()) {
            if (a.state() == AlertState.FIRING) {
              list.add(new FiringAlert(a.labels(), a.annotations()));
            }
          }
        }
      }
      for (AlertTestCase t : tests) {
        List<FiringAlert> actual = new ArrayList<>(got.get(t.alertname()));
        List<FiringAlert> expected = new ArrayList<>();
        for (ExpectedAlert e : t.expAlerts()) {
          LabelsBuilder labels = new LabelsBuilder();
          if (e.expLabels() != null) {
            e.expLabels().forEach(labels::set);
          }
          labels.set("alertname", t.alertname());
          Labels annotations =
              e.expAnnotations() == null ? Labels.EMPTY : Labels.of(e.expAnnotations());
          expected.add(new FiringAlert(labels.build(), annotations));
        }
        actual.sort(ALERT_ORDER);
        expected.sort(ALERT_ORDER);
        if (!expected.equals(actual)) {
          String name = group.name().isEmpty() ? "" : "    name: " + group.name() + ",\n";
          errors.add(
              name
                  + "    alertname: "
                  + t.alertname()
                  + ", time: "
                  + PrometheusDurations.format(t.evalTimeMillis())
                  + ", \n        exp:"
                  + indentLines(alertsString(expected), "            ")
                  + ", \n        got:"
                  + indentLines(alertsString(actual), "            "));
        }
      }
    }

    private void checkExpression(PromqlTestCase t, List<String> errors) {
      String prefix =
          "    expr: "
              + RuleFileLoader.goQuote(t.expr())
              + ", time: "
              + PrometheusDurations.format(t.evalTimeMillis());
      List<ResultSample> got = new ArrayList<>();
      try {
        QueryResult result = engine.instantQuery(storage, t.expr(), t.evalTimeMillis());
        switch (result.value()) {
          case Vector v -> {
            for (Sample s : v.samples()) {
              got.add(new ResultSample(s.labels(), s.v()));
            }
          }
          case Scalar s -> got.add(new ResultSample(Labels.EMPTY, s.v()));
          default -> throw new IllegalStateException("rule result is not a vector or scalar");
        }
      } catch (RuntimeException e) {
        errors.add(prefix + ", err: " + e.getMessage());
        return;
      }
      List<ResultSample> expected = new ArrayList<>();
      for (ExpectedSample s : t.expSamples()) {
        try {
          expected.add(new ResultSample(parseMetric(s.labels()), s.value()));
        } catch (RuntimeException e) {
          errors.add(
              prefix
                  + ", err: labels "
                  + RuleFileLoader.goQuote(s.labels())
                  + ": "
                  + e.getMessage());
          return;
        }
      }
      expected.sort(Comparator.comparing(ResultSample::labels));
      got.sort(Comparator.comparing(ResultSample::labels));
      boolean same = expected.size() == got.size();
      for (int i = 0; same && i < got.size(); i++) {
        same = expected.get(i).sameAs(got.get(i));
      }
      if (!same) {
        errors.add(
            prefix
                + ",\n        exp: "
                + samplesString(expected)
                + "\n        got: "
                + samplesString(got));
      }
    }

    private long maxEvalTime() {
      long max = 0;
      for (AlertTestCase t : group.alertRuleTests()) {
        max = Math.max(max, t.evalTimeMillis());
      }
      for (PromqlTestCase t : group.promqlExprTests()) {
        max = Math.max(max, t.evalTimeMillis());
      }
      return max;
    }
  }

  /**
   * Parses {@code name{a="b", …}} into labels with the PromQL parser (so errors read as upstream's
   * {@code ParseMetric}); matchers other than {@code =} are refused.
   */
  static Labels parseMetric(String text) {
    LabelsBuilder labels = new LabelsBuilder();
    for (Matcher m : PromqlParser.parseMetricSelector(text)) {
      if (m.type() != MatchType.EQUAL) {
        throw new IllegalArgumentException(
            "1:1: parse error: unexpected label matching operator " + m.type());
      }
      labels.set(m.name(), m.value());
    }
    return labels.build();
  }

  /** Go's {@code time.Duration} text with a trailing {@code 0s} or {@code 0m} cut, as promtool. */
  static String shortDuration(long millis) {
    String s = GoDuration.format(millis);
    if (s.endsWith("m0s")) {
      s = s.substring(0, s.length() - 2);
    }
    if (s.endsWith("h0m")) {
      s = s.substring(0, s.length() - 2);
    }
    return s;
  }

  private static String alertsString(List<FiringAlert> alerts) {
    if (alerts.isEmpty()) {
      return "[]";
    }
    StringBuilder sb = new StringBuilder("[\n0:").append(indentLines("\n" + alerts.get(0), "  "));
    for (int i = 1; i < alerts.size(); i++) {
      sb.append(",\n").append(i).append(':').append(indentLines("\n" + alerts.get(i), "  "));
    }
    return sb.append("\n]").toString();
  }

  private static String samplesString(List<ResultSample> samples) {
    if (samples.isEmpty()) {
      return "nil";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < samples.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(samples.get(i));
    }
    return sb.toString();
  }

  /** Prefixes every line but the first with {@code indent}. */
  static String indentLines(String lines, String indent) {
    String[] parts = lines.split("\n", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sb.append(indent);
      }
      sb.append(parts[i]);
      if (i != parts.length - 1) {
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
