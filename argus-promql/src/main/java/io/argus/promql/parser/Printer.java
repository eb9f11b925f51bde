package io.argus.promql.parser;

import io.argus.model.labels.Matcher;
import io.argus.model.labels.Utf8Order;
import io.argus.model.relabel.NameValidationScheme;
import io.argus.util.PrometheusDurations;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Prints AST nodes as canonical PromQL, exactly as upstream's printer: single spaces around
 * binary operators, durations like {@code 1h30m}, matchers sorted, {@code @ 100.000}, grouping
 * as {@code sum by (job) (x)}. Parentheses appear only where the AST has a {@link ParenExpr}, so
 * printing a parsed query and parsing it again gives an equal AST (positions aside).
 */
public final class Printer {
  private Printer() {}

  /** Returns the canonical PromQL text of {@code expr}. */
  public static String print(Expr expr) {
    StringBuilder sb = new StringBuilder();
    write(sb, expr);
    return sb.toString();
  }

  /** Returns the PromQL text of a duration expression. */
  public static String print(DurationExpr expr) {
    StringBuilder sb = new StringBuilder();
    write(sb, expr);
    return sb.toString();
  }

  /** Formats a matcher as PromQL, quoting the label name when it is not a legacy name. */
  public static String print(Matcher m) {
    String name = isLegacyLabelName(m.name()) ? m.name() : GoStrings.quote(m.name());
    return name + m.type().operator() + GoStrings.quote(m.value());
  }

  private static void write(StringBuilder sb, Expr expr) {
    switch (expr) {
      case NumberLiteral n -> sb.append(formatNumber(n.value(), n.duration()));
      case StringLiteral s -> sb.append(GoStrings.quote(s.value()));
      case ParenExpr p -> {
        sb.append('(');
        write(sb, p.expr());
        sb.append(')');
      }
      case UnaryExpr u -> {
        sb.append(u.op().text());
        write(sb, u.expr());
      }
      case VectorSelector vs -> {
        writeSelector(sb, vs);
        writeAt(sb, vs.timestampMillis(), vs.at());
        writeExtended(sb, vs);
        writeOffset(sb, vs.offsetMillis(), vs.offsetExpr());
      }
      case MatrixSelector ms -> {
        VectorSelector vs = ms.selector();
        writeSelector(sb, vs);
        sb.append('[');
        writeRange(sb, ms.rangeMillis(), ms.rangeExpr());
        sb.append(']');
        writeExtended(sb, vs);
        writeAt(sb, vs.timestampMillis(), vs.at());
        writeOffset(sb, vs.offsetMillis(), vs.offsetExpr());
      }
      case SubqueryExpr sq -> {
        write(sb, sq.expr());
        sb.append('[');
        writeRange(sb, sq.rangeMillis(), sq.rangeExpr());
        sb.append(':');
        if (sq.stepMillis() != 0) {
          sb.append(PrometheusDurations.format(sq.stepMillis()));
        } else if (sq.stepExpr() != null) {
          write(sb, sq.stepExpr());
        }
        sb.append(']');
        writeAt(sb, sq.timestampMillis(), sq.at());
        writeOffset(sb, sq.offsetMillis(), sq.offsetExpr());
      }
      case BinaryExpr b -> writeBinary(sb, b);
      case AggregateExpr a -> {
        sb.append(a.op().text());
        if (a.without()) {
          sb.append(" without (");
          writeLabels(sb, a.grouping());
          sb.append(") ");
        } else if (!a.grouping().isEmpty()) {
          sb.append(" by (");
          writeLabels(sb, a.grouping());
          sb.append(") ");
        }
        sb.append('(');
        if (a.param() != null) {
          write(sb, a.param());
          sb.append(", ");
        }
        write(sb, a.expr());
        sb.append(')');
      }
      case Call c -> {
        sb.append(c.function().name()).append('(');
        for (int i = 0; i < c.args().size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          write(sb, c.args().get(i));
        }
        sb.append(')');
      }
    }
  }

