package io.argus.promql.parser;

import io.argus.model.labels.Matcher;
import java.util.List;

/**
 * Parses PromQL. All methods are static, thread-safe and allocation-local; errors are {@link
 * ParseException}s worded like upstream's.
 */
public final class PromqlParser {
  private PromqlParser() {}

  /** Parses and type-checks an expression with experimental syntax disabled. */
  public static Expr parseExpr(String input) {
    return parseExpr(input, ParserOptions.DEFAULT);
  }

  /**
   * Parses and type-checks an expression.
   *
   * @throws ParseException on the first syntax or type error
   */
  public static Expr parseExpr(String input, ParserOptions options) {
    return new Parser(input, options).parseExpression();
  }

  /**
   * Parses a series selector such as {@code up{job="a"}} or {@code {__name__=~"x.*"}} (the
   * {@code match[]} API parameter) into its matchers, the metric-name matcher last when the name
   * is written before the braces. Unlike {@link #parseExpr}, selectors matching the empty
   * string everywhere are not rejected here.
   *
   * @throws ParseException when the text is not exactly one vector selector
   */
  public static List<Matcher> parseMetricSelector(String input) {
    return new Parser(input, ParserOptions.DEFAULT).parseMetricSelector();
  }
}
