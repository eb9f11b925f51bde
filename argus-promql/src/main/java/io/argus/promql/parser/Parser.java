package io.argus.promql.parser;

import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import io.argus.util.PrometheusDurations;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Recursive-descent (Pratt) parser over the token list, followed by upstream's type checks. It
 * collects errors like upstream: semantic errors found while parsing are recorded and parsing
 * goes on, a syntax error stops it, type checking runs only when parsing found nothing, and the
 * first recorded error is thrown. One instance per input; not thread-safe.
 */
final class Parser {
  private static final String METRIC_NAME = "__name__";
  private static final double MAX_DURATION_SECONDS = 9.223372036854775807E18 / 1e9;

  private final String input;
  private final ParserOptions options;
  private final List<Token> tokens = new ArrayList<>();
  private final List<ParseException> errors = new ArrayList<>();
  /** Vector matching as written, before scalar sides drop it; the checker needs it. */
  private final Map<BinaryExpr, VectorMatching> writtenMatching = new IdentityHashMap<>(4);

  private int index;
  private int lastClosing;
  private int aggregationDepth;
  /** Label-selector arguments of info(), which may match everything. */
  private final Set<VectorSelector> bypassEmptyMatcherCheck =
      Collections.newSetFromMap(new IdentityHashMap<>(2));

