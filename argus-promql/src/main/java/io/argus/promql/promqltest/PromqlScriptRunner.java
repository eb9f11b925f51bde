package io.argus.promql.promqltest;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.Matcher;
import io.argus.promql.Matrix;
import io.argus.promql.Sample;
import io.argus.promql.Scalar;
import io.argus.promql.SeriesPoints;
import io.argus.promql.StringValue;
import io.argus.promql.Value;
import io.argus.promql.Vector;
import io.argus.promql.promqltest.EvalOutcome.Status;
import io.argus.promql.promqltest.PromqlScript.Eval;
import io.argus.promql.promqltest.PromqlScript.ExpectedSeries;
import io.argus.promql.promqltest.PromqlScript.Load;
import io.argus.promql.promqltest.PromqlScript.LoadedSeries;
import io.argus.promql.promqltest.PromqlScript.TextExpectation;
import io.argus.storage.Appender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Runs parsed {@link PromqlScript}s against a {@link ScriptEngine} and an {@link InMemoryStorage},
 * checking results exactly as FORMAT.md describes: tolerance, ordering, annotations, expected
 * failures, and for instant evals the {@code @}-modifier variants and the range-mode cross-check.
 * Evals that need native histograms or start timestamps (which this storage does not hold) are
 * skipped with a reason. Not thread-safe: one runner per thread.
 */
public final class PromqlScriptRunner {
  private static final double EPSILON = 1e-6;
  private static final double MIN_NORMAL = Double.MIN_NORMAL;

  private final ScriptEngine engine;

  public PromqlScriptRunner(ScriptEngine engine) {
    this.engine = engine;
  }

  /** Runs every command of {@code script} on a fresh storage. */
  public ScriptReport run(PromqlScript script) {
    InMemoryStorage storage = new InMemoryStorage();
    Set<Labels> histogramSeries = new HashSet<>();
    Set<Labels> startTimestampSeries = new HashSet<>();
    List<EvalOutcome> outcomes = new ArrayList<>();
    String fileError = "";
    for (PromqlScript.Command c : script.commands()) {
      switch (c) {
        case PromqlScript.Clear clear -> {
          storage.clear();
          histogramSeries.clear();
          startTimestampSeries.clear();
        }
        case Load load -> {
          if (!fileError.isEmpty()) {
            continue;
          }
          try {
            load(storage, load, histogramSeries, startTimestampSeries);
          } catch (RuntimeException e) {
            fileError = "load at line " + load.line() + " failed: " + e.getMessage();
          }
        }
        case Eval eval -> {
          if (!fileError.isEmpty()) {
            outcomes.add(outcome(eval, Status.FAILED, fileError));
            continue;
          }
          outcomes.add(runEval(storage, eval, histogramSeries, startTimestampSeries));
        }
      }
    }
    return new ScriptReport(script.name(), outcomes, fileError);
  }

  private static void load(
      InMemoryStorage storage, Load load, Set<Labels> histograms, Set<Labels> startTimestamps) {
    Appender app = storage.appender();
    for (LoadedSeries s : load.series()) {
      SeriesValues v = s.values();
      if (v.hasHistograms()) {
        histograms.add(s.labels());
      }
      if (s.startTimestamps()) {
        startTimestamps.add(s.labels());
      }
      for (int i = 0; i < v.size(); i++) {
        if (v.kind(i) == SeriesValues.Kind.FLOAT) {
          app.append(0, s.labels(), i * load.intervalMs(), v.value(i));
        }
      }
      if (load.withNhcb()) {
        Labels base = nhcbBase(s.labels());
        if (base != null) {
          histograms.add(base);
        }
      }
    }
    app.commit();
  }

