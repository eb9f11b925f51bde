package io.argus.promql.parser;

/** A lexed token: its kind, start index in the input, and text (the message for ERROR). */
record Token(TokenType type, int pos, String text) {
  int end() {
    return type == TokenType.ERROR || type == TokenType.EOF ? pos : pos + text.length();
  }

  /** Describes the token for "unexpected ..." messages, as upstream does. */
  String describe() {
    if (type == TokenType.EOF) {
      return "end of input";
    }
    if (type.text != null) {
      return shortString();
    }
    String kind =
        switch (type) {
          case IDENTIFIER -> "identifier";
          case METRIC_IDENTIFIER -> "metric identifier";
          case STRING -> "string";
          case NUMBER -> "number";
          case DURATION -> "duration";
          case COMMENT -> "comment";
          default -> "error";
        };
    return kind + " " + shortString();
  }

  private String shortString() {
    return switch (type.kind) {
      case KEYWORD -> "<" + text + ">";
      case OPERATOR -> "<op:" + text + ">";
      case AGGREGATOR -> "<aggr:" + text + ">";
      default -> {
        if (type == TokenType.IDENTIFIER || type == TokenType.METRIC_IDENTIFIER) {
          yield GoStrings.quote(text);
        }
        if (text.length() > 10) {
          int cut = text.offsetByCodePoints(0, Math.min(10, text.codePointCount(0, text.length())));
          yield GoStrings.quote(text.substring(0, cut)) + "...";
        }
        yield GoStrings.quote(text);
      }
    };
  }
}
