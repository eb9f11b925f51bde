package io.argus.template.parse;

/** Kinds of lexer tokens, mirroring Go's {@code text/template/parse} item types. */
enum TokenType {
  ERROR,
  BOOL,
  CHAR,
  CHAR_CONSTANT,
  COMPLEX,
  ASSIGN,
  DECLARE,
  EOF,
  FIELD,
  IDENTIFIER,
  LEFT_DELIM,
  LEFT_PAREN,
  NUMBER,
  PIPE,
  RAW_STRING,
  RIGHT_DELIM,
  RIGHT_PAREN,
  SPACE,
  STRING,
  TEXT,
  VARIABLE,
  // Keywords follow; they print as <word> in error messages.
  BLOCK,
  BREAK,
  CONTINUE,
  DOT,
  DEFINE,
  ELSE,
  END,
  IF,
  NIL,
  RANGE,
  TEMPLATE,
  WITH;

  boolean isKeyword() {
    return ordinal() >= BLOCK.ordinal();
  }
}
