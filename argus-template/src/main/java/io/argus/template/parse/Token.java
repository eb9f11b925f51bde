package io.argus.template.parse;

/**
 * One lexer token.
 *
 * @param pos character offset of the token's first character in the template text
 * @param line 1-based line of the token's first character
 */
record Token(TokenType type, int pos, String val, int line) {

  /** The token as Go prints it in parse errors. */
  @Override
  public String toString() {
    if (type == TokenType.EOF) {
      return "EOF";
    }
    if (type == TokenType.ERROR) {
      return val;
    }
    if (type.isKeyword()) {
      return "<" + val + ">";
    }
    if (val.codePointCount(0, val.length()) > 10) {
      int end = val.offsetByCodePoints(0, 10);
      return GoStrings.quote(val.substring(0, end)) + "...";
    }
    return GoStrings.quote(val);
  }
}