  private static void writeBinary(StringBuilder sb, BinaryExpr b) {
    if (b.op() == BinaryOp.POW
        && b.lhs() instanceof NumberLiteral n
        && !n.duration()
        && n.value() == Double.POSITIVE_INFINITY) {
      // "+Inf ^ x" would parse back as a unary plus over the power; upstream prints it anyway.
      sb.append("Inf");
    } else {
      write(sb, b.lhs());
    }
    sb.append(' ').append(b.op().text());
    if (b.returnBool()) {
      sb.append(" bool");
    }
    VectorMatching vm = b.matching();
    if (vm != null) {
      boolean grouped =
          vm.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE
              || vm.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY;
      if (!vm.matchingLabels().isEmpty() || vm.on() || grouped) {
        sb.append(vm.on() ? " on (" : " ignoring (");
        writeLabels(sb, vm.matchingLabels());
        sb.append(')');
      }
      if (grouped) {
        sb.append(
            vm.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE
                ? " group_left ("
                : " group_right (");
        writeLabels(sb, vm.include());
        sb.append(')');
      }
      Double left = vm.fillLeft();
      Double right = vm.fillRight();
      if (left != null && right != null && left.equals(right)) {
        sb.append(" fill (").append(GoStrings.formatFloatV(left)).append(')');
      } else {
        if (left != null) {
          sb.append(" fill_left (").append(GoStrings.formatFloatV(left)).append(')');
        }
        if (right != null) {
          sb.append(" fill_right (").append(GoStrings.formatFloatV(right)).append(')');
        }
      }
    }
    sb.append(' ');
    write(sb, b.rhs());
  }

  private static void writeSelector(StringBuilder sb, VectorSelector vs) {
    List<String> parts = new ArrayList<>();
    for (Matcher m : vs.matchers()) {
      if (m.name().equals("__name__")
          && m.type() == io.argus.model.labels.MatchType.EQUAL
          && m.value().equals(vs.name())
          && !m.value().isEmpty()) {
        continue;
      }
      parts.add(print(m));
    }
    sb.append(vs.name());
    if (!parts.isEmpty()) {
      parts.sort(Utf8Order.COMPARATOR);
      sb.append('{').append(String.join(",", parts)).append('}');
    }
  }

  private static void writeAt(StringBuilder sb, @Nullable Long ts, AtModifier at) {
    if (ts != null) {
      long abs = Math.abs(ts);
      sb.append(" @ ")
          .append(ts < 0 ? "-" : "")
          .append(abs / 1000)
          .append('.')
          .append(String.format("%03d", abs % 1000));
    } else if (at == AtModifier.START) {
      sb.append(" @ start()");
    } else if (at == AtModifier.END) {
      sb.append(" @ end()");
    }
  }

  private static void writeExtended(StringBuilder sb, VectorSelector vs) {
    if (vs.anchored()) {
      sb.append(" anchored");
    } else if (vs.smoothed()) {
      sb.append(" smoothed");
    }
  }

  private static void writeOffset(StringBuilder sb, long millis, @Nullable DurationExpr expr) {
    if (expr != null) {
      sb.append(" offset ");
      write(sb, expr);
    } else if (millis > 0) {
      sb.append(" offset ").append(PrometheusDurations.format(millis));
    } else if (millis < 0) {
      sb.append(" offset -").append(PrometheusDurations.format(-millis));
    }
  }

  private static void writeRange(StringBuilder sb, long millis, @Nullable DurationExpr expr) {
    if (expr != null) {
      write(sb, expr);
    } else {
      sb.append(PrometheusDurations.format(millis));
    }
  }

  private static void write(StringBuilder sb, DurationExpr expr) {
    switch (expr) {
      case DurationExpr.Number n -> sb.append(formatNumber(n.seconds(), n.duration()));
      case DurationExpr.Binary b -> {
        write(sb, b.lhs());
        sb.append(' ').append(b.op().text()).append(' ');
        write(sb, b.rhs());
      }
      case DurationExpr.Negate n -> {
        sb.append('-');
        write(sb, n.operand());
      }
      case DurationExpr.Paren p -> {
        sb.append('(');
        write(sb, p.inner());
        sb.append(')');
      }
      case DurationExpr.Step s -> sb.append("step()");
      case DurationExpr.Range r -> sb.append("range()");
      case DurationExpr.MinMax m -> {
        sb.append(m.max() ? "max_of(" : "min_of(");
        write(sb, m.lhs());
        sb.append(", ");
        write(sb, m.rhs());
        sb.append(')');
      }
    }
  }

  private static String formatNumber(double value, boolean duration) {
    if (!duration) {
      return GoStrings.formatFloat(value);
    }
    if (value < 0) {
      return "-" + PrometheusDurations.format((long) (-value * 1e9) / 1_000_000L);
    }
    return PrometheusDurations.format((long) (value * 1e9) / 1_000_000L);
  }

  private static void writeLabels(StringBuilder sb, List<String> labels) {
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      String l = labels.get(i);
      sb.append(isLegacyLabelName(l) ? l : GoStrings.quote(l));
    }
  }

  private static boolean isLegacyLabelName(String s) {
    return NameValidationScheme.LEGACY.isValidLabelName(s);
  }
}
