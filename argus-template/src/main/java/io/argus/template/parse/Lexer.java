package io.argus.template.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits template text into tokens following Go's {@code text/template/parse} lexer: text and
 * actions between <code>{{</code> and <code>}}</code>, trim markers (<code>{{- </code>, <code>
 * -}}</code>), comments, and the tokens inside actions. The token list ends with an EOF or an ERROR
 * token. Not thread-safe; one instance per text.
 */
final class Lexer {
  private static final String LEFT = "{{";
  private static final String RIGHT = "}}";
  private static final String LEFT_COMMENT = "/*";
  private static final String RIGHT_COMMENT = "*/";
  private static final Map<String, TokenType> KEYWORDS =
      Map.ofEntries(
          Map.entry(".", TokenType.DOT),
          Map.entry("block", TokenType.BLOCK),
          Map.entry("break", TokenType.BREAK),
          Map.entry("continue", TokenType.CONTINUE),
          Map.entry("define", TokenType.DEFINE),
          Map.entry("else", TokenType.ELSE),
          Map.entry("end", TokenType.END),
          Map.entry("if", TokenType.IF),
          Map.entry("range", TokenType.RANGE),
          Map.entry("nil", TokenType.NIL),
          Map.entry("template", TokenType.TEMPLATE),
          Map.entry("with", TokenType.WITH));

  private final String input;
  private final List<Token> tokens = new ArrayList<>();
  private int start;
  private int pos;
  private int parenDepth;
  private int lineCountedTo;
  private int lineCount = 1;

  private Lexer(String input) {
    this.input = input;
  }

  static List<Token> lex(String input) {
    Lexer l = new Lexer(input);
    l.run();
    return l.tokens;
  }

  private void run() {
    boolean inText = true;
    while (true) {
      boolean ok = inText ? lexText() : lexInsideAction();
      if (!ok) {
        return;
      }
      inText = !inText;
    }
  }

  /** Line of offset {@code p}; offsets only grow between calls, so lines are counted once. */
  private int lineAt(int p) {
    if (p < lineCountedTo) {
      lineCountedTo = 0;
      lineCount = 1;
    }
    for (int i = lineCountedTo; i < p; i++) {
      if (input.charAt(i) == '\n') {
        lineCount++;
      }
    }
    lineCountedTo = p;
    return lineCount;
  }

  private void emit(TokenType type) {
    tokens.add(new Token(type, start, input.substring(start, pos), lineAt(start)));
    start = pos;
  }

  private boolean error(String message) {
    tokens.add(new Token(TokenType.ERROR, start, message, lineAt(start)));
    return false;
  }