  /** Returns the labels of the custom-bucket histogram a classic series feeds, or null. */
  private static @Nullable Labels nhcbBase(Labels labels) {
    String name = labels.get("__name__");
    if (name == null) {
      return null;
    }
    for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
      if (name.endsWith(suffix)) {
        LabelsBuilder b = labels.toBuilder();
        b.set("__name__", name.substring(0, name.length() - suffix.length()));
        b.delete("le");
        return b.build();
      }
    }
    return null;
  }

  private EvalOutcome runEval(
      InMemoryStorage storage, Eval eval, Set<Labels> histograms, Set<Labels> startTimestamps) {
    if (eval.expectsHistograms()) {
      return outcome(eval, Status.SKIPPED, "native histograms are not supported");
    }
    String unsupported = engine.unsupported(eval.expr());
    if (unsupported != null) {
      return outcome(eval, Status.SKIPPED, unsupported);
    }
    if (eval.expr().contains("start_timestamp(")) {
      return outcome(eval, Status.SKIPPED, "start timestamps are not supported");
    }
    if (!histograms.isEmpty() || !startTimestamps.isEmpty()) {
      List<List<Matcher>> selectors = engine.selectors(eval.expr());
      if (selectors != null) {
        if (touches(selectors, histograms)) {
          return outcome(eval, Status.SKIPPED, "reads native histograms, which are not supported");
        }
        if (touches(selectors, startTimestamps)) {
          return outcome(eval, Status.SKIPPED, "reads start timestamps, which are not supported");
        }
      }
    }
    try {
      String problem = eval.range() ? runRange(storage, eval) : runInstant(storage, eval);
      return problem == null
          ? outcome(eval, Status.PASSED, "")
          : outcome(eval, Status.FAILED, problem);
    } catch (RuntimeException e) {
      return outcome(eval, Status.FAILED, "runner error: " + e);
    }
  }

  private static boolean touches(List<List<Matcher>> selectors, Set<Labels> series) {
    for (Labels ls : series) {
      for (List<Matcher> sel : selectors) {
        boolean all = true;
        for (Matcher m : sel) {
          if (!m.matches(ls)) {
            all = false;
            break;
          }
        }
        if (all) {
          return true;
        }
      }
    }
    return false;
  }

  private static EvalOutcome outcome(Eval eval, Status status, String message) {
    return new EvalOutcome(eval.line(), eval.expr(), status, message);
  }

  private @Nullable String runRange(InMemoryStorage storage, Eval eval) {
    ScriptEngine.Result r;
    try {
      r = engine.range(storage, eval.expr(), eval.start(), eval.end(), eval.step());
    } catch (RuntimeException e) {
      return checkFailure(eval, e);
    }
    if (eval.expectFail()) {
      return "expected error evaluating query but got none";
    }
    String ann = checkAnnotations(eval, r);
    if (ann != null) {
      return ann;
    }
    if (!(r.value() instanceof Matrix m)) {
      return "range query returned " + r.value().typeName() + ", not a matrix";
    }
    return compareMatrix(eval, m, eval.start(), eval.step());
  }

  private @Nullable String runInstant(InMemoryStorage storage, Eval eval) {
    long t = eval.start();
    String problem = runInstantOnce(storage, eval, eval.expr(), t);
    if (problem != null) {
      return problem;
    }
    String rewritten = engine.withAtModifier(eval.expr(), t);
    if (rewritten == null) {
      return null;
    }
    long[] times = t == 0 ? new long[] {-1000, 0, 1000} : new long[] {-10 * t, 0, t / 5, t, 10 * t};
    for (long at : times) {
      problem = runInstantOnce(storage, eval, rewritten, at);
      if (problem != null) {
        return "@ variant `" + rewritten + "` at " + at + "ms: " + problem;
      }
    }
    return null;
  }

  private @Nullable String runInstantOnce(InMemoryStorage storage, Eval eval, String expr, long t) {
    ScriptEngine.Result r;
    try {
      r = engine.instant(storage, expr, t);
    } catch (RuntimeException e) {
      return checkFailure(eval, e);
    }
    if (eval.expectFail()) {
      return "expected error evaluating query but got none";
    }
    String problem = checkAnnotations(eval, r);
    if (problem == null) {
      problem = compareInstantValue(eval, r.value());
    }
    if (problem != null) {
      return problem;
    }
    boolean skipRangeMode =
        eval.rangeVector() != null
            || eval.expectedString() != null
            || eval.ordered()
            || expr.contains("start()")
            || expr.contains("end()")
            || expr.contains("range()")
            || expr.contains("step()");
    if (skipRangeMode) {
      return null;
    }
    ScriptEngine.Result rr;
    try {
      rr = engine.range(storage, expr, t - 60_000, t + 60_000, 60_000);
    } catch (RuntimeException e) {
      return "range-mode check at " + t + "ms failed: " + e.getMessage();
    }
    if (!(rr.value() instanceof Matrix m)) {
      return "range-mode check returned " + rr.value().typeName();
    }
    String sorted = checkSorted(m);
    if (sorted != null) {
      return "range-mode check: " + sorted;
    }
    List<Sample> atT = new ArrayList<>();
    for (SeriesPoints s : m.series()) {
      for (int i = 0; i < s.size(); i++) {
        if (s.t(i) == t) {
          atT.add(new Sample(s.labels(), t, s.v(i)));
        }
      }
    }
    if (eval.expectedScalar() != null) {
      if (atT.isEmpty()) {
        return "range-mode check: expected scalar " + eval.expectedScalar() + " but got nothing";
      }
      if (!floatsEqual(eval.expectedScalar(), atT.get(0).v())) {
        return "range-mode check: expected scalar "
            + eval.expectedScalar()
            + " but got "
            + atT.get(0).v();
      }
      return null;
    }
    String p = compareVector(eval, atT, false);
    return p == null ? null : "range-mode check at " + t + "ms: " + p;
  }

  private static @Nullable String checkFailure(Eval eval, RuntimeException e) {
    String msg = String.valueOf(e.getMessage());
    if (!eval.expectFail()) {
      return "unexpected error: " + msg;
    }
    for (TextExpectation te : eval.failMessages()) {
      if (!te.matches(msg)) {
        return "expected error matching " + te + " but got: " + msg;
      }
    }
    return null;
  }

  private static @Nullable String checkAnnotations(Eval eval, ScriptEngine.Result r) {
    String w =
        checkKind(
            "warning", eval.atLeastOneWarning(), eval.warnings(), eval.noWarn(), r.warnings());
    return w != null
        ? w
        : checkKind("info", eval.atLeastOneInfo(), eval.infos(), eval.noInfo(), r.infos());
  }

  private static @Nullable String checkKind(
      String kind,
      boolean atLeastOne,
      List<TextExpectation> expected,
      boolean none,
      List<String> actual) {
    if (none && !actual.isEmpty()) {
      return "expected no " + kind + "s but got " + actual;
    }
    if ((atLeastOne || !expected.isEmpty()) && actual.isEmpty()) {
      return "expected " + kind + "s but got none";
    }
    if (expected.isEmpty()) {
      return null;
    }
    for (TextExpectation te : expected) {
      if (actual.stream().noneMatch(te::matches)) {
        return "expected " + kind + " matching " + te + " but got " + actual;
      }
    }
    for (String a : actual) {
      if (expected.stream().noneMatch(te -> te.matches(a))) {
        return "unexpected " + kind + ": " + a;
      }
    }
    return null;
  }

  private static @Nullable String compareInstantValue(Eval eval, Value value) {
    if (eval.rangeVector() != null) {
      if (!(value instanceof Matrix m)) {
        return "expected a range vector but got " + value.typeName();
      }
      return compareMatrix(eval, m, eval.rangeVector().from(), eval.rangeVector().step());
    }
    return switch (value) {
      case StringValue s -> {
        String want = eval.expectedString() == null ? "" : eval.expectedString();
        yield want.equals(s.v())
            ? null
            : "expected string \"" + want + "\" but got \"" + s.v() + "\"";
      }
      case Scalar s -> {
        if (eval.expectedScalar() == null) {
          yield "unexpected scalar result " + s.v();
        }
        yield floatsEqual(eval.expectedScalar(), s.v())
            ? null
            : "expected scalar " + eval.expectedScalar() + " but got " + s.v();
      }
      case Vector v -> {
        if (eval.expectedScalar() != null) {
          yield "expected scalar " + eval.expectedScalar() + " but got a vector";
        }
        yield compareVector(eval, v.samples(), eval.ordered());
      }
      case Matrix m -> {
        if (m.size() == 0 && eval.expected().isEmpty() && eval.expectedScalar() == null) {
          yield null;
        }
        yield "unexpected range vector result of an instant query: " + m.series();
      }
    };
  }

  private static @Nullable String compareVector(Eval eval, List<Sample> samples, boolean ordered) {
    Map<Labels, ExpectedSeries> expected = new HashMap<>();
    for (ExpectedSeries e : eval.expected()) {
      expected.put(e.labels(), e);
    }
    Set<Labels> seen = new HashSet<>();
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      ExpectedSeries e = expected.get(s.labels());
      if (e == null) {
        return "unexpected series "
            + s.labels()
            + " "
            + s.v()
            + " (expected "
            + describe(eval)
            + ")";
      }
      if (!seen.add(s.labels())) {
        return "duplicate series " + s.labels() + " in result";
      }
      if (ordered && e.position() != i + 1) {
        return "expected "
            + s.labels()
            + " at position "
            + e.position()
            + " but got it at "
            + (i + 1);
      }
      if (e.values().kind(0) != SeriesValues.Kind.FLOAT) {
        return "expected " + e.values() + " for " + s.labels() + " but got float " + s.v();
      }
      if (!floatsEqual(e.values().value(0), s.v())) {
        return "expected " + e.values().value(0) + " for " + s.labels() + " but got " + s.v();
      }
    }
    if (seen.size() != expected.size()) {
      for (Labels l : expected.keySet()) {
        if (!seen.contains(l)) {
          return "expected series " + l + " missing from result " + samples;
        }
      }
    }
    return null;
  }

  private static String describe(Eval eval) {
    List<String> out = new ArrayList<>();
    for (ExpectedSeries e : eval.expected()) {
      out.add(e.labels() + " " + e.values());
    }
    return out.toString();
  }

  private static @Nullable String checkSorted(Matrix m) {
    for (int i = 1; i < m.size(); i++) {
      if (m.get(i - 1).labels().compareTo(m.get(i).labels()) >= 0) {
        return "matrix not sorted by labels: "
            + m.get(i - 1).labels()
            + " before "
            + m.get(i).labels();
      }
    }
    return null;
  }

  private static @Nullable String compareMatrix(Eval eval, Matrix m, long start, long step) {
    String sorted = checkSorted(m);
    if (sorted != null) {
      return sorted;
    }
    Map<Labels, ExpectedSeries> expected = new HashMap<>();
    for (ExpectedSeries e : eval.expected()) {
      expected.put(e.labels(), e);
    }
    for (SeriesPoints s : m.series()) {
      ExpectedSeries e = expected.get(s.labels());
      if (e == null) {
        return "unexpected series " + s + " (expected " + describe(eval) + ")";
      }
      SeriesValues want = e.values();
      List<long[]> times = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (int i = 0; i < want.size(); i++) {
        if (want.kind(i) == SeriesValues.Kind.FLOAT) {
          times.add(new long[] {start + i * step});
          values.add(want.value(i));
        } else if (want.kind(i) == SeriesValues.Kind.HISTOGRAM) {
          return "expected a histogram point for " + s.labels() + " but histograms are unsupported";
        }
      }
      if (times.size() != s.size()) {
        return "expected "
            + times.size()
            + " points for "
            + s.labels()
            + " ("
            + want
            + ") but got "
            + s;
      }
      for (int k = 0; k < s.size(); k++) {
        if (s.t(k) != times.get(k)[0] || !floatsEqual(values.get(k), s.v(k))) {
          return "expected " + want + " for " + s.labels() + " but got " + s;
        }
      }
    }
    if (m.size() != expected.size()) {
      Set<Labels> got = new HashSet<>();
      m.series().forEach(s -> got.add(s.labels()));
      for (Labels l : expected.keySet()) {
        if (!got.contains(l)) {
          return "expected series " + l + " missing from result " + m.series();
        }
      }
    }
    return null;
  }

  /** Compares floats with the harness' tolerance (FORMAT.md §8.1). */
  public static boolean floatsEqual(double expected, double actual) {
    boolean es = ScriptValues.isStale(expected);
    boolean as = ScriptValues.isStale(actual);
    if (es || as) {
      return es && as;
    }
    if (Double.isNaN(expected) && Double.isNaN(actual)) {
      return true;
    }
    if (expected == actual) {
      return true;
    }
    double diff = Math.abs(expected - actual);
    double sum = Math.abs(expected) + Math.abs(actual);
    if (expected == 0 || actual == 0 || sum < MIN_NORMAL) {
      return diff < EPSILON * MIN_NORMAL;
    }
    return diff / Math.min(sum, Double.MAX_VALUE) < EPSILON;
  }
}