  /** Thrown to unwind after a syntax error has been recorded. */
  private static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abort() {
      super(null, null, false, false);
    }
  }

  Parser(String input, ParserOptions options) {
    this.input = input;
    this.options = options;
    for (Token t : Lexer.lex(input)) {
      if (t.type() != TokenType.COMMENT) {
        tokens.add(t);
      }
    }
  }

  Expr parseExpression() {
    Expr result = null;
    try {
      if (peek().type() == TokenType.EOF) {
        addError(PositionRange.NONE, "no expression found in input");
      } else {
        result = parseBinary(0);
        if (peek().type() != TokenType.EOF) {
          throw syntaxError("", "");
        }
        if (errors.isEmpty()) {
          check(result);
        }
      }
    } catch (Abort e) {
      // the error is recorded
    } catch (StackOverflowError e) {
      addError(PositionRange.NONE, "expression nested too deeply");
    }
    if (!errors.isEmpty() || result == null) {
      throw errors.getFirst();
    }
    return result;
  }

  List<Matcher> parseMetricSelector() {
    VectorSelector vs = null;
    try {
      Token t = peek();
      if (t.type() != TokenType.LEFT_BRACE && !t.type().isMetricIdentifier()) {
        throw syntaxError("", "");
      }
      vs = parseVectorSelector();
      if (peek().type() != TokenType.EOF) {
        throw syntaxError("", "");
      }
    } catch (Abort e) {
      // the error is recorded
    }
    if (!errors.isEmpty() || vs == null) {
      throw errors.getFirst();
    }
    return vs.matchers();
  }

  // ---- tokens and errors ----

  private Token peek() {
    Token t = tokens.get(index);
    if (t.type() == TokenType.ERROR) {
      errors.add(
          new ParseException(new PositionRange(t.pos(), input.length()), input, t.text()));
      throw new Abort();
    }
    return t;
  }

  private TokenType peekTypeAt(int offset) {
    int i = Math.min(index + offset, tokens.size() - 1);
    return tokens.get(i).type();
  }

  private Token next() {
    Token t = peek();
    index++;
    switch (t.type()) {
      case RIGHT_BRACE, RIGHT_PAREN, RIGHT_BRACKET, DURATION, NUMBER -> lastClosing = t.end();
      default -> {}
    }
    return t;
  }

  private Token expect(TokenType type, String context, String expected) {
    if (peek().type() != type) {
      throw syntaxError(context, expected);
    }
    return next();
  }

  private Abort syntaxError(String context, String expected) {
    Token t = peek();
    StringBuilder msg = new StringBuilder("unexpected ").append(t.describe());
    if (!context.isEmpty()) {
      msg.append(" in ").append(context);
    }
    if (!expected.isEmpty()) {
      msg.append(", expected ").append(expected);
    }
    addError(new PositionRange(t.pos(), t.end()), msg.toString());
    return new Abort();
  }

  private String context() {
    return aggregationDepth > 0 ? "aggregation" : "";
  }

  private void addError(PositionRange range, String message) {
    errors.add(new ParseException(range, input, message));
  }

  private static PositionRange range(Token t) {
    return new PositionRange(t.pos(), t.end());
  }

  // ---- expressions ----

  private static @Nullable BinaryOp binaryOp(TokenType t) {
    return switch (t) {
      case LOR -> BinaryOp.OR;
      case LAND -> BinaryOp.AND;
      case LUNLESS -> BinaryOp.UNLESS;
      case EQLC -> BinaryOp.EQL;
      case NEQ -> BinaryOp.NEQ;
      case GTR -> BinaryOp.GTR;
      case LSS -> BinaryOp.LSS;
      case GTE -> BinaryOp.GTE;
      case LTE -> BinaryOp.LTE;
      case TRIM_UPPER -> BinaryOp.TRIM_UPPER;
      case TRIM_LOWER -> BinaryOp.TRIM_LOWER;
      case ADD -> BinaryOp.ADD;
      case SUB -> BinaryOp.SUB;
      case MUL -> BinaryOp.MUL;
      case DIV -> BinaryOp.DIV;
      case MOD -> BinaryOp.MOD;
      case ATAN2 -> BinaryOp.ATAN2;
      case POW -> BinaryOp.POW;
      default -> null;
    };
  }

  private Expr parseBinary(int minPrecedence) {
    Expr lhs = parseUnary();
    while (true) {
      BinaryOp op = binaryOp(peek().type());
      if (op == null || op.precedence() < minPrecedence) {
        return lhs;
      }
      next();
      boolean returnBool = false;
      if (peek().type() == TokenType.BOOL) {
        next();
        returnBool = true;
      }
      VectorMatching written = parseVectorMatching();
      Expr rhs = parseBinary(op.isRightAssociative() ? op.precedence() : op.precedence() + 1);
      lhs = newBinary(op, lhs, rhs, written, returnBool);
    }
  }

  private VectorMatching parseVectorMatching() {
    boolean on = false;
    List<String> matching = List.of();
    VectorMatching.Cardinality card = VectorMatching.Cardinality.ONE_TO_ONE;
    List<String> include = List.of();
    TokenType t = peek().type();
    if (t == TokenType.ON || t == TokenType.IGNORING) {
      next();
      on = t == TokenType.ON;
      matching = parseGroupingLabels();
      t = peek().type();
      if (t == TokenType.GROUP_LEFT || t == TokenType.GROUP_RIGHT) {
        next();
        card =
            t == TokenType.GROUP_LEFT
                ? VectorMatching.Cardinality.MANY_TO_ONE
                : VectorMatching.Cardinality.ONE_TO_MANY;
        if (peek().type() == TokenType.LEFT_PAREN) {
          include = parseGroupingLabels();
        }
      }
    }
    Double left = null;
    Double right = null;
    t = peek().type();
    if (t == TokenType.FILL) {
      next();
      left = parseFillValue();
      right = left;
    } else if (t == TokenType.FILL_LEFT) {
      next();
      left = parseFillValue();
      if (peek().type() == TokenType.FILL_RIGHT) {
        next();
        right = parseFillValue();
      }
    } else if (t == TokenType.FILL_RIGHT) {
      next();
      right = parseFillValue();
      if (peek().type() == TokenType.FILL_LEFT) {
        next();
        left = parseFillValue();
      }
    }
    return new VectorMatching(card, matching, on, include, left, right);
  }

  private double parseFillValue() {
    expect(TokenType.LEFT_PAREN, context(), "");
    boolean negative = false;
    TokenType t = peek().type();
    if (t == TokenType.ADD || t == TokenType.SUB) {
      next();
      negative = t == TokenType.SUB;
    }
    Token n = peek();
    double v;
    if (n.type() == TokenType.NUMBER) {
      v = number(next());
    } else if (n.type() == TokenType.DURATION) {
      v = durationSeconds(next());
    } else {
      throw syntaxError(context(), "");
    }
    expect(TokenType.RIGHT_PAREN, context(), "");
    return negative ? -v : v;
  }

  private BinaryExpr newBinary(
      BinaryOp op, Expr lhs, Expr rhs, VectorMatching written, boolean returnBool) {
    VectorMatching effective = written;
    if (lhs.type() != ValueType.VECTOR || rhs.type() != ValueType.VECTOR) {
      effective = null;
    } else if (op.isSetOperator()
        && written.cardinality() == VectorMatching.Cardinality.ONE_TO_ONE) {
      effective =
          new VectorMatching(
              VectorMatching.Cardinality.MANY_TO_MANY,
              written.matchingLabels(),
              written.on(),
              written.include(),
              written.fillLeft(),
              written.fillRight());
    }
    BinaryExpr b = new BinaryExpr(op, lhs, rhs, effective, returnBool);
    writtenMatching.put(b, written);
    boolean fill = written.fillLeft() != null || written.fillRight() != null;
    if (!options.binopFillModifiers() && fill) {
      addError(b.positionRange(), "binop fill modifiers are experimental and not enabled");
    }
    return b;
  }

  private Expr parseUnary() {
    Token t = peek();
    if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
      next();
      Expr operand = parseBinary(BinaryOp.POW.precedence());
      PositionRange r = new PositionRange(t.pos(), operand.positionRange().end());
      if (operand instanceof NumberLiteral n) {
        double v = t.type() == TokenType.SUB ? -n.value() : n.value();
        return new NumberLiteral(v, n.duration(), r);
      }
      return new UnaryExpr(t.type() == TokenType.SUB ? BinaryOp.SUB : BinaryOp.ADD, operand, r);
    }
    return parsePostfix(parsePrimary());
  }

  private Expr parsePrimary() {
    Token t = peek();
    TokenType type = t.type();
    switch (type) {
      case NUMBER -> {
        next();
        return new NumberLiteral(number(t), false, range(t));
      }
      case DURATION -> {
        next();
        return new NumberLiteral(durationSeconds(t), true, range(t));
      }
      case STRING -> {
        next();
        return new StringLiteral(unquote(t), range(t));
      }
      case LEFT_PAREN -> {
        next();
        Expr inner = parseBinary(0);
        Token close = expect(TokenType.RIGHT_PAREN, context(), "");
        return new ParenExpr(inner, new PositionRange(t.pos(), close.end()));
      }
      case LEFT_BRACE -> {
        return parseVectorSelector();
      }
      default -> {}
    }
    TokenType after = peekTypeAt(1);
    if (type.kind == TokenType.Kind.AGGREGATOR
        && (after == TokenType.LEFT_PAREN || after == TokenType.BY || after == TokenType.WITHOUT)) {
      return parseAggregation();
    }
    if ((type == TokenType.IDENTIFIER || type.kind == TokenType.Kind.PREPROCESSOR)
        && after == TokenType.LEFT_PAREN) {
      return parseCall();
    }
    if (type.isMetricIdentifier()) {
      return parseVectorSelector();
    }
    throw syntaxError(context(), "");
  }

  private Expr parseCall() {
    Token name = next();
    Function f = Functions.get(name.text());
    if (f == null) {
      addError(range(name), "unknown function with name " + GoStrings.quote(name.text()));
      f = new Function(name.text(), List.of(), -1, ValueType.NONE, false);
    } else if (f.experimental() && !options.experimentalFunctions()) {
      addError(range(name), "function " + GoStrings.quote(name.text()) + " is not enabled");
    }
    List<Expr> args = parseCallBody();
    return new Call(f, args, new PositionRange(name.pos(), lastClosing));
  }

  private List<Expr> parseCallBody() {
    expect(TokenType.LEFT_PAREN, context(), "");
    List<Expr> args = new ArrayList<>();
    if (peek().type() == TokenType.RIGHT_PAREN) {
      next();
      return args;
    }
    while (true) {
      args.add(parseBinary(0));
      Token t = peek();
      if (t.type() == TokenType.COMMA) {
        next();
        if (peek().type() == TokenType.RIGHT_PAREN) {
          addError(range(t), "trailing commas not allowed in function call args");
          next();
          return args;
        }
      } else if (t.type() == TokenType.RIGHT_PAREN) {
        next();
        return args;
      } else {
        throw syntaxError(context(), "");
      }
    }
  }

  private Expr parseAggregation() {
    Token opToken = next();
    Aggregation op = Aggregation.valueOf(opToken.type().name());
    aggregationDepth++;
    List<String> grouping = null;
    boolean without = false;
    TokenType t = peek().type();
    if (t == TokenType.BY || t == TokenType.WITHOUT) {
      next();
      without = t == TokenType.WITHOUT;
      grouping = parseGroupingLabels();
    }
    List<Expr> args = parseCallBody();
    if (grouping == null) {
      t = peek().type();
      if (t == TokenType.BY || t == TokenType.WITHOUT) {
        next();
        without = t == TokenType.WITHOUT;
        grouping = parseGroupingLabels();
      }
    }
    aggregationDepth--;
    PositionRange r = new PositionRange(opToken.pos(), lastClosing);
    List<String> labels = grouping == null ? List.of() : grouping;
    Expr placeholder = new NumberLiteral(0);
    if (args.isEmpty()) {
      addError(r, "no arguments for aggregate expression provided");
      return new AggregateExpr(op, placeholder, null, labels, without, r);
    }
    int desired = 1;
    Expr param = null;
    if (op.hasParameter()) {
      if (op.isExperimental() && !options.experimentalFunctions()) {
        addError(
            r,
            op.text()
                + "() is experimental and must be enabled with"
                + " --enable-feature=promql-experimental-functions");
        return new AggregateExpr(op, placeholder, null, labels, without, r);
      }
      desired = 2;
      param = args.getFirst();
    }
    if (args.size() != desired) {
      addError(
          r,
          "wrong number of arguments for aggregate expression provided, expected "
              + desired
              + ", got "
              + args.size());
      return new AggregateExpr(op, placeholder, param, labels, without, r);
    }
    return new AggregateExpr(op, args.get(desired - 1), param, labels, without, r);
  }

  private List<String> parseGroupingLabels() {
    expect(TokenType.LEFT_PAREN, "grouping opts", "\"(\"");
    List<String> labels = new ArrayList<>();
    if (peek().type() == TokenType.RIGHT_PAREN) {
      next();
      return labels;
    }
    while (true) {
      Token t = peek();
      String name;
      if (t.type().isLabelLike()) {
        next();
        name = t.text();
      } else if (t.type() == TokenType.STRING) {
        next();
        name = unquote(t);
      } else {
        throw syntaxError("grouping opts", "label");
      }
      if (name.isEmpty()) {
        addError(range(t), "invalid label name for grouping: " + GoStrings.quote(name));
      }
      labels.add(name);
      Token sep = peek();
      if (sep.type() == TokenType.COMMA) {
        next();
        if (peek().type() == TokenType.RIGHT_PAREN) {
          next();
          return labels;
        }
      } else if (sep.type() == TokenType.RIGHT_PAREN) {
        next();
        return labels;
      } else {
        throw syntaxError("grouping opts", "\",\" or \")\"");
      }
    }
  }

  // ---- selectors ----

  private VectorSelector parseVectorSelector() {
    Token first = peek();
    String name = "";
    int end = first.end();
    if (first.type() != TokenType.LEFT_BRACE) {
      next();
      name = first.text();
    }
    List<Matcher> matchers = new ArrayList<>();
    if (peek().type() == TokenType.LEFT_BRACE) {
      next();
      end = parseMatchers(matchers);
    }
    if (!name.isEmpty()) {
      matchers.add(Matcher.equal(METRIC_NAME, name));
    }
    return new VectorSelector(
        name, matchers, 0, null, null, AtModifier.NONE, false, false,
        new PositionRange(first.pos(), end));
  }

  /** Parses matchers after the opening brace; returns the end of the closing brace. */
  private int parseMatchers(List<Matcher> out) {
    if (peek().type() == TokenType.RIGHT_BRACE) {
      return next().end();
    }
    while (true) {
      parseMatcher(out);
      Token t = peek();
      if (t.type() == TokenType.COMMA) {
        next();
        if (peek().type() == TokenType.RIGHT_BRACE) {
          return next().end();
        }
      } else if (t.type() == TokenType.RIGHT_BRACE) {
        return next().end();
      } else {
        throw syntaxError("label matching", "\",\" or \"}\"");
      }
    }
  }

  private void parseMatcher(List<Matcher> out) {
    Token label = peek();
    String name;
    if (label.type() == TokenType.IDENTIFIER) {
      next();
      name = label.text();
      if (matchType(peek().type()) == null) {
        throw syntaxError("label matching", "label matching operator");
      }
    } else if (label.type() == TokenType.STRING) {
      next();
      name = unquote(label);
      if (matchType(peek().type()) == null) {
        out.add(Matcher.equal(METRIC_NAME, name));
        return;
      }
    } else {
      throw syntaxError("label matching", "identifier or \"}\"");
    }
    MatchType type = matchType(next().type());
    Token value = peek();
    if (value.type() != TokenType.STRING) {
      throw syntaxError("label matching", "string");
    }
    next();
    try {
      out.add(Matcher.of(type, name, unquote(value)));
    } catch (IllegalArgumentException e) {
      addError(new PositionRange(label.pos(), value.end()), e.getMessage());
    }
  }

  private static @Nullable MatchType matchType(TokenType t) {
    return switch (t) {
      case EQL -> MatchType.EQUAL;
      case NEQ -> MatchType.NOT_EQUAL;
      case EQL_REGEX -> MatchType.REGEX;
      case NEQ_REGEX -> MatchType.NOT_REGEX;
      default -> null;
    };
  }

  // ---- postfix modifiers ----

  private Expr parsePostfix(Expr e) {
    while (true) {
      Token t = peek();
      switch (t.type()) {
        case LEFT_BRACKET -> e = parseRangeOrSubquery(e);
        case OFFSET -> e = parseOffset(e);
        case AT -> e = parseAt(e);
        case ANCHORED, SMOOTHED -> {
          next();
          e = setExtended(e, t.type() == TokenType.ANCHORED);
        }
        default -> {
          return e;
        }
      }
    }
  }

  private Expr setExtended(Expr e, boolean anchored) {
    String what = anchored ? "anchored" : "smoothed";
    if (!options.extendedRangeSelectors()) {
      addError(e.positionRange(), what + " modifier is experimental and not enabled");
      return e;
    }
    VectorSelector vs;
    if (e instanceof VectorSelector v) {
      vs = v;
    } else if (e instanceof MatrixSelector m) {
      vs = m.selector();
    } else if (e instanceof SubqueryExpr) {
      addError(e.positionRange(), what + " modifier is not supported for subqueries");
      return e;
    } else {
      addError(e.positionRange(), what + " modifier not implemented");
      return e;
    }
    if (anchored ? vs.smoothed() : vs.anchored()) {
      addError(e.positionRange(), "anchored and smoothed modifiers cannot be used together");
    }
    VectorSelector updated =
        vs.withExtended(anchored || vs.anchored(), !anchored || vs.smoothed());
    if (e instanceof MatrixSelector m) {
      return new MatrixSelector(updated, m.rangeMillis(), m.rangeExpr(), m.positionRange());
    }
    return updated;
  }

  private Expr parseOffset(Expr e) {
    next();
    Duration d = parseOffsetDuration();
    long millis = 0;
    DurationExpr expr = null;
    if (d.expr() instanceof DurationExpr.Number n) {
      millis = Math.round(n.seconds() * 1000);
    } else {
      expr = d.expr();
    }
    switch (e) {
      case VectorSelector vs -> {
        if (vs.hasOffset()) {
          addError(e.positionRange(), "offset may not be set multiple times");
          return e;
        }
        return vs.withOffset(millis, expr, lastClosing);
      }
      case MatrixSelector ms -> {
        if (ms.selector().hasOffset()) {
          addError(e.positionRange(), "offset may not be set multiple times");
          return e;
        }
        return new MatrixSelector(
            ms.selector().withOffset(millis, expr, ms.selector().positionRange().end()),
            ms.rangeMillis(), ms.rangeExpr(),
            new PositionRange(ms.positionRange().start(), lastClosing));
      }
      case SubqueryExpr sq -> {
        if (sq.hasOffset()) {
          addError(e.positionRange(), "offset may not be set multiple times");
          return e;
        }
        return sq.withOffset(millis, expr, lastClosing);
      }
      default -> {
        addError(
            e.positionRange(),
            "offset modifier must be preceded by an instant vector selector or range vector"
                + " selector or a subquery");
        return e;
      }
    }
  }

  private Expr parseAt(Expr e) {
    next();
    Token t = peek();
    Long ts = null;
    AtModifier mod = AtModifier.NONE;
    if (t.type() == TokenType.START || t.type() == TokenType.END) {
      next();
      expect(TokenType.LEFT_PAREN, "@", "timestamp");
      expect(TokenType.RIGHT_PAREN, "@", "timestamp");
      mod = t.type() == TokenType.START ? AtModifier.START : AtModifier.END;
    } else {
      boolean negative = false;
      if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
        next();
        negative = t.type() == TokenType.SUB;
      }
      Token n = peek();
      double seconds;
      if (n.type() == TokenType.NUMBER) {
        seconds = number(next());
      } else if (n.type() == TokenType.DURATION) {
        seconds = durationSeconds(next());
      } else {
        throw syntaxError("@", "timestamp");
      }
      if (negative) {
        seconds = -seconds;
      }
      if (Double.isNaN(seconds)
          || Double.isInfinite(seconds)
          || seconds >= 9.223372036854775807E18
          || seconds <= -9.223372036854775808E18) {
        addError(
            e.positionRange(),
            "timestamp out of bounds for @ modifier: " + GoStrings.formatFixed6(seconds));
      }
      ts = Math.round(seconds * 1000);
    }
    String twice = "@ <timestamp> may not be set multiple times";
    switch (e) {
      case VectorSelector vs -> {
        if (vs.hasAt()) {
          addError(e.positionRange(), twice);
          return e;
        }
        return vs.withAt(ts, mod, lastClosing);
      }
      case MatrixSelector ms -> {
        if (ms.selector().hasAt()) {
          addError(e.positionRange(), twice);
          return e;
        }
        return new MatrixSelector(
            ms.selector().withAt(ts, mod, ms.selector().positionRange().end()),
            ms.rangeMillis(), ms.rangeExpr(),
            new PositionRange(ms.positionRange().start(), lastClosing));
      }
      case SubqueryExpr sq -> {
        if (sq.hasAt()) {
          addError(e.positionRange(), twice);
          return e;
        }
        return sq.withAt(ts, mod, lastClosing);
      }
      default -> {
        addError(
            e.positionRange(),
            "@ modifier must be preceded by an instant vector selector or range vector selector"
                + " or a subquery");
        return e;
      }
    }
  }

  private Expr parseRangeOrSubquery(Expr e) {
    Token open = next();
    String rangeContext = "subquery or range selector";
    String rangeExpected = "number, duration, step(), or range()";
    Duration range = parsePositiveDuration(rangeContext, rangeExpected);
    Token t = peek();
    if (t.type() == TokenType.RIGHT_BRACKET) {
      Token close = next();
      String err = null;
      if (!(e instanceof VectorSelector vs)) {
        err = "ranges only allowed for vector selectors";
      } else if (vs.hasOffset()) {
        err = "no offset modifiers allowed before range";
      } else if (vs.hasAt()) {
        err = "no @ modifiers allowed before range";
      }
      if (err != null) {
        addError(new PositionRange(open.pos(), close.end()), err);
      }
      VectorSelector selector =
          e instanceof VectorSelector v ? v : new VectorSelector("", List.of());
      return new MatrixSelector(
          selector, range.millis(), range.nonLiteral(),
          new PositionRange(e.positionRange().start(), close.end()));
    }
    if (t.type() != TokenType.COLON) {
      throw syntaxError("subquery or range", "\":\" or \"]\"");
    }
    next();
    Duration step = null;
    if (peek().type() != TokenType.RIGHT_BRACKET) {
      step =
          parsePositiveDuration(
              "subquery selector", "number, duration, step(), range(), or \"]\"");
      if (peek().type() != TokenType.RIGHT_BRACKET) {
        throw syntaxError("subquery selector", "\"]\"");
      }
    }
    Token close = next();
    return new SubqueryExpr(
        e,
        range.millis(),
        range.nonLiteral(),
        step == null ? 0 : step.millis(),
        step == null ? null : step.nonLiteral(),
        0,
        null,
        null,
        AtModifier.NONE,
        new PositionRange(e.positionRange().start(), close.end()));
  }

  // ---- durations ----

  /** A parsed duration expression and where it starts. */
  private record Duration(DurationExpr expr, int start) {
    long millis() {
      return expr instanceof DurationExpr.Number n ? Math.round(n.seconds() * 1000) : 0;
    }

    @Nullable DurationExpr nonLiteral() {
      return expr instanceof DurationExpr.Number ? null : expr;
    }
  }

  private Duration parsePositiveDuration(String context, String expected) {
    Duration d = parseDurationExpr(0, context, expected);
    if (d.expr() instanceof DurationExpr.Number n && n.seconds() <= 0) {
      addError(new PositionRange(d.start(), lastClosing), "duration must be greater than 0");
    }
    return d;
  }

  private Duration parseDurationExpr(int minPrecedence, String context, String expected) {
    Duration lhs = parseDurationUnary(context, expected);
    while (true) {
      Token t = peek();
      BinaryOp op =
          switch (t.type()) {
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case POW -> BinaryOp.POW;
            default -> null;
          };
      if (op == null || op.precedence() < minPrecedence) {
        return lhs;
      }
      next();
      Duration rhs =
          parseDurationExpr(
              op.isRightAssociative() ? op.precedence() : op.precedence() + 1, context, expected);
      experimentalDuration(lhs.start());
      if ((op == BinaryOp.DIV || op == BinaryOp.MOD)
          && rhs.expr() instanceof DurationExpr.Number n
          && n.seconds() == 0) {
        addError(range(t), op == BinaryOp.DIV ? "division by zero" : "modulo by zero");
        lhs = new Duration(new DurationExpr.Number(0, false), lhs.start());
        continue;
      }
      lhs = new Duration(new DurationExpr.Binary(op, lhs.expr(), rhs.expr()), lhs.start());
    }
  }

  private Duration parseDurationUnary(String context, String expected) {
    Token t = peek();
    if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
      next();
      Duration operand = parseDurationExpr(BinaryOp.POW.precedence(), context, expected);
      return applySign(t, operand);
    }
    return parseDurationAtom(context, expected);
  }

  private Duration applySign(Token sign, Duration operand) {
    boolean negative = sign.type() == TokenType.SUB;
    if (operand.expr() instanceof DurationExpr.Number n) {
      double v = negative ? -n.seconds() : n.seconds();
      if (outOfRange(v)) {
        addError(range(sign), "duration out of range");
        v = 0;
      }
      return new Duration(new DurationExpr.Number(v, n.duration()), sign.pos());
    }
    return new Duration(
        negative ? new DurationExpr.Negate(operand.expr()) : operand.expr(), sign.pos());
  }

  private Duration parseDurationAtom(String context, String expected) {
    Token t = peek();
    switch (t.type()) {
      case NUMBER, DURATION -> {
        next();
        double v = t.type() == TokenType.NUMBER ? number(t) : durationSeconds(t);
        if (outOfRange(v)) {
          addError(range(t), "duration out of range");
          v = 0;
        }
        return new Duration(new DurationExpr.Number(v, t.type() == TokenType.DURATION), t.pos());
      }
      case STEP, RANGE -> {
        next();
        expect(TokenType.LEFT_PAREN, context, expected);
        expect(TokenType.RIGHT_PAREN, context, expected);
        experimentalDuration(t.pos());
        return new Duration(
            t.type() == TokenType.STEP ? new DurationExpr.Step() : new DurationExpr.Range(),
            t.pos());
      }
      case MIN_OF, MAX_OF -> {
        next();
        expect(TokenType.LEFT_PAREN, context, expected);
        Duration a = parseDurationExpr(0, context, expected);
        expect(TokenType.COMMA, context, expected);
        Duration b = parseDurationExpr(0, context, expected);
        expect(TokenType.RIGHT_PAREN, context, expected);
        experimentalDuration(t.pos());
        return new Duration(
            new DurationExpr.MinMax(t.type() == TokenType.MAX_OF, a.expr(), b.expr()), t.pos());
      }
      case LEFT_PAREN -> {
        next();
        Duration inner = parseDurationExpr(0, context, expected);
        expect(TokenType.RIGHT_PAREN, context, expected);
        experimentalDuration(inner.start());
        return new Duration(new DurationExpr.Paren(inner.expr()), t.pos());
      }
      default -> throw syntaxError(context, expected);
    }
  }

  /** An offset takes a single signed term; operators after it belong to the outer expression. */
  private Duration parseOffsetDuration() {
    String context = "offset";
    String expected = "number, duration, step(), or range()";
    Token t = peek();
    if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
      next();
      return applySign(t, parseDurationAtom(context, expected));
    }
    return parseDurationAtom(context, expected);
  }

  private void experimentalDuration(int start) {
    if (!options.durationExpressions()) {
      addError(
          new PositionRange(start, lastClosing),
          "experimental duration expression is not enabled");
    }
  }

  private static boolean outOfRange(double seconds) {
    return seconds > MAX_DURATION_SECONDS || seconds < -MAX_DURATION_SECONDS;
  }

  // ---- literals ----

  private double durationSeconds(Token t) {
    try {
      return PrometheusDurations.parse(t.text()) / 1000.0;
    } catch (IllegalArgumentException e) {
      addError(range(t), e.getMessage());
      return 0;
    }
  }

  private String unquote(Token t) {
    try {
      return GoStrings.unquote(t.text());
    } catch (IllegalArgumentException e) {
      addError(
          range(t),
          "error unquoting string " + GoStrings.quote(t.text()) + ": " + e.getMessage());
      return "";
    }
  }

  /** Parses a number token as Go's ParseInt(s, 0, 64) and, failing that, ParseFloat(s, 64). */
  private double number(Token t) {
    String s = t.text();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("inf")) {
      return Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    Double asInt = parseGoInt(s);
    if (asInt != null) {
      return asInt;
    }
    String reason = "invalid syntax";
    if (underscoresOk(s) && !lower.startsWith("0x")) {
      String digits = s.replace("_", "");
      try {
        double v = Double.parseDouble(digits);
        if (!Double.isInfinite(v)) {
          return v;
        }
        reason = "value out of range";
      } catch (NumberFormatException e) {
        reason = "invalid syntax";
      }
    }
    addError(
        range(t),
        "error parsing number: strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": " + reason);
    return 0;
  }

  private static @Nullable Double parseGoInt(String s) {
    if (!underscoresOk(s)) {
      return null;
    }
    String body = s;
    int radix = 10;
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.startsWith("0x")) {
      radix = 16;
      body = s.substring(2);
    } else if (lower.startsWith("0o")) {
      radix = 8;
      body = s.substring(2);
    } else if (lower.startsWith("0b")) {
      radix = 2;
      body = s.substring(2);
    } else if (s.length() > 1 && s.charAt(0) == '0') {
      radix = 8;
      body = s.substring(1);
    }
    body = body.replace("_", "");
    if (body.isEmpty()) {
      return null;
    }
    for (int i = 0; i < body.length(); i++) {
      if (Character.digit(body.charAt(i), radix) < 0) {
        return null;
      }
    }
    BigInteger v = new BigInteger(body, radix);
    if (v.bitLength() > 63) {
      return null;
    }
    return (double) v.longValue();
  }

  private static boolean underscoresOk(String s) {
    char saw = '^';
    int i = 0;
    boolean hex = false;
    if (s.length() >= 2 && s.charAt(0) == '0') {
      char b = Character.toLowerCase(s.charAt(1));
      if (b == 'b' || b == 'o' || b == 'x') {
        i = 2;
        saw = '0';
        hex = b == 'x';
      }
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      char lc = Character.toLowerCase(c);
      if ((c >= '0' && c <= '9') || (hex && lc >= 'a' && lc <= 'f')) {
        saw = '0';
        continue;
      }
      if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
        continue;
      }
      if (saw == '_') {
        return false;
      }
      saw = '!';
    }
    return saw != '_';
  }

  // ---- type checking ----

  private ValueType check(Expr e) {
    switch (e) {
      case AggregateExpr a -> {
        expectType(a.expr(), ValueType.VECTOR, "aggregation expression");
        switch (a.op()) {
          case TOPK, BOTTOMK, QUANTILE, LIMITK, LIMIT_RATIO ->
              expectType(a.param(), ValueType.SCALAR, "aggregation parameter");
          case COUNT_VALUES -> expectType(a.param(), ValueType.STRING, "aggregation parameter");
          default -> {}
        }
      }
      case BinaryExpr b -> checkBinary(b);
      case Call c -> checkCall(c);
      case ParenExpr p -> check(p.expr());
      case UnaryExpr u -> {
        ValueType t = check(u.expr());
        if (t != ValueType.SCALAR && t != ValueType.VECTOR) {
          addError(
              u.positionRange(),
              "unary expression only allowed on expressions of type scalar or instant vector, got "
                  + GoStrings.quote(t.documentedName()));
        }
      }
      case SubqueryExpr s -> {
        ValueType t = check(s.expr());
        if (t != ValueType.VECTOR) {
          addError(
              s.positionRange(),
              "subquery is only allowed on instant vector, got " + t.apiName() + " instead");
        }
      }
      case MatrixSelector m -> check(m.selector());
      case VectorSelector vs -> checkSelector(vs);
      case NumberLiteral n -> {}
      case StringLiteral s -> {}
    }
    return e.type();
  }

  private void expectType(@Nullable Expr e, ValueType want, String context) {
    if (e == null) {
      return;
    }
    ValueType t = check(e);
    if (t != want) {
      addError(
          e.positionRange(),
          "expected type " + want.documentedName() + " in " + context + ", got "
              + t.documentedName());
    }
  }

  private void checkSelector(VectorSelector vs) {
    if (!vs.name().isEmpty()) {
      List<Matcher> ms = vs.matchers();
      for (int i = 0; i < ms.size() - 1; i++) {
        if (ms.get(i).name().equals(METRIC_NAME)) {
          addError(
              vs.positionRange(),
              "metric name must not be set twice: " + GoStrings.quote(vs.name()) + " or "
                  + GoStrings.quote(ms.get(i).value()));
        }
      }
      return;
    }
    if (bypassEmptyMatcherCheck.contains(vs)) {
      return;
    }
    for (Matcher m : vs.matchers()) {
      if (!m.matchesEmpty()) {
        return;
      }
    }
    addError(vs.positionRange(), "vector selector must contain at least one non-empty matcher");
  }

  private void checkCall(Call c) {
    Function f = c.function();
    int declared = f.argTypes().size();
    int given = c.args().size();
    String quotedName = GoStrings.quote(f.name());
    if (f.variadic() == 0) {
      if (declared != given) {
        addError(
            c.positionRange(),
            "expected " + declared + " argument(s) in call to " + quotedName + ", got " + given);
      }
    } else {
      int required = declared - 1;
      if (required > given) {
        addError(
            c.positionRange(),
            "expected at least " + required + " argument(s) in call to " + quotedName + ", got "
                + given);
      } else if (f.variadic() > 0 && required + f.variadic() < given) {
        addError(
            c.positionRange(),
            "expected at most " + (required + f.variadic()) + " argument(s) in call to "
                + quotedName + ", got " + given);
      }
    }
    if (f.name().equals("info") && given > 1) {
      Expr labels = c.args().get(1);
      if (labels.type() != ValueType.VECTOR) {
        addError(
            c.positionRange(),
            "expected type instant vector in call to function \"info\", got "
                + labels.type().documentedName());
      }
      if (labels instanceof VectorSelector vs && !vs.name().isEmpty()) {
        addError(
            labels.positionRange(), "expected label selectors only, got vector selector instead");
      } else if (labels instanceof VectorSelector vs) {
        bypassEmptyMatcherCheck.add(vs);
      } else {
        addError(labels.positionRange(), "expected label selectors only");
      }
    }
    for (int i = 0; i < given; i++) {
      int k = i;
      if (k >= declared) {
        if (f.variadic() == 0) {
          break;
        }
        k = declared - 1;
      }
      Expr arg = c.args().get(i);
      ValueType t = check(arg);
      if (k >= 0 && t != f.argTypes().get(k)) {
        addError(
            arg.positionRange(),
            "expected type " + f.argTypes().get(k).documentedName() + " in call to function "
                + quotedName + ", got " + t.documentedName());
      }
    }
  }

  private void checkBinary(BinaryExpr b) {
    ValueType lt = check(b.lhs());
    ValueType rt = check(b.rhs());
    VectorMatching vm = writtenMatching.get(b);
    if (vm == null) {
      vm = new VectorMatching(VectorMatching.Cardinality.ONE_TO_ONE, List.of(), false, List.of(),
          null, null);
    }
    BinaryOp op = b.op();
    PositionRange opRange = operatorRange(b);
    if (b.returnBool() && !op.isComparison()) {
      addError(opRange, "bool modifier can only be used on comparison operators");
    }
    if (op.isComparison()
        && !b.returnBool()
        && b.rhs().type() == ValueType.SCALAR
        && b.lhs().type() == ValueType.SCALAR) {
      addError(opRange, "comparisons between scalars must use BOOL modifier");
    }
    VectorMatching.Cardinality card = vm.cardinality();
    if (op.isSetOperator() && card == VectorMatching.Cardinality.ONE_TO_ONE) {
      card = VectorMatching.Cardinality.MANY_TO_MANY;
    }
    for (String l1 : vm.matchingLabels()) {
      for (String l2 : vm.include()) {
        if (l1.equals(l2) && vm.on()) {
          addError(
              opRange,
              "label " + GoStrings.quote(l1) + " must not occur in ON and GROUP clause at once");
        }
      }
    }
    if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
      addError(
          b.lhs().positionRange(),
          "binary expression must contain only scalar and instant vector types");
    }
    if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
      addError(
          b.rhs().positionRange(),
          "binary expression must contain only scalar and instant vector types");
    }
    boolean fill = vm.fillLeft() != null || vm.fillRight() != null;
    if (lt != ValueType.VECTOR || rt != ValueType.VECTOR) {
      if (!vm.matchingLabels().isEmpty()) {
        addError(b.positionRange(), "vector matching only allowed between instant vectors");
      }
      if (fill) {
        addError(
            b.positionRange(), "filling in missing series only allowed between instant vectors");
      }
    } else if (op.isSetOperator()) {
      if (card == VectorMatching.Cardinality.ONE_TO_MANY
          || card == VectorMatching.Cardinality.MANY_TO_ONE) {
        addError(
            b.positionRange(),
            "no grouping allowed for " + GoStrings.quote(op.text()) + " operation");
      }
      if (card != VectorMatching.Cardinality.MANY_TO_MANY) {
        addError(b.positionRange(), "set operations must always be many-to-many");
      }
      if (fill) {
        addError(b.positionRange(), "filling in missing series not allowed for set operators");
      }
    }
    if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && op.isSetOperator()) {
      addError(
          b.positionRange(),
          "set operator "
              + GoStrings.quote(op.text())
              + " not allowed in binary scalar expression");
    }
  }

  private PositionRange operatorRange(BinaryExpr b) {
    int start = Math.min(b.lhs().positionRange().end(), input.length());
    while (start < input.length() && Lexer.isSpace(input.charAt(start))) {
      start++;
    }
    return new PositionRange(start, Math.max(start, b.rhs().positionRange().start()));
  }
}
