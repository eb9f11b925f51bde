package io.argus.web.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.argus.model.labels.Matcher;
import io.argus.promql.parser.AggregateExpr;
import io.argus.promql.parser.AtModifier;
import io.argus.promql.parser.BinaryExpr;
import io.argus.promql.parser.Call;
import io.argus.promql.parser.DurationExpr;
import io.argus.promql.parser.Expr;
import io.argus.promql.parser.MatrixSelector;
import io.argus.promql.parser.NumberLiteral;
import io.argus.promql.parser.ParenExpr;
import io.argus.promql.parser.StringLiteral;
import io.argus.promql.parser.SubqueryExpr;
import io.argus.promql.parser.UnaryExpr;
import io.argus.promql.parser.ValueType;
import io.argus.promql.parser.VectorMatching;
import io.argus.promql.parser.VectorSelector;
import io.argus.util.GoFloat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The JSON syntax tree {@code /api/v1/parse_query} returns, in upstream's shape: one object per
 * node with a {@code type} member ({@code vectorSelector}, {@code matrixSelector}, {@code
 * subquery}, {@code aggregation}, {@code binaryExpr}, {@code call}, {@code unaryExpr}, {@code
 * parenExpr}, {@code numberLiteral}, {@code stringLiteral}) and members in sorted order, as Go
 * writes maps. Durations are ms. Experimental duration expressions ({@code [5m+1m]}) are rendered
 * as {@code durationExpr} nodes with the operator text, a close but not exact match of upstream.
 * Not instantiable; thread-safe.
 */
final class ParseQueryAst {
  private ParseQueryAst() {}

  /** Writes the tree of {@code expr}. */
  static void write(JsonGenerator g, Expr expr) throws IOException {
    writeValue(g, translate(expr));
  }

  private static Map<String, @Nullable Object> node(String type) {
    Map<String, @Nullable Object> m = new TreeMap<>();
    m.put("type", type);
    return m;
  }

  static Object translate(Expr e) {
    return switch (e) {
      case AggregateExpr a -> {
        var m = node("aggregation");
        m.put("op", a.op().text());
        m.put("expr", translate(a.expr()));
        m.put("param", a.param() == null ? null : translate(a.param()));
        m.put("grouping", a.grouping());
        m.put("without", a.without());
        yield m;
      }
      case BinaryExpr b -> {
        var m = node("binaryExpr");
        m.put("op", b.op().text());
        m.put("lhs", translate(b.lhs()));
        m.put("rhs", translate(b.rhs()));
        m.put("matching", matching(b.matching()));
        m.put("bool", b.returnBool());
        yield m;
      }
      case Call c -> {
        var m = node("call");
        Map<String, @Nullable Object> f = new TreeMap<>();
        f.put("name", c.function().name());
        List<Object> argTypes = new ArrayList<>();
        for (ValueType t : c.function().argTypes()) {
          argTypes.add(t.apiName());
        }
        f.put("argTypes", argTypes);
        f.put("variadic", (long) c.function().variadic());
        f.put("returnType", c.function().returnType().apiName());
        m.put("func", f);
        List<Object> args = new ArrayList<>();
        for (Expr arg : c.args()) {
          args.add(translate(arg));
        }
        m.put("args", args);
        yield m;
      }
      case MatrixSelector ms -> {
        var m = selector("matrixSelector", ms.selector());
        m.put("range", ms.rangeMillis());
        m.put("rangeExpr", duration(ms.rangeExpr()));
        yield m;
      }
      case SubqueryExpr s -> {
        var m = node("subquery");
        m.put("expr", translate(s.expr()));
        m.put("range", s.rangeMillis());
        m.put("rangeExpr", duration(s.rangeExpr()));
        m.put("offset", s.offsetMillis());
        m.put("offsetExpr", duration(s.offsetExpr()));
        m.put("step", s.stepMillis());
        m.put("stepExpr", duration(s.stepExpr()));
        m.put("timestamp", s.timestampMillis());
        m.put("startOrEnd", startOrEnd(s.at()));
        yield m;
      }
      case NumberLiteral n -> {
        var m = node("numberLiteral");
        m.put("val", GoFloat.formatPlain(n.value()));
        yield m;
      }
      case ParenExpr p -> {
        var m = node("parenExpr");
        m.put("expr", translate(p.expr()));
        yield m;
      }
      case StringLiteral s -> {
        var m = node("stringLiteral");
        m.put("val", s.value());
        yield m;
      }
      case UnaryExpr u -> {
        var m = node("unaryExpr");
        m.put("op", u.op().text());
        m.put("expr", translate(u.expr()));
        yield m;
      }
      case VectorSelector v -> selector("vectorSelector", v);
    };
  }

