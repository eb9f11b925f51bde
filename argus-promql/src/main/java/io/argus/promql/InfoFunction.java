package io.argus.promql;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import io.argus.promql.Evaluator.Val;
import io.argus.promql.Evaluator.VectorVal;
import io.argus.promql.parser.AtModifier;
import io.argus.promql.parser.Expr;
import io.argus.promql.parser.SubqueryExpr;
import io.argus.promql.parser.VectorSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The experimental {@code info(v, [selector])} function: enriches series with the data labels of
 * info metrics ({@code target_info} by default) that share their identifying labels ({@code
 * instance}, {@code job}). Stateless.
 */
final class InfoFunction {
  private static final String TARGET_INFO = "target_info";
  private static final List<String> IDENTIFYING = List.of("instance", "job");

  private InfoFunction() {}

  private static List<Matcher> effectiveNameMatchers(List<Matcher> matchers) {
    for (Matcher m : matchers) {
      if (m.type() == MatchType.EQUAL || m.type() == MatchType.REGEX) {
        return matchers;
      }
    }
    if (!matchers.isEmpty()) {
      List<Matcher> out = new ArrayList<>();
      out.add(Matcher.regex(Evaluator.NAME, ".+_info"));
      out.addAll(matchers);
      return out;
    }
    return List.of(Matcher.equal(Evaluator.NAME, TARGET_INFO));
  }

  /** The @ time and total offset of the first selector in {@code e}, with enclosing subqueries. */
  private record AtOffset(@Nullable Long at, long offset) {}