  private static boolean isSpace(int c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isAlphaNumeric(int c) {
    return c == '_' || Character.isLetter(c) || Character.isDigit(c);
  }

  private boolean hasLeftTrimMarker(int at) {
    return at + 1 < input.length() && input.charAt(at) == '-' && isSpace(input.charAt(at + 1));
  }

  private boolean hasRightTrimMarker(int at) {
    return at + 1 < input.length() && isSpace(input.charAt(at)) && input.charAt(at + 1) == '-';
  }

  /** Returns 0 if not at a right delimiter, 1 if at "}}", 2 if at " -}}". */
  private int atRightDelim() {
    if (hasRightTrimMarker(pos) && input.startsWith(RIGHT, pos + 2)) {
      return 2;
    }
    return input.startsWith(RIGHT, pos) ? 1 : 0;
  }

  /** Scans text up to a left delimiter and the delimiter itself; false when done or failed. */
  private boolean lexText() {
    int x = input.indexOf(LEFT, pos);
    if (x < 0) {
      pos = input.length();
      if (pos > start) {
        emit(TokenType.TEXT);
      }
      emit(TokenType.EOF);
      return false;
    }
    int delimEnd = x + LEFT.length();
    int textEnd = x;
    if (hasLeftTrimMarker(delimEnd)) {
      while (textEnd > start && isSpace(input.charAt(textEnd - 1))) {
        textEnd--;
      }
    }
    if (textEnd > start) {
      pos = textEnd;
      emit(TokenType.TEXT);
    }
    pos = x;
    start = x;
    // Left delimiter.
    pos += LEFT.length();
    boolean trim = hasLeftTrimMarker(pos);
    int afterMarker = trim ? 2 : 0;
    if (input.startsWith(LEFT_COMMENT, pos + afterMarker)) {
      pos += afterMarker;
      start = pos;
      return lexComment();
    }
    emit(TokenType.LEFT_DELIM);
    pos += afterMarker;
    start = pos;
    parenDepth = 0;
    return true;
  }

  private boolean lexComment() {
    pos += LEFT_COMMENT.length();
    int x = input.indexOf(RIGHT_COMMENT, pos);
    if (x < 0) {
      return error("unclosed comment");
    }
    pos = x + RIGHT_COMMENT.length();
    int delim = atRightDelim();
    if (delim == 0) {
      return error("comment ends before closing delimiter");
    }
    boolean trim = delim == 2;
    if (trim) {
      pos += 2;
    }
    pos += RIGHT.length();
    if (trim) {
      skipLeadingSpace();
    }
    start = pos;
    return lexText();
  }

  private void skipLeadingSpace() {
    while (pos < input.length() && isSpace(input.charAt(pos))) {
      pos++;
    }
  }

  private int next() {
    if (pos >= input.length()) {
      pos = input.length() + 1;
      return -1;
    }
    int c = input.codePointAt(pos);
    pos += Character.charCount(c);
    return c;
  }

  private int peek() {
    return pos >= input.length() ? -1 : input.codePointAt(pos);
  }

  private void backup(int c) {
    pos -= c < 0 ? 1 : Character.charCount(c);
  }

  /** Scans the inside of an action; true once the right delimiter was consumed. */
  private boolean lexInsideAction() {
    while (true) {
      int delim = atRightDelim();
      if (delim != 0) {
        if (parenDepth != 0) {
          return error("unclosed left paren");
        }
        if (delim == 2) {
          pos += 2;
          start = pos;
        }
        pos += RIGHT.length();
        emit(TokenType.RIGHT_DELIM);
        if (delim == 2) {
          skipLeadingSpace();
          start = pos;
        }
        return true;
      }
      int r = next();
      if (r < 0) {
        pos = input.length();
        return error("unclosed action");
      }
      if (isSpace(r)) {
        backup(r);
        lexSpace();
        continue;
      }
      boolean ok =
          switch (r) {
            case '=' -> {
              emit(TokenType.ASSIGN);
              yield true;
            }
            case ':' -> {
              if (next() != '=') {
                yield error("expected :=");
              }
              emit(TokenType.DECLARE);
              yield true;
            }
            case '|' -> {
              emit(TokenType.PIPE);
              yield true;
            }
            case '"' -> lexQuote();
            case '`' -> lexRawQuote();
            case '$' -> lexVariable();
            case '\'' -> lexChar();
            case '(' -> {
              emit(TokenType.LEFT_PAREN);
              parenDepth++;
              yield true;
            }
            case ')' -> {
              emit(TokenType.RIGHT_PAREN);
              parenDepth--;
              if (parenDepth < 0) {
                yield error("unexpected right paren " + GoUnicode.sharpU(r));
              }
              yield true;
            }
            default -> lexOther(r);
          };
      if (!ok) {
        return false;
      }
    }
  }

  private boolean lexOther(int r) {
    if (r == '.') {
      if (pos < input.length()) {
        char c = input.charAt(pos);
        if (c < '0' || c > '9') {
          return lexFieldOrVariable(TokenType.FIELD);
        }
      }
      backup(r);
      return lexNumber();
    }
    if (r == '+' || r == '-' || (r >= '0' && r <= '9')) {
      backup(r);
      return lexNumber();
    }
    if (isAlphaNumeric(r)) {
      backup(r);
      return lexIdentifier();
    }
    if (r <= 0x7f && GoStrings.isPrint(r)) {
      emit(TokenType.CHAR);
      return true;
    }
    return error("unrecognized character in action: " + GoUnicode.sharpU(r));
  }

  private void lexSpace() {
    int numSpaces = 0;
    while (pos < input.length() && isSpace(input.charAt(pos))) {
      pos++;
      numSpaces++;
    }
    // A trim-marked right delimiter starts with a space that belongs to it.
    if (hasRightTrimMarker(pos - 1) && input.startsWith(RIGHT, pos - 1 + 2)) {
      pos--;
      if (numSpaces == 1) {
        return;
      }
    }
    emit(TokenType.SPACE);
  }

  private boolean lexIdentifier() {
    while (true) {
      int r = next();
      if (!isAlphaNumeric(r)) {
        backup(r);
        String word = input.substring(start, pos);
        if (!atTerminator()) {
          return error("bad character " + GoUnicode.sharpU(r));
        }
        TokenType kw = KEYWORDS.get(word);
        if (kw != null && kw != TokenType.DOT) {
          emit(kw);
        } else if (word.charAt(0) == '.') {
          emit(TokenType.FIELD);
        } else if (word.equals("true") || word.equals("false")) {
          emit(TokenType.BOOL);
        } else {
          emit(TokenType.IDENTIFIER);
        }
        return true;
      }
    }
  }

  private boolean lexVariable() {
    if (atTerminator()) {
      emit(TokenType.VARIABLE);
      return true;
    }
    return lexFieldOrVariable(TokenType.VARIABLE);
  }

  private boolean lexFieldOrVariable(TokenType type) {
    if (atTerminator()) {
      emit(type == TokenType.VARIABLE ? TokenType.VARIABLE : TokenType.DOT);
      return true;
    }
    int r;
    while (true) {
      r = next();
      if (!isAlphaNumeric(r)) {
        backup(r);
        break;
      }
    }
    if (!atTerminator()) {
      return error("bad character " + GoUnicode.sharpU(r));
    }
    emit(type);
    return true;
  }

  private boolean atTerminator() {
    int r = peek();
    if (r < 0 || isSpace(r)) {
      return true;
    }
    return switch (r) {
      case '.', ',', '|', ':', ')', '(', '}' -> true;
      default -> false;
    };
  }

  private boolean lexChar() {
    return lexEscapedUntil('\'', TokenType.CHAR_CONSTANT, "unterminated character constant");
  }

  private boolean lexQuote() {
    return lexEscapedUntil('"', TokenType.STRING, "unterminated quoted string");
  }

  /** Scans to the unescaped {@code close} on the same line and emits {@code type}. */
  private boolean lexEscapedUntil(char close, TokenType type, String unterminated) {
    while (true) {
      int r = next();
      if (r == '\\') {
        int e = next();
        if (e >= 0 && e != '\n') {
          continue;
        }
        return error(unterminated);
      }
      if (r < 0 || r == '\n') {
        return error(unterminated);
      }
      if (r == close) {
        emit(type);
        return true;
      }
    }
  }

  private boolean lexRawQuote() {
    while (true) {
      int r = next();
      if (r < 0) {
        return error("unterminated raw quoted string");
      }
      if (r == '`') {
        emit(TokenType.RAW_STRING);
        return true;
      }
    }
  }

  private boolean lexNumber() {
    if (!scanNumber()) {
      return error("bad number syntax: " + GoStrings.quote(input.substring(start, pos)));
    }
    int sign = peek();
    if (sign == '+' || sign == '-') {
      if (!scanNumber() || input.charAt(pos - 1) != 'i') {
        return error("bad number syntax: " + GoStrings.quote(input.substring(start, pos)));
      }
      emit(TokenType.COMPLEX);
    } else {
      emit(TokenType.NUMBER);
    }
    return true;
  }

  private boolean accept(String valid) {
    int r = next();
    if (r >= 0 && valid.indexOf(r) >= 0) {
      return true;
    }
    backup(r);
    return false;
  }

  private void acceptRun(String valid) {
    while (accept(valid)) {
      // absorb
    }
  }

  private boolean scanNumber() {
    accept("+-");
    String digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) {
        digits = "0123456789abcdefABCDEF_";
      } else if (accept("oO")) {
        digits = "01234567_";
      } else if (accept("bB")) {
        digits = "01_";
      }
    }
    acceptRun(digits);
    if (accept(".")) {
      acceptRun(digits);
    }
    if (digits.length() == 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length() == 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  }
}
