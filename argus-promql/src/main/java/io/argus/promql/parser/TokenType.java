package io.argus.promql.parser;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Lexical token kinds. */
enum TokenType {
  EOF(Kind.OTHER, null),
  ERROR(Kind.OTHER, null),
  COMMENT(Kind.OTHER, null),
  IDENTIFIER(Kind.OTHER, null),
  METRIC_IDENTIFIER(Kind.OTHER, null),
  NUMBER(Kind.OTHER, null),
  DURATION(Kind.OTHER, null),
  STRING(Kind.OTHER, null),
  LEFT_PAREN(Kind.PUNCT, "("),
  RIGHT_PAREN(Kind.PUNCT, ")"),
  LEFT_BRACE(Kind.PUNCT, "{"),
  RIGHT_BRACE(Kind.PUNCT, "}"),
  LEFT_BRACKET(Kind.PUNCT, "["),
  RIGHT_BRACKET(Kind.PUNCT, "]"),
  COMMA(Kind.PUNCT, ","),
  EQL(Kind.PUNCT, "="),
  COLON(Kind.PUNCT, ":"),
  ADD(Kind.OPERATOR, "+"),
  DIV(Kind.OPERATOR, "/"),
  EQLC(Kind.OPERATOR, "=="),
  EQL_REGEX(Kind.OPERATOR, "=~"),
  GTE(Kind.OPERATOR, ">="),
  GTR(Kind.OPERATOR, ">"),
  TRIM_UPPER(Kind.OPERATOR, "</"),
  TRIM_LOWER(Kind.OPERATOR, ">/"),
  LAND(Kind.OPERATOR, "and"),
  LOR(Kind.OPERATOR, "or"),
  LSS(Kind.OPERATOR, "<"),
  LTE(Kind.OPERATOR, "<="),
  LUNLESS(Kind.OPERATOR, "unless"),
  MOD(Kind.OPERATOR, "%"),
  MUL(Kind.OPERATOR, "*"),
  NEQ(Kind.OPERATOR, "!="),
  NEQ_REGEX(Kind.OPERATOR, "!~"),
  POW(Kind.OPERATOR, "^"),
  SUB(Kind.OPERATOR, "-"),
  AT(Kind.OPERATOR, "@"),
  ATAN2(Kind.OPERATOR, "atan2"),
  AVG(Kind.AGGREGATOR, "avg"),
  BOTTOMK(Kind.AGGREGATOR, "bottomk"),
  COUNT(Kind.AGGREGATOR, "count"),
  COUNT_VALUES(Kind.AGGREGATOR, "count_values"),
  GROUP(Kind.AGGREGATOR, "group"),
  MAX(Kind.AGGREGATOR, "max"),
  MIN(Kind.AGGREGATOR, "min"),
  QUANTILE(Kind.AGGREGATOR, "quantile"),
  STDDEV(Kind.AGGREGATOR, "stddev"),
  STDVAR(Kind.AGGREGATOR, "stdvar"),
  SUM(Kind.AGGREGATOR, "sum"),
  TOPK(Kind.AGGREGATOR, "topk"),
  LIMITK(Kind.AGGREGATOR, "limitk"),
  LIMIT_RATIO(Kind.AGGREGATOR, "limit_ratio"),
  BOOL(Kind.KEYWORD, "bool"),
  BY(Kind.KEYWORD, "by"),
  GROUP_LEFT(Kind.KEYWORD, "group_left"),
  GROUP_RIGHT(Kind.KEYWORD, "group_right"),
  FILL(Kind.KEYWORD, "fill"),
  FILL_LEFT(Kind.KEYWORD, "fill_left"),
  FILL_RIGHT(Kind.KEYWORD, "fill_right"),
  IGNORING(Kind.KEYWORD, "ignoring"),
  OFFSET(Kind.KEYWORD, "offset"),
  SMOOTHED(Kind.KEYWORD, "smoothed"),
  ANCHORED(Kind.KEYWORD, "anchored"),
  ON(Kind.KEYWORD, "on"),
  WITHOUT(Kind.KEYWORD, "without"),
  START(Kind.PREPROCESSOR, "start"),
  END(Kind.PREPROCESSOR, "end"),
  STEP(Kind.PREPROCESSOR, "step"),
  RANGE(Kind.PREPROCESSOR, "range"),
  MAX_OF(Kind.PREPROCESSOR, "max_of"),
  MIN_OF(Kind.PREPROCESSOR, "min_of");

  enum Kind {
    OTHER,
    PUNCT,
    OPERATOR,
    AGGREGATOR,
    KEYWORD,
    PREPROCESSOR
  }

  private static final Map<String, TokenType> WORDS = new HashMap<>();

  static {
    for (TokenType t : values()) {
      if (t.text != null && Character.isLetter(t.text.charAt(0))) {
        WORDS.put(t.text, t);
      }
    }
  }

  final Kind kind;
  final @Nullable String text;

  TokenType(Kind kind, @Nullable String text) {
    this.kind = kind;
    this.text = text;
  }

  /** Returns the keyword, operator word or aggregator spelled {@code word} (any case), or null. */
  static @Nullable TokenType word(String word) {
    return WORDS.get(word.toLowerCase(Locale.ROOT));
  }

  /** Tokens that may name a metric before braces. */
  boolean isMetricIdentifier() {
    return switch (this) {
      case IDENTIFIER, METRIC_IDENTIFIER, LAND, LOR, LUNLESS, OFFSET, BY, WITHOUT, FILL,
          FILL_LEFT, FILL_RIGHT, ANCHORED, SMOOTHED -> true;
      default -> kind == Kind.AGGREGATOR || kind == Kind.PREPROCESSOR;
    };
  }

  /** Tokens that may be a label name in grouping clauses. */
  boolean isLabelLike() {
    return this == IDENTIFIER
        || this == METRIC_IDENTIFIER
        || kind == Kind.AGGREGATOR
        || kind == Kind.KEYWORD
        || kind == Kind.PREPROCESSOR
        || this == LAND
        || this == LOR
        || this == LUNLESS
        || this == ATAN2;
  }
}
