package io.argus.promql.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits PromQL text into tokens with upstream's rules: context-dependent modes inside braces
 * (label matchers) and brackets (durations), keywords matched case-insensitively, {@code fill*}
 * only keywords before a parenthesis, {@code #} comments to the end of the line. The token list
 * ends with EOF or, on the first lexical error, with an ERROR token carrying upstream's message.
 * Not thread-safe; one instance per input.
 */
final class Lexer {
  private static final int EOF = -1;

  private final String input;
  private int pos;
  private int start;
  private int width;
  private int parenDepth;
  private boolean braceOpen;
  private boolean bracketOpen;
  private boolean durationMode;
  private boolean gotColon;
  private boolean gotDuration;

  Lexer(String input) {
    this.input = input;
  }

  /** Lexes the whole input, comments included. */
  static List<Token> lex(String input) {
    Lexer l = new Lexer(input);
    List<Token> out = new ArrayList<>();
    while (true) {
      Token t = l.nextToken();
      out.add(t);
      if (t.type() == TokenType.EOF || t.type() == TokenType.ERROR) {
        return out;
      }
    }
  }

  Token nextToken() {
    while (true) {
      Token t = braceOpen ? lexInsideBraces() : durationMode ? lexDuration() : lexStatement();
      if (t != null) {
        return t;
      }
    }
  }

  private int next() {
    if (pos >= input.length()) {
      width = 0;
      return EOF;
    }
    int cp = input.codePointAt(pos);
    width = Character.charCount(cp);
    pos += width;
    return cp;
  }

  private void backup() {
    pos -= width;
  }

  private int peek() {
    int r = next();
    backup();
    return r;
  }

  private boolean accept(String valid) {
    int r = next();
    if (r != EOF && valid.indexOf(r) >= 0) {
      return true;
    }
    backup();
    return false;
  }

  private boolean is(String valid) {
    int r = peek();
    return r != EOF && valid.indexOf(r) >= 0;
  }

  private Token emit(TokenType type) {
    Token t = new Token(type, start, input.substring(start, pos));
    start = pos;
    return t;
  }

  private Token error(String message) {
    return new Token(TokenType.ERROR, start, message);
  }

  private Token lexStatement() {
    start = pos;
    if (input.startsWith("#", pos)) {
      return lexComment();
    }
    int r = next();
    if (r == EOF) {
      if (parenDepth != 0) {
        return error("unclosed left parenthesis");
      }
      if (bracketOpen) {
        return error("unclosed left bracket");
      }
      return emit(TokenType.EOF);
    }
    if (isSpace(r)) {
      skipSpaces();
      return null;
    }
    switch (r) {
      case ',':
        return emit(TokenType.COMMA);
      case '*':
        return emit(TokenType.MUL);
      case '/':
        return emit(TokenType.DIV);
      case '%':
        return emit(TokenType.MOD);
      case '+':
        return emit(TokenType.ADD);
      case '-':
        return emit(TokenType.SUB);
      case '^':
        return emit(TokenType.POW);
      case '@':
        return emit(TokenType.AT);
      case '=':
        {
          int t = peek();
          if (t == '=') {
            next();
            return emit(TokenType.EQLC);
          }
          if (t == '~') {
            return error("unexpected character after '=': " + GoStrings.quoteRune(t));
          }
          return emit(TokenType.EQL);
        }
      case '!':
        {
          int t = next();
          if (t != '=') {
            return error("unexpected character after '!': " + GoStrings.quoteRune(t));
          }
          return emit(TokenType.NEQ);
        }
      case '<':
        if (accept("=")) {
          return emit(TokenType.LTE);
        }
        if (accept("/")) {
          return emit(TokenType.TRIM_UPPER);
        }
        return emit(TokenType.LSS);
      case '>':
        if (accept("=")) {
          return emit(TokenType.GTE);
        }
        if (accept("/")) {
          return emit(TokenType.TRIM_LOWER);
        }
        return emit(TokenType.GTR);
      case '"', '\'':
        return lexString(r);
      case '`':
        return lexRawString();
      case '(':
        parenDepth++;
        return emit(TokenType.LEFT_PAREN);
      case ')':
        return lexRightParen();
      case '{':
        braceOpen = true;
        return emit(TokenType.LEFT_BRACE);
      case '[':
        if (bracketOpen) {
          return error("unexpected left bracket '['");
        }
        gotColon = false;
        Token t = emit(TokenType.LEFT_BRACKET);
        skipSpaces();
        bracketOpen = true;
        durationMode = true;
        return t;
      case ']':
        if (!bracketOpen) {
          return error("unexpected right bracket ']'");
        }
        bracketOpen = false;
        return emit(TokenType.RIGHT_BRACKET);
      default:
        break;
    }
    if (isDigit(r) || (r == '.' && isDigit(peek()))) {
      backup();
      return lexNumberOrDuration();
    }
    if (isAlpha(r) || r == ':') {
      if (!bracketOpen) {
        backup();
        return lexKeywordOrIdentifier();
      }
      if (r == ':') {
        if (gotColon) {
          return error("unexpected colon ':'");
        }
        gotColon = true;
        return emit(TokenType.COLON);
      }
      Token kw = scanDurationKeyword();
      if (kw != null) {
        return kw;
      }
      return error("unexpected character: " + GoStrings.quoteRune(r) + ", expected ':'");
    }
    return error("unexpected character: " + GoStrings.quoteRune(r));
  }

  private Token lexDuration() {
    start = pos;
    int r = next();
    if (r == EOF) {
      return error("unexpected end of input in duration expression");
    }
    if (isSpace(r)) {
      skipSpaces();
      return null;
    }
    switch (r) {
      case ']':
        bracketOpen = false;
        gotColon = false;
        durationMode = false;
        return emit(TokenType.RIGHT_BRACKET);
      case ':':
        {
          Token t = emit(TokenType.COLON);
          if (!gotDuration) {
            return error("unexpected colon before duration in duration expression");
          }
          if (gotColon) {
            return error("unexpected repeated colon in duration expression");
          }
          gotColon = true;
          return t;
        }
      case '(':
        parenDepth++;
        return emit(TokenType.LEFT_PAREN);
      case ')':
        return lexRightParen();
      case '+':
        return emit(TokenType.ADD);
      case '-':
        return emit(TokenType.SUB);
      case '*':
        return emit(TokenType.MUL);
      case '/':
        return emit(TokenType.DIV);
      case '%':
        return emit(TokenType.MOD);
      case '^':
        return emit(TokenType.POW);
      case ',':
        return emit(TokenType.COMMA);
      default:
        break;
    }
    if (isDurationKeywordStart(r)) {
      Token kw = scanDurationKeyword();
      if (kw != null) {
        return kw;
      }
      return error("unexpected character in duration expression: " + GoStrings.quoteRune(r));
    }
    if (isDigit(r) || (r == '.' && isDigit(peek()))) {
      backup();
      gotDuration = true;
      durationMode = false;
      return lexNumberOrDuration();
    }
    return error("unexpected character in duration expression: " + GoStrings.quoteRune(r));
  }

  private static boolean isDurationKeywordStart(int r) {
    int c = Character.toLowerCase(r);
    return c == 's' || c == 'r' || c == 'm';
  }

  private Token scanDurationKeyword() {
    while (isAlpha(next())) {
      // consume the word
    }
    backup();
    String word = input.substring(start, pos).toLowerCase(java.util.Locale.ROOT);
    TokenType t =
        switch (word) {
          case "step" -> TokenType.STEP;
          case "range" -> TokenType.RANGE;
          case "max_of" -> TokenType.MAX_OF;
          case "min_of" -> TokenType.MIN_OF;
          default -> null;
        };
    return t == null ? null : emit(t);
  }

  private Token lexInsideBraces() {
    start = pos;
    if (input.startsWith("#", pos)) {
      return lexComment();
    }
    int r = next();
    if (r == EOF) {
      return error("unexpected end of input inside braces");
    }
    if (isSpace(r)) {
      skipSpaces();
      return null;
    }
    if (isAlpha(r)) {
      while (isAlphaNumeric(next())) {
        // consume the identifier
      }
      backup();
      return emit(TokenType.IDENTIFIER);
    }
    switch (r) {
      case ',':
        return emit(TokenType.COMMA);
      case '"', '\'':
        return lexString(r);
      case '`':
        return lexRawString();
      case '=':
        if (accept("~")) {
          return emit(TokenType.EQL_REGEX);
        }
        return emit(TokenType.EQL);
      case '!':
        {
          int nr = next();
          if (nr == '~') {
            return emit(TokenType.NEQ_REGEX);
          }
          if (nr == '=') {
            return emit(TokenType.NEQ);
          }
          return error("unexpected character after '!' inside braces: " + GoStrings.quoteRune(nr));
        }
      case '{':
        return error("unexpected left brace '{'");
      case '}':
        braceOpen = false;
        return emit(TokenType.RIGHT_BRACE);
      default:
        return error("unexpected character inside braces: " + GoStrings.quoteRune(r));
    }
  }

  private Token lexComment() {
    pos++;
    while (pos < input.length() && input.charAt(pos) != '\n' && input.charAt(pos) != '\r') {
      pos++;
    }
    return emit(TokenType.COMMENT);
  }

  private Token lexString(int quote) {
    while (true) {
      int r = next();
      if (r == '\\') {
        String err = lexEscape(quote);
        if (err != null) {
          return error(err);
        }
        continue;
      }
      if (r == EOF || r == '\n') {
        return error("unterminated quoted string");
      }
      if (Character.isSurrogate((char) r)) {
        return error("invalid UTF-8 rune");
      }
      if (r == quote) {
        return emit(TokenType.STRING);
      }
    }
  }

  private String lexEscape(int quote) {
    int ch = next();
    int n;
    int base;
    int max;
    switch (ch) {
      case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\':
        return null;
      case '0', '1', '2', '3', '4', '5', '6', '7':
        n = 3;
        base = 8;
        max = 255;
        break;
      case 'x':
        ch = next();
        n = 2;
        base = 16;
        max = 255;
        break;
      case 'u':
        ch = next();
        n = 4;
        base = 16;
        max = Character.MAX_CODE_POINT;
        break;
      case 'U':
        ch = next();
        n = 8;
        base = 16;
        max = Character.MAX_CODE_POINT;
        break;
      case EOF:
        return "escape sequence not terminated";
      default:
        if (ch == quote) {
          return null;
        }
        return "unknown escape sequence " + GoStrings.describeRune(ch);
    }
    long x = 0;
    while (n > 0) {
      int d = ch == EOF ? 16 : Character.digit(ch, 16);
      if (d < 0 || d >= base) {
        if (ch == EOF) {
          return "escape sequence not terminated";
        }
        return "illegal character " + GoStrings.describeRune(ch) + " in escape sequence";
      }
      x = x * base + d;
      n--;
      if (n > 0) {
        ch = next();
      }
    }
    if (x > max || (x >= 0xD800 && x < 0xE000)) {
      return "escape sequence is an invalid Unicode code point";
    }
    return null;
  }

  private Token lexRawString() {
    while (true) {
      int r = next();
      if (r == EOF) {
        return error("unterminated raw string");
      }
      if (Character.isSurrogate((char) r)) {
        return error("invalid UTF-8 rune");
      }
      if (r == '`') {
        return emit(TokenType.STRING);
      }
    }
  }

  private void skipSpaces() {
    while (isSpace(peek())) {
      next();
    }
    start = pos;
  }

  private Token lexNumberOrDuration() {
    if (scanNumber()) {
      return emit(TokenType.NUMBER);
    }
    if (acceptRemainingDuration()) {
      backup();
      return emit(TokenType.DURATION);
    }
    return error("bad number or duration syntax: " + GoStrings.quote(input.substring(start, pos)));
  }

  private boolean acceptRemainingDuration() {
    if (!accept("smhdwy")) {
      return false;
    }
    accept("s");
    while (accept("0123456789")) {
      while (accept("0123456789")) {
        // more digits
      }
      if (!accept("smhdw")) {
        return false;
      }
      accept("s");
    }
    return !isAlphaNumeric(next());
  }

  private boolean scanNumber() {
    int initial = pos;
    String digits = "0123456789";
    if (accept("0") && accept("xX")) {
      accept("_");
      digits = "0123456789abcdefABCDEF";
    }
    accept(".");
    accept(digits);
    boolean dot = false;
    boolean exponent = false;
    while (is(digits + "._eE")) {
      if (is(".") && dot) {
        accept(".");
        return false;
      }
      if (is("eE") && exponent) {
        accept("eE");
        return false;
      }
      if (accept(".")) {
        dot = true;
        if (accept("_.")) {
          return false;
        }
        if (digits.length() > 10) {
          return false;
        }
        continue;
      }
      if (accept("eE")) {
        exponent = true;
        accept("+-");
        if (accept("._eE") || peek() == EOF) {
          return false;
        }
        continue;
      }
      if (accept("_")) {
        if (accept("._eE") || peek() == EOF) {
          return false;
        }
        continue;
      }
      while (accept(digits)) {
        // digit run
      }
    }
    if (pos == initial) {
      return false;
    }
    return !isAlphaNumeric(peek());
  }

  private Token lexKeywordOrIdentifier() {
    while (true) {
      int r = next();
      if (!(isAlphaNumeric(r) || r == ':')) {
        break;
      }
    }
    backup();
    String word = input.substring(start, pos);
    String lower = word.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("inf") || lower.equals("nan")) {
      return emit(TokenType.NUMBER);
    }
    TokenType kw = TokenType.word(word);
    if (kw != null) {
      if ((kw == TokenType.FILL || kw == TokenType.FILL_LEFT || kw == TokenType.FILL_RIGHT)
          && !followedByLeftParen()) {
        return emit(TokenType.IDENTIFIER);
      }
      return emit(kw);
    }
    return emit(word.indexOf(':') >= 0 ? TokenType.METRIC_IDENTIFIER : TokenType.IDENTIFIER);
  }

  private boolean followedByLeftParen() {
    for (int i = pos; i < input.length(); i++) {
      char c = input.charAt(i);
      if (!isSpace(c)) {
        return c == '(';
      }
    }
    return false;
  }

  static boolean isSpace(int r) {
    return r == ' ' || r == '\t' || r == '\n' || r == '\r';
  }

  private static boolean isDigit(int r) {
    return r >= '0' && r <= '9';
  }

  private static boolean isAlpha(int r) {
    return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  }

  private static boolean isAlphaNumeric(int r) {
    return isAlpha(r) || isDigit(r);
  }

  private Token lexRightParen() {
    Token t = emit(TokenType.RIGHT_PAREN);
    parenDepth--;
    if (parenDepth < 0) {
      return error("unexpected right parenthesis ')'");
    }
    return t;
  }
}