  private static Map<String, @Nullable Object> selector(String type, VectorSelector v) {
    var m = node(type);
    m.put("name", v.name());
    m.put("offset", v.offsetMillis());
    m.put("offsetExpr", duration(v.offsetExpr()));
    List<Object> matchers = new ArrayList<>();
    for (Matcher x : v.matchers()) {
      Map<String, @Nullable Object> mm = new TreeMap<>();
      mm.put("name", x.name());
      mm.put("value", x.value());
      mm.put("type", x.type().operator());
      matchers.add(mm);
    }
    m.put("matchers", matchers);
    m.put("timestamp", v.timestampMillis());
    m.put("startOrEnd", startOrEnd(v.at()));
    m.put("anchored", v.anchored());
    m.put("smoothed", v.smoothed());
    return m;
  }

  private static @Nullable Object matching(@Nullable VectorMatching vm) {
    if (vm == null) {
      return null;
    }
    Map<String, @Nullable Object> m = new TreeMap<>();
    m.put("card", vm.cardinality().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    m.put("labels", vm.matchingLabels());
    m.put("on", vm.on());
    m.put("include", vm.include());
    Map<String, @Nullable Object> fill = new TreeMap<>();
    fill.put("lhs", vm.fillLeft());
    fill.put("rhs", vm.fillRight());
    m.put("fillValues", fill);
    return m;
  }

  private static @Nullable String startOrEnd(AtModifier at) {
    return switch (at) {
      case NONE -> null;
      case START -> "start";
      case END -> "end";
    };
  }

  private static @Nullable Object duration(@Nullable DurationExpr d) {
    if (d == null) {
      return null;
    }
    return switch (d) {
      case DurationExpr.Number n -> {
        var m = node("numberLiteral");
        m.put("val", GoFloat.formatPlain(n.seconds()));
        m.put("duration", n.duration());
        yield m;
      }
      case DurationExpr.Binary b -> durationNode(b.op().text(), b.lhs(), b.rhs(), false);
      case DurationExpr.Negate n -> durationNode("-", null, n.operand(), false);
      case DurationExpr.Paren p -> {
        Object inner = duration(p.inner());
        if (inner instanceof Map<?, ?> map && "durationExpr".equals(map.get("type"))) {
          @SuppressWarnings("unchecked")
          Map<String, @Nullable Object> copy = new TreeMap<>((Map<String, Object>) map);
          copy.put("wrapped", true);
          yield copy;
        }
        yield inner;
      }
      case DurationExpr.Step s -> durationNode("step()", null, null, false);
      case DurationExpr.Range r -> durationNode("range()", null, null, false);
      case DurationExpr.MinMax mm ->
          durationNode(mm.max() ? "max" : "min", mm.lhs(), mm.rhs(), false);
    };
  }

  private static Map<String, @Nullable Object> durationNode(
      String op, @Nullable DurationExpr lhs, @Nullable DurationExpr rhs, boolean wrapped) {
    var m = node("durationExpr");
    m.put("op", op);
    m.put("lhs", duration(lhs));
    m.put("rhs", duration(rhs));
    m.put("wrapped", wrapped);
    return m;
  }

  private static void writeValue(JsonGenerator g, @Nullable Object v) throws IOException {
    switch (v) {
      case null -> g.writeNull();
      case String s -> g.writeString(s);
      case Boolean b -> g.writeBoolean(b);
      case Long l -> g.writeNumber(l);
      case Double d -> g.writeNumber(d);
      case Map<?, ?> m -> {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          g.writeFieldName((String) e.getKey());
          writeValue(g, e.getValue());
        }
        g.writeEndObject();
      }
      case List<?> l -> {
        g.writeStartArray();
        for (Object o : l) {
          writeValue(g, o);
        }
        g.writeEndArray();
      }
      default -> throw new IllegalStateException("unexpected AST value " + v.getClass());
    }
  }
}