  private static @Nullable AtOffset findSelector(Evaluator ev, Expr e, List<SubqueryExpr> path) {
    if (e instanceof VectorSelector vs) {
      Long at = ev.atMillis(vs.timestampMillis(), vs.at());
      long offset = ev.offsetMillis(vs.offsetMillis(), vs.offsetExpr());
      for (int i = path.size() - 1; at == null && i >= 0; i--) {
        SubqueryExpr sq = path.get(i);
        offset += ev.offsetMillis(sq.offsetMillis(), sq.offsetExpr());
        at = ev.atMillis(sq.timestampMillis(), sq.at());
      }
      return new AtOffset(at, offset);
    }
    List<SubqueryExpr> next = path;
    if (e instanceof SubqueryExpr sq) {
      next = new ArrayList<>(path);
      next.add(sq);
    }
    for (Expr child : children(e)) {
      AtOffset found = findSelector(ev, child, next);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static List<Expr> children(Expr e) {
    return switch (e) {
      case io.argus.promql.parser.MatrixSelector ms -> List.of(ms.selector());
      case SubqueryExpr sq -> List.of(sq.expr());
      case io.argus.promql.parser.ParenExpr p -> List.of(p.expr());
      case io.argus.promql.parser.UnaryExpr u -> List.of(u.expr());
      case io.argus.promql.parser.BinaryExpr b -> List.of(b.lhs(), b.rhs());
      case io.argus.promql.parser.AggregateExpr a ->
          a.param() == null ? List.of(a.expr()) : List.of(a.param(), a.expr());
      case io.argus.promql.parser.Call c -> c.args();
      default -> List.of();
    };
  }

  static Val eval(Evaluator ev, List<Expr> args) {
    AtOffset ao = findSelector(ev, args.get(0), List.of());
    VectorVal base = (VectorVal) ev.eval(args.get(0));
    Map<String, List<Matcher>> dataMatchers = new LinkedHashMap<>();
    List<Matcher> infoNameMatchers = new ArrayList<>();
    if (args.size() > 1) {
      VectorSelector sel = (VectorSelector) Evaluator.unwrap(args.get(1));
      for (Matcher m : sel.matchers()) {
        dataMatchers.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
        if (m.name().equals(Evaluator.NAME)) {
          infoNameMatchers.add(m);
        }
      }
    } else {
      infoNameMatchers.add(Matcher.equal(Evaluator.NAME, TARGET_INFO));
    }
    List<Matcher> effective = effectiveNameMatchers(infoNameMatchers);
    Set<Labels> ignore = new java.util.HashSet<>();
    for (StepSeries s : base.series()) {
      String name = s.labels.getOrEmpty(Evaluator.NAME);
      if (effective.stream().allMatch(m -> m.matches(name))) {
        ignore.add(s.labels);
      }
    }
    Map<String, Set<String>> idValues = new LinkedHashMap<>();
    for (StepSeries s : base.series()) {
      if (ignore.contains(s.labels)) {
        continue;
      }
      for (String l : IDENTIFYING) {
        String v = s.labels.get(l);
        if (v != null) {
          idValues.computeIfAbsent(l, k -> new LinkedHashSet<>()).add(v);
        }
      }
    }
    List<Matcher> nameMatchers = new ArrayList<>();
    List<Matcher> infoMatchers = new ArrayList<>();
    for (List<Matcher> ms : dataMatchers.values()) {
      for (Matcher m : ms) {
        if (m.name().equals(Evaluator.NAME)) {
          nameMatchers.add(m);
        } else {
          infoMatchers.add(m);
        }
      }
    }
    dataMatchers.remove(Evaluator.NAME);
    VectorVal info = new VectorVal(List.of());
    if (!idValues.isEmpty()) {
      for (Map.Entry<String, Set<String>> e : idValues.entrySet()) {
        List<String> quoted = new ArrayList<>();
        for (String v : e.getValue()) {
          quoted.add(quoteMeta(v));
        }
        infoMatchers.add(Matcher.regex(e.getKey(), String.join("|", quoted)));
      }
      infoMatchers.addAll(effectiveNameMatchers(nameMatchers));
      long[] refs = ev.refTimes(ao == null ? null : ao.at(), ao == null ? 0 : ao.offset());
      VectorSelector sel =
          new VectorSelector(
              "",
              infoMatchers,
              0,
              null,
              null,
              AtModifier.NONE,
              false,
              false,
              io.argus.promql.parser.PositionRange.NONE);
      info = ev.lookbackSelect(sel, refs, 1.0);
    }
    return combine(ev, base, info, ignore, dataMatchers);
  }

  private static String quoteMeta(String v) {
    StringBuilder sb = new StringBuilder();
    for (char c : v.toCharArray()) {
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private static String signature(String infoName, Labels ls) {
    StringBuilder sb = new StringBuilder(infoName);
    for (String l : IDENTIFYING) {
      String v = ls.get(l);
      if (v != null) {
        sb.append('\u0000').append(l).append('=').append(v);
      }
    }
    return sb.toString();
  }

  private static Val combine(
      Evaluator ev,
      VectorVal base,
      VectorVal info,
      Set<Labels> ignore,
      Map<String, List<Matcher>> dataMatchers) {
    Set<String> infoNames = new LinkedHashSet<>();
    for (StepSeries s : info.series()) {
      infoNames.add(s.labels.getOrEmpty(Evaluator.NAME));
    }
    Evaluator.Output out = ev.new Output();
    Map<String, StepSeries> bySig = new HashMap<>();
    for (int step = 0; step < ev.steps; step++) {
      bySig.clear();
      for (StepSeries is : info.series()) {
        if (!is.present[step]) {
          continue;
        }
        String sig = signature(is.labels.getOrEmpty(Evaluator.NAME), is.labels);
        StepSeries existing = bySig.get(sig);
        if (existing == null) {
          bySig.put(sig, is);
          continue;
        }
        long existingT = (long) existing.values[step];
        long newT = (long) is.values[step];
        if (existingT < newT) {
          bySig.put(sig, is);
        } else if (existingT == newT) {
          throw Evaluator.error(
              "found duplicate series for info metric: existing "
                  + existing.labels
                  + " @ "
                  + existingT
                  + ", new "
                  + is.labels
                  + " @ "
                  + newT);
        }
      }
      for (StepSeries bs : base.series()) {
        if (!bs.present[step]) {
          continue;
        }
        if (ignore.contains(bs.labels)) {
          out.add(bs.labels, bs.dropName, step, bs.values[step]);
          continue;
        }
        LabelsBuilder added = new LabelsBuilder();
        int seen = 0;
        for (String infoName : infoNames) {
          StepSeries is = bySig.get(signature(infoName, bs.labels));
          if (is == null) {
            continue;
          }
          for (int i = 0; i < is.labels.size(); i++) {
            String name = is.labels.name(i);
            String value = is.labels.value(i);
            if (name.equals(Evaluator.NAME)) {
              continue;
            }
            if (!dataMatchers.isEmpty() && !dataMatchers.containsKey(name)) {
              continue;
            }
            String have = added.get(name);
            if (have != null && !have.equals(value)) {
              throw Evaluator.error("conflicting label: " + name);
            }
            if (bs.labels.has(name)) {
              continue;
            }
            added.set(name, value);
          }
          seen++;
        }
        if (seen == 0) {
          boolean allMatchEmpty =
              dataMatchers.values().stream().flatMap(List::stream).allMatch(m -> m.matches(""));
          if (!allMatchEmpty) {
            continue;
          }
        }
        LabelsBuilder b = bs.labels.toBuilder();
        added.build().forEach(b::set);
        out.add(b.build(), bs.dropName, step, bs.values[step]);
      }
    }
    return out.result();
  }
}
