package io.argus.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PromqlParserTest {
  /** Options of upstream's parser tests: experimental functions and duration expressions on. */
  private static final ParserOptions TEST_OPTIONS = new ParserOptions(true, true, false, false);

  private static Expr parse(String q) {
    return PromqlParser.parseExpr(q, ParserOptions.ALL);
  }

  private static String error(String q, ParserOptions options) {
    try {
      PromqlParser.parseExpr(q, options);
    } catch (ParseException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a parse error for " + q);
  }

  /** Valid queries and their canonical printed form (upstream's printer expectations). */
  static Stream<Arguments> printedForms() {
    return Stream.of(
      Arguments.of(
          "sum by() (task:errors:rate10s{job=\"s\"})",
          "sum(task:errors:rate10s{job=\"s\"})"),
      Arguments.of(
          "sum by(code) (task:errors:rate10s{job=\"s\"})",
          "sum by (code) (task:errors:rate10s{job=\"s\"})"),
      Arguments.of(
          "sum without() (task:errors:rate10s{job=\"s\"})",
          "sum without () (task:errors:rate10s{job=\"s\"})"),
      Arguments.of(
          "sum without(instance) (task:errors:rate10s{job=\"s\"})",
          "sum without (instance) (task:errors:rate10s{job=\"s\"})"),
      Arguments.of(
          "sum by(\"foo.bar\") (task:errors:rate10s{job=\"s\"})",
          "sum by (\"foo.bar\") (task:errors:rate10s{job=\"s\"})"),
      Arguments.of(
          "sum without(\"foo.bar\") (task:errors:rate10s{job=\"s\"})",
          "sum without (\"foo.bar\") (task:errors:rate10s{job=\"s\"})"),
      Arguments.of(
          "topk(5, task:errors:rate10s{job=\"s\"})",
          "topk(5, task:errors:rate10s{job=\"s\"})"),
      Arguments.of(
          "count_values(\"value\", task:errors:rate10s{job=\"s\"})",
          "count_values(\"value\", task:errors:rate10s{job=\"s\"})"),
      Arguments.of("a - on() c", "a - on () c"),
      Arguments.of("a - on(b) c", "a - on (b) c"),
      Arguments.of("a - on(b) group_left(x) c", "a - on (b) group_left (x) c"),
      Arguments.of("a - on(b) group_left(x, y) c", "a - on (b) group_left (x, y) c"),
      Arguments.of("a - on(b) group_left c", "a - on (b) group_left () c"),
      Arguments.of("a - on(b) group_left() (c)", "a - on (b) group_left () (c)"),
      Arguments.of("a - ignoring(b) c", "a - ignoring (b) c"),
      Arguments.of("a - ignoring() c", "a - c"),
      Arguments.of("a - ignoring() group_left c", "a - ignoring () group_left () c"),
      Arguments.of("a + fill(-23) b", "a + fill (-23) b"),
      Arguments.of("a + fill_left(-23) b", "a + fill_left (-23) b"),
      Arguments.of("a + fill_right(42) b", "a + fill_right (42) b"),
      Arguments.of("a + fill_left(-23) fill_right(42) b", "a + fill_left (-23) fill_right (42) b"),
      Arguments.of("a + fill_left(5) fill_right(5) b", "a + fill (5) b"),
      Arguments.of("a + on(b) group_left fill(-23) c", "a + on (b) group_left () fill (-23) c"),
      Arguments.of("up > bool 0", "up > bool 0"),
      Arguments.of("a offset 1m", "a offset 1m"),
      Arguments.of("a offset -7m", "a offset -7m"),
      Arguments.of("a{c=\"d\"}[5m] offset 1m", "a{c=\"d\"}[5m] offset 1m"),
      Arguments.of("a[5m] offset 1m", "a[5m] offset 1m"),
      Arguments.of("a[12m] offset -3m", "a[12m] offset -3m"),
      Arguments.of("a[1h:5m] offset 1m", "a[1h:5m] offset 1m"),
      Arguments.of("a anchored", "a anchored"),
      Arguments.of("a[5m] anchored", "a[5m] anchored"),
      Arguments.of("a{b=\"c\"}[5m] anchored", "a{b=\"c\"}[5m] anchored"),
      Arguments.of("a{b=\"c\"}[5m] anchored offset 1m", "a{b=\"c\"}[5m] anchored offset 1m"),
      Arguments.of(
          "a{b=\"c\"}[5m] anchored @ start() offset 1m",
          "a{b=\"c\"}[5m] anchored @ start() offset 1m"),
      Arguments.of("a smoothed", "a smoothed"),
      Arguments.of("a[5m] smoothed", "a[5m] smoothed"),
      Arguments.of("a{b=\"c\"}[5m] smoothed", "a{b=\"c\"}[5m] smoothed"),
      Arguments.of("a{b=\"c\"}[5m] smoothed offset 1m", "a{b=\"c\"}[5m] smoothed offset 1m"),
      Arguments.of(
          "a{b=\"c\"}[5m] smoothed @ start() offset 1m",
          "a{b=\"c\"}[5m] smoothed @ start() offset 1m"),
      Arguments.of("{__name__=\"a\"}", "{__name__=\"a\"}"),
      Arguments.of("a{b!=\"c\"}[1m]", "a{b!=\"c\"}[1m]"),
      Arguments.of("a{b=~\"c\"}[1m]", "a{b=~\"c\"}[1m]"),
      Arguments.of("a{b!~\"c\"}[1m]", "a{b!~\"c\"}[1m]"),
      Arguments.of("a @ 10", "a @ 10.000"),
      Arguments.of("a[1m] @ 10", "a[1m] @ 10.000"),
      Arguments.of("a @ start()", "a @ start()"),
      Arguments.of("a @ end()", "a @ end()"),
      Arguments.of("a[1m] @ start()", "a[1m] @ start()"),
      Arguments.of("a[1m] @ end()", "a[1m] @ end()"),
      Arguments.of("{__name__=\"\",a=\"x\"}", "{__name__=\"\",a=\"x\"}"),
      Arguments.of("{\"a.b\"=\"c\"}", "{\"a.b\"=\"c\"}"),
      Arguments.of("{\"0\"=\"1\"}", "{\"0\"=\"1\"}"),
      Arguments.of("{\"_0\"=\"1\"}", "{_0=\"1\"}"),
      Arguments.of("{\"\"=\"0\"}", "{\"\"=\"0\"}"),
      Arguments.of("{``=\"0\"}", "{\"\"=\"0\"}"),
      Arguments.of("1048576", "1048576"),
      Arguments.of("foo[step()]", "foo[step()]"),
      Arguments.of("foo[-step()]", "foo[-step()]"),
      Arguments.of("foo[(step())]", "foo[(step())]"),
      Arguments.of("foo[-(step())]", "foo[-(step())]"),
      Arguments.of("foo offset step()", "foo offset step()"),
      Arguments.of("foo offset -step()", "foo offset -step()"),
      Arguments.of("foo offset (step())", "foo offset (step())"),
      Arguments.of("foo offset -(step())", "foo offset -(step())"),
      Arguments.of("foo offset +(5)", "foo offset (5)"),
      Arguments.of("foo offset -(5)", "foo offset -(5)"),
      Arguments.of("foo offset (5)", "foo offset (5)"),
      Arguments.of("foo offset (5m)", "foo offset (5m)"),
      Arguments.of("foo[(5s)]", "foo[(5s)]"),
      Arguments.of("foo[(5m):(1m)]", "foo[(5m):(1m)]"),
      Arguments.of("foo offset +min_of(10s, 20s)", "foo offset min_of(10s, 20s)"),
      Arguments.of("foo offset -min_of(10s, 20s)", "foo offset -min_of(10s, 20s)"),
      Arguments.of(
          "foo offset -min_of(10s, +max_of(step() ^ 2, 2))",
          "foo offset -min_of(10s, max_of(step() ^ 2, 2))"),
      Arguments.of("foo[200-min_of(-step()^+step(),1)]", "foo[200 - min_of(-step() ^ step(), 1)]"),
      Arguments.of(
          "foo[200 - min_of(step() + 10s, -max_of(step() ^ 2, 3))]",
          "foo[200 - min_of(step() + 10s, -max_of(step() ^ 2, 3))]"),
      Arguments.of("foo[range()]", "foo[range()]"),
      Arguments.of("foo[-range()]", "foo[-range()]"),
      Arguments.of("foo offset range()", "foo offset range()"),
      Arguments.of("foo offset -range()", "foo offset -range()"),
      Arguments.of("foo[max_of(range(), 5s)]", "foo[max_of(range(), 5s)]"),
      Arguments.of("predict_linear(foo[1h], 3000)", "predict_linear(foo[1h], 3000)"),
      Arguments.of("sum by(\"\u00fc\u00fc\u00fc\") (foo)", "sum by (\"\u00fc\u00fc\u00fc\") (foo)"),
      Arguments.of(
          "sum without(\"\u00e4\u00e4\u00e4\") (foo)",
          "sum without (\"\u00e4\u00e4\u00e4\") (foo)"),
      Arguments.of(
          "count by(\"\u00f6\u00f6\u00f6\", job) (foo)",
          "count by (\"\u00f6\u00f6\u00f6\", job) (foo)"),
      Arguments.of("foo offset -5m", "foo offset -5m"),
      Arguments.of("foo @ 100", "foo @ 100.000"),
      Arguments.of("foo @ -1.5", "foo @ -1.500"),
      Arguments.of("foo offset 1h30m", "foo offset 1h30m"),
      Arguments.of("foo[5400s]", "foo[1h30m]"),
      Arguments.of("foo[1800]", "foo[30m]"),
      Arguments.of("rate(foo[1.5])", "rate(foo[1s500ms])"),
      Arguments.of("0x1F + 1e3", "31 + 1000"),
      Arguments.of("1_000 + 010", "1000 + 8"),
      Arguments.of("-Inf + +inf + NaN", "-Inf + +Inf + NaN"),
      Arguments.of("vector(5m)", "vector(5m)"),
      Arguments.of("{\"my.metric\", \"a.b\"=\"c\"}", "{\"a.b\"=\"c\",__name__=\"my.metric\"}"),
      Arguments.of("sum by (\"a.b\") (x)", "sum by (\"a.b\") (x)"),
      Arguments.of("a * on(b) group_left(c) d", "a * on (b) group_left (c) d"),
      Arguments.of("a == bool b", "a == bool b"),
      Arguments.of("topk(3, x) # comment", "topk(3, x)"),
      Arguments.of("x # first\n + # second\n y", "x + y"),
      Arguments.of("'single' ", "\"single\""),
      Arguments.of("`raw\\n`", "\"raw\\\\n\""),
      Arguments.of("\"\\u00e9\\x41\"", "\"éA\""),
      Arguments.of("count_values(\"v\", x)", "count_values(\"v\", x)"),
      Arguments.of("quantile without (a) (0.9, x)", "quantile without (a) (0.9, x)"),
      Arguments.of("limitk(2, x)", "limitk(2, x)"),
      Arguments.of("limit_ratio(0.5, x)", "limit_ratio(0.5, x)"),
      Arguments.of("x[5m:] @ start()", "x[5m:] @ start()"),
      Arguments.of("x @ end() offset 1m", "x @ end() offset 1m"),
      Arguments.of("x[5m] offset 1m @ 10", "x[5m] @ 10.000 offset 1m"),
      Arguments.of("x[1m+1m]", "x[1m + 1m]"),
      Arguments.of("x[step()*2:min_of(1m, range())]", "x[step() * 2:min_of(1m, range())]"),
      Arguments.of("x offset -(1m)", "x offset -(1m)"),
      Arguments.of("x </ 1 >/ 2", "x </ 1 >/ 2"),
      Arguments.of("info(info(a, {x=\"\"}), {y=~\".*\"})", "info(info(a, {x=\"\"}), {y=~\".*\"})"),
      Arguments.of("Inf ^ 2 + Inf", "Inf ^ 2 + +Inf"),
      Arguments.of("a + fill_right(-1) b", "a + fill_right (-1) b"),
      Arguments.of("a + fill(1e21) b", "a + fill (1e+21) b"),
      Arguments.of("rate(x[5m] anchored)", "rate(x[5m] anchored)"),
      Arguments.of("sum:rate{a=\"b\"}", "sum:rate{a=\"b\"}"),
      Arguments.of("sum{a=\"b\"} + offset", "sum{a=\"b\"} + offset"));
  }

  @ParameterizedTest
  @MethodSource("printedForms")
  void parseExpr_printsCanonicalForm(String query, String printed) {
    Expr e = parse(query);

    assertThat(e.toString()).isEqualTo(printed);
    assertThat(Asts.withoutPositions(parse(printed))).isEqualTo(Asts.withoutPositions(e));
  }

  /** Invalid queries and upstream's exact error message, position included. */
  static Stream<Arguments> errors() {
    return Stream.of(
      Arguments.of("", "unknown position: parse error: no expression found in input"),
      Arguments.of("1+", "1:3: parse error: unexpected end of input"),
      Arguments.of(".", "1:1: parse error: unexpected character: '.'"),
      Arguments.of("2.5.", "1:1: parse error: bad number or duration syntax: \"2.5.\""),
      Arguments.of("100..4", "1:1: parse error: bad number or duration syntax: \"100..\""),
      Arguments.of("0deadbeef", "1:1: parse error: bad number or duration syntax: \"0de\""),
      Arguments.of("*1", "1:1: parse error: unexpected <op:*>"),
      Arguments.of("(1))", "1:5: parse error: unexpected right parenthesis ')'"),
      Arguments.of("((1)", "1:5: parse error: unclosed left parenthesis"),
      Arguments.of(
          "1 and 1",
          "1:1: parse error: set operator \"and\" not allowed in binary scalar expression"),
      Arguments.of(
          "1 == 1",
          "1:3: parse error: comparisons between scalars must use BOOL modifier"),
      Arguments.of(
          "1 or 1",
          "1:1: parse error: set operator \"or\" not allowed in binary scalar expression"),
      Arguments.of(
          "1 unless 1",
          "1:1: parse error: set operator \"unless\" not allowed in binary scalar expression"),
      Arguments.of("1 !~ 1", "1:3: parse error: unexpected character after '!': '~'"),
      Arguments.of("1 =~ 1", "1:3: parse error: unexpected character after '=': '~'"),
      Arguments.of(
          "-\"string\"",
          "1:1: parse error: unary expression only allowed on expressions of type scalar or ins"
              + "tant vector, got \"string\""),
      Arguments.of(
          "-test[5m]",
          "1:1: parse error: unary expression only allowed on expressions of type scalar or ins"
              + "tant vector, got \"range vector\""),
      Arguments.of("@@", "1:1: parse error: unexpected <op:@>"),
      Arguments.of(
          "1 offset 1d",
          "1:1: parse error: offset modifier must be preceded by an instant vector selector or "
              + "range vector selector or a subquery"),
      Arguments.of(
          "foo offset 1s offset 2s",
          "1:1: parse error: offset may not be set multiple times"),
      Arguments.of("a - on(b) ignoring(c) d", "1:11: parse error: unexpected <ignoring>"),
      Arguments.of(
          "1 or on(bar) foo",
          "1:1: parse error: vector matching only allowed between instant vectors"),
      Arguments.of("foo + group_left(baz) bar", "1:7: parse error: unexpected <group_left>"),
      Arguments.of(
          "foo and on(bar) group_left(baz) bar",
          "1:1: parse error: no grouping allowed for \"and\" operation"),
      Arguments.of(
          "foo or on(bar) group_left(baz) bar",
          "1:1: parse error: no grouping allowed for \"or\" operation"),
      Arguments.of(
          "foo unless on(bar) group_left(baz) bar",
          "1:1: parse error: no grouping allowed for \"unless\" operation"),
      Arguments.of(
          "http_requests{group=\"production\"} + on(instance) group_left(job,instance) cpu_coun"
              + "t{type=\"smp\"}",
          "1:35: parse error: label \"instance\" must not occur in ON and GROUP clause at once"),
      Arguments.of(
          "foo + bool bar",
          "1:5: parse error: bool modifier can only be used on comparison operators"),
      Arguments.of("foo @ +Inf", "1:1: parse error: timestamp out of bounds for @ modifier: +Inf"),
      Arguments.of("foo @ -Inf", "1:1: parse error: timestamp out of bounds for @ modifier: -Inf"),
      Arguments.of("foo @ NaN", "1:1: parse error: timestamp out of bounds for @ modifier: NaN"),
      Arguments.of("{", "1:2: parse error: unexpected end of input inside braces"),
      Arguments.of("}", "1:1: parse error: unexpected character: '}'"),
      Arguments.of(
          "some_metric{a=b}",
          "1:15: parse error: unexpected identifier \"b\" in label matching, expected string"),
      Arguments.of(
          "some_metric{a:b=\"b\"}",
          "1:14: parse error: unexpected character inside braces: ':'"),
      Arguments.of("foo{a*\"b\"}", "1:6: parse error: unexpected character inside braces: '*'"),
      Arguments.of("foo{a>=\"b\"}", "1:6: parse error: unexpected character inside braces: '>'"),
      Arguments.of(
          "foo{gibberish}",
          "1:14: parse error: unexpected \"}\" in label matching, expected label matching"
              + " operator"),
      Arguments.of("foo{1}", "1:5: parse error: unexpected character inside braces: '1'"),
      Arguments.of(
          "{}",
          "1:1: parse error: vector selector must contain at least one non-empty matcher"),
      Arguments.of(
          "foo{__name__=\"bar\"}",
          "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\""),
      Arguments.of(
          "foo{__name__= =}",
          "1:15: parse error: unexpected \"=\" in label matching, expected string"),
      Arguments.of(
          "foo{,}",
          "1:5: parse error: unexpected \",\" in label matching, expected identifier or \"}\""),
      Arguments.of(
          "foo{__name__=\"bar\" lol}",
          "1:20: parse error: unexpected identifier \"lol\" in label matching, expected \",\" o"
              + "r \"}\""),
      Arguments.of(
          "foo{\"a\"=}",
          "1:9: parse error: unexpected \"}\" in label matching, expected string"),
      Arguments.of("foo[5mm]", "1:5: parse error: bad number or duration syntax: \"5mm\""),
      Arguments.of("foo[5m1]", "1:5: parse error: bad number or duration syntax: \"5m1\""),
      Arguments.of("foo[5m:1m1]", "1:8: parse error: bad number or duration syntax: \"1m1\""),
      Arguments.of("foo[5y1hs]", "1:5: parse error: unknown unit \"hs\" in duration \"5y1hs\""),
      Arguments.of("foo[5m1h]", "1:5: parse error: not a valid duration string: \"5m1h\""),
      Arguments.of("foo[5m1m]", "1:5: parse error: not a valid duration string: \"5m1m\""),
      Arguments.of("foo[0m]", "1:5: parse error: duration must be greater than 0"),
      Arguments.of(
          "foo[]",
          "1:5: parse error: unexpected \"]\" in subquery or range selector, expected number, d"
              + "uration, step(), or range()"),
      Arguments.of(
          "some_metric[5m] OFFSET 1mm",
          "1:24: parse error: bad number or duration syntax: \"1mm\""),
      Arguments.of(
          "some_metric[5m] OFFSET",
          "1:23: parse error: unexpected end of input in offset, expected number, duration, ste"
              + "p(), or range()"),
      Arguments.of(
          "some_metric OFFSET 1m[5m]",
          "1:22: parse error: no offset modifiers allowed before range"),
      Arguments.of(
          "some_metric[5m] @",
          "1:18: parse error: unexpected end of input in @, expected timestamp"),
      Arguments.of(
          "some_metric @ 1234 [5m]",
          "1:20: parse error: no @ modifiers allowed before range"),
      Arguments.of(
          "(foo + bar)[5m]",
          "1:12: parse error: ranges only allowed for vector selectors"),
      Arguments.of("sum by (\"foo)(some_metric{})", "1:9: parse error: unterminated quoted string"),
      Arguments.of(
          "sum without(==)(some_metric)",
          "1:13: parse error: unexpected <op:==> in grouping opts, expected label"),
      Arguments.of(
          "sum without(,)(some_metric)",
          "1:13: parse error: unexpected \",\" in grouping opts, expected label"),
      Arguments.of(
          "sum some_metric by (test)",
          "1:5: parse error: unexpected identifier \"some_metric\""),
      Arguments.of(
          "sum (some_metric) by test",
          "1:22: parse error: unexpected identifier \"test\" in grouping opts, expected \"(\""),
      Arguments.of(
          "sum () by (test)",
          "1:1: parse error: no arguments for aggregate expression provided"),
      Arguments.of(
          "MIN keep_common (some_metric)",
          "1:5: parse error: unexpected identifier \"keep_common\""),
      Arguments.of(
          "sum (some_metric) without (test) by (test)",
          "1:34: parse error: unexpected <by>"),
      Arguments.of(
          "topk(some_metric)",
          "1:1: parse error: wrong number of arguments for aggregate expression provided, expec"
              + "ted 2, got 1"),
      Arguments.of(
          "topk(some_metric,)",
          "1:17: parse error: trailing commas not allowed in function call args"),
      Arguments.of(
          "topk(some_metric, other_metric)",
          "1:6: parse error: expected type scalar in aggregation parameter, got instant vector"),
      Arguments.of(
          "count_values(5, other_metric)",
          "1:14: parse error: expected type string in aggregation parameter, got scalar"),
      Arguments.of(
          "rate(some_metric[5m]) @ 1234",
          "1:1: parse error: @ modifier must be preceded by an instant vector selector or range"
              + " vector selector or a subquery"),
      Arguments.of(
          "floor()",
          "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 0"),
      Arguments.of(
          "floor(some_metric, other_metric)",
          "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 2"),
      Arguments.of(
          "floor(1)",
          "1:7: parse error: expected type instant vector in call to function \"floor\", got sc"
              + "alar"),
      Arguments.of(
          "hour(some_metric, some_metric, some_metric)",
          "1:1: parse error: expected at most 1 argument(s) in call to \"hour\", got 3"),
      Arguments.of(
          "time(some_metric)",
          "1:1: parse error: expected 0 argument(s) in call to \"time\", got 1"),
      Arguments.of(
          "non_existent_function_far_bar()",
          "1:1: parse error: unknown function with name \"non_existent_function_far_bar\""),
      Arguments.of(
          "rate(some_metric)",
          "1:6: parse error: expected type range vector in call to function \"rate\", got insta"
              + "nt vector"),
      Arguments.of("-=", "1:2: parse error: unexpected \"=\""),
      Arguments.of("++-++-+-+-<", "1:11: parse error: unexpected <op:<>"),
      Arguments.of("a>b()", "1:3: parse error: unknown function with name \"b\""),
      Arguments.of("`\\``", "1:4: parse error: unterminated raw string"),
      Arguments.of("\"\\", "1:1: parse error: escape sequence not terminated"),
      Arguments.of("\"\\c\"", "1:1: parse error: unknown escape sequence U+0063 'c'"),
      Arguments.of("\"\\x.\"", "1:1: parse error: illegal character U+002E '.' in escape sequence"),
      Arguments.of(
          "foo{bar=\"baz\"}[",
          "1:16: parse error: unexpected end of input in duration expression"),
      Arguments.of(
          "test[5d] OFFSET 10s [10m:5s]",
          "1:1: parse error: subquery is only allowed on instant vector, got matrix instead"),
      Arguments.of(
          "info(rate(http_request_counter_total{}[5m]), target_info{foo=\"bar\"})",
          "1:46: parse error: expected label selectors only, got vector selector instead"),
      Arguments.of(
          "info(http_request_counter_total{namespace=\"zzz\"}, {foo=\"bar\"} == 1)",
          "1:51: parse error: expected label selectors only"),
      Arguments.of("foo[step()/0d]", "1:11: parse error: division by zero"),
      Arguments.of("foo[5s%0d]", "1:7: parse error: modulo by zero"),
      Arguments.of("foo offset 9.5e10", "1:12: parse error: duration out of range"),
      Arguments.of("foo[5s x 5s]", "1:8: parse error: unexpected character: 'x', expected ':'"),
      Arguments.of(
          "foo[5s s 5s]", "1:8: parse error: unexpected character: 's', expected ':'"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void parseExpr_invalid_failsWithUpstreamMessage(String query, String message) {
    assertThat(error(query, TEST_OPTIONS)).isEqualTo(message);
  }

  @Test
  void parseExpr_typeErrors_useUpstreamWording() {
    assertThat(error("rate(foo)", TEST_OPTIONS))
        .isEqualTo(
            "1:6: parse error: expected type range vector in call to function \"rate\", got"
                + " instant vector");
    assertThat(error("foo[5m] + 1", TEST_OPTIONS))
        .isEqualTo(
            "1:1: parse error: binary expression must contain only scalar and instant vector"
                + " types");
    assertThat(error("sum(foo[5m])", TEST_OPTIONS))
        .isEqualTo(
            "1:5: parse error: expected type instant vector in aggregation expression, got range"
                + " vector");
    assertThat(error("label_join(x)", TEST_OPTIONS))
        .isEqualTo(
            "1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 1");
    assertThat(error("round(x, 1, 2)", TEST_OPTIONS))
        .isEqualTo("1:1: parse error: expected at most 2 argument(s) in call to \"round\", got 3");
    assertThat(error("topk(\"a\", x)", TEST_OPTIONS))
        .isEqualTo(
            "1:6: parse error: expected type scalar in aggregation parameter, got string");
    assertThat(error("\"a\" + 1", TEST_OPTIONS))
        .isEqualTo(
            "1:1: parse error: binary expression must contain only scalar and instant vector"
                + " types");
    assertThat(error("foo[5m:][1m:]", TEST_OPTIONS))
        .isEqualTo(
            "1:1: parse error: subquery is only allowed on instant vector, got matrix instead");
    assertThat(error("info(x, y)", TEST_OPTIONS))
        .isEqualTo(
            "1:9: parse error: expected label selectors only, got vector selector instead");
  }

  @Test
  void parseExpr_errorColumn_countsUtf8BytesAndLines() {
    assertThat(error("{\"é\"} +\n  *", TEST_OPTIONS))
        .isEqualTo("2:3: parse error: unexpected <op:*>");
    assertThat(error("{\"é\"} * *", TEST_OPTIONS))
        .isEqualTo("1:10: parse error: unexpected <op:*>");
  }

  @Test
  void parseExpr_firstErrorWins_semanticBeforeLaterSyntax() {
    assertThat(error("foo(1) +", TEST_OPTIONS))
        .isEqualTo("1:1: parse error: unknown function with name \"foo\"");
  }

  @Test
  void parseExpr_experimentalSyntax_rejectedByDefault() {
    ParserOptions def = ParserOptions.DEFAULT;
    assertThat(error("sort_by_label(x, \"a\")", def))
        .isEqualTo("1:1: parse error: function \"sort_by_label\" is not enabled");
    assertThat(error("limitk(1, x)", def))
        .isEqualTo(
            "1:1: parse error: limitk() is experimental and must be enabled with"
                + " --enable-feature=promql-experimental-functions");
    assertThat(error("x[5m * 2]", def))
        .isEqualTo("1:3: parse error: experimental duration expression is not enabled");
    assertThat(error("x offset step()", def))
        .isEqualTo("1:10: parse error: experimental duration expression is not enabled");
    assertThat(error("rate(x[5m] anchored)", def))
        .isEqualTo("1:6: parse error: anchored modifier is experimental and not enabled");
    assertThat(error("a + fill(0) b", def))
        .isEqualTo("1:1: parse error: binop fill modifiers are experimental and not enabled");
    assertThat(PromqlParser.parseExpr("x[5m] offset -1h @ 10").toString())
        .isEqualTo("x[5m] @ 10.000 offset -1h");
  }

  @Test
  void parseExpr_extendedAndFillErrors() {
    ParserOptions all = ParserOptions.ALL;
    assertThat(error("x[5m:] anchored", all))
        .isEqualTo("1:1: parse error: anchored modifier is not supported for subqueries");
    assertThat(error("x[5m] anchored smoothed", all))
        .isEqualTo("1:1: parse error: anchored and smoothed modifiers cannot be used together");
    assertThat(error("1 + fill(0) x", all))
        .isEqualTo(
            "1:1: parse error: filling in missing series only allowed between instant vectors");
    assertThat(error("a and fill(0) b", all))
        .isEqualTo("1:1: parse error: filling in missing series not allowed for set operators");
  }

  @Test
  void parseExpr_precedence_followsUpstream() {
    assertThat(shape("a + b * c")).isEqualTo("(a + (b * c))");
    assertThat(shape("a * b + c")).isEqualTo("((a * b) + c)");
    assertThat(shape("a - b - c")).isEqualTo("((a - b) - c)");
    assertThat(shape("a ^ b ^ c")).isEqualTo("(a ^ (b ^ c))");
    assertThat(shape("a or b and c unless d")).isEqualTo("(a or ((b and c) unless d))");
    assertThat(shape("a == b + c")).isEqualTo("(a == (b + c))");
    assertThat(shape("a atan2 b * c")).isEqualTo("((a atan2 b) * c)");
    assertThat(shape("a > b or c < d")).isEqualTo("((a > b) or (c < d))");
    assertThat(shape("-a ^ b")).isEqualTo("-(a ^ b)");
    assertThat(shape("-a * b")).isEqualTo("(-a * b)");
    assertThat(shape("a + b offset 5m")).isEqualTo("(a + b offset 5m)");
    assertThat(shape("x offset 2 ^ 2")).isEqualTo("(x offset 2s ^ 2)");
    assertThat(shape("x offset -2 * 2")).isEqualTo("(x offset -2s * 2)");
    assertThat(parse("-1 ^ 2")).isInstanceOf(UnaryExpr.class);
    assertThat(parse("-1 * 2"))
        .isEqualTo(
            new BinaryExpr(
                BinaryOp.MUL,
                new NumberLiteral(-1, false, new PositionRange(0, 2)),
                new NumberLiteral(2, false, new PositionRange(5, 6)),
                null,
                false));
  }

  /** Prints binary and unary structure with explicit parentheses. */
  private static String shape(String q) {
    return shape(parse(q));
  }

  private static String shape(Expr e) {
    return switch (e) {
      case BinaryExpr b -> "(" + shape(b.lhs()) + " " + b.op().text() + " " + shape(b.rhs()) + ")";
      case UnaryExpr u -> u.op().text() + shape(u.expr());
      default -> e.toString();
    };
  }

  @Test
  void parseExpr_selector_buildsMatchersAndModifiers() {
    VectorSelector vs = (VectorSelector) parse("foo{a=~\"b.*\", c!=\"d\"} @ 1.5 offset -30s");

    assertThat(vs.name()).isEqualTo("foo");
    assertThat(vs.matchers())
        .containsExactly(
            Matcher.of(MatchType.REGEX, "a", "b.*"),
            Matcher.notEqual("c", "d"),
            Matcher.equal("__name__", "foo"));
    assertThat(vs.timestampMillis()).isEqualTo(1500L);
    assertThat(vs.offsetMillis()).isEqualTo(-30_000L);
    assertThat(vs.positionRange()).isEqualTo(new PositionRange(0, 39));
  }

  @Test
  void parseExpr_setOperatorsAndScalars_normaliseMatching() {
    BinaryExpr set = (BinaryExpr) parse("a and on(x) b");
    BinaryExpr scalar = (BinaryExpr) parse("a + 1");

    assertThat(set.matching()).isNotNull();
    assertThat(set.matching().cardinality()).isEqualTo(VectorMatching.Cardinality.MANY_TO_MANY);
    assertThat(set.matching().matchingLabels()).containsExactly("x");
    assertThat(scalar.matching()).isNull();
    assertThat(scalar.type()).isEqualTo(ValueType.VECTOR);
  }

  @Test
  void parseExpr_durationExpression_keptAsTree() {
    MatrixSelector m = (MatrixSelector) ((Call) parse("rate(x[2m * (1 + 1)])")).args().getFirst();

    assertThat(m.rangeMillis()).isZero();
    assertThat(m.rangeExpr())
        .isEqualTo(
            new DurationExpr.Binary(
                BinaryOp.MUL,
                new DurationExpr.Number(120, true),
                new DurationExpr.Paren(
                    new DurationExpr.Binary(
                        BinaryOp.ADD,
                        new DurationExpr.Number(1, false),
                        new DurationExpr.Number(1, false)))));
  }

  @Test
  void parseExpr_deepNesting_parsesOrFailsCleanly() {
    String moderate = "(".repeat(300) + "x" + ")".repeat(300);
    String absurd = "(".repeat(200_000) + "x" + ")".repeat(200_000);

    assertThat(parse(moderate).toString()).isEqualTo(moderate);
    assertThatThrownBy(() -> parse(absurd))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("nested too deeply");
  }

  @Test
  void parseMetricSelector_returnsMatchers() {
    assertThat(PromqlParser.parseMetricSelector("up{job=\"a\"}"))
        .containsExactly(Matcher.equal("job", "a"), Matcher.equal("__name__", "up"));
    assertThat(PromqlParser.parseMetricSelector("{\"my.metric\"}"))
        .containsExactly(Matcher.equal("__name__", "my.metric"));
    assertThat(PromqlParser.parseMetricSelector("{}")).isEmpty();
    assertThatThrownBy(() -> PromqlParser.parseMetricSelector("up + 1"))
        .isInstanceOf(ParseException.class)
        .hasMessage("1:4: parse error: unexpected <op:+>");
    assertThatThrownBy(() -> PromqlParser.parseMetricSelector("up{a=~\"(?=x)\"}"))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("error parsing regexp");
  }

  @Test
  void functions_tableMatchesUpstreamSignatures() {
    Function rate = Functions.get("rate");
    Function labelJoin = Functions.get("label_join");

    assertThat(rate).isNotNull();
    assertThat(rate.argTypes()).containsExactly(ValueType.MATRIX);
    assertThat(rate.returnType()).isEqualTo(ValueType.VECTOR);
    assertThat(labelJoin).isNotNull();
    assertThat(labelJoin.variadic()).isEqualTo(-1);
    assertThat(Functions.get("info").experimental()).isTrue();
    assertThat(Functions.get("nope")).isNull();
    assertThat(Functions.all()).hasSize(90);
    assertThat(List.of("time", "pi")).allMatch(n -> Functions.get(n).argTypes().isEmpty());
  }
}
