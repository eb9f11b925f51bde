package io.argus.template.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Parses template text into trees following Go's {@code text/template/parse}: the top-level
 * template plus every {@code define} and {@code block}, with Go's error messages. Not thread-safe;
 * use {@link #parse}.
 */
public final class Parser {
  private final String name;
  private final String text;
  private final List<Token> tokens;
  private final Predicate<String> hasFunction;
  private final Map<String, Tree> trees;
  private int index;
  private int furthest = -1;
  private List<String> vars = new ArrayList<>();
  private int rangeDepth;
  private int actionLine;

  private Parser(
      String name,
      String text,
      List<Token> tokens,
      Predicate<String> hasFunction,
      Map<String, Tree> trees,
      int index) {
    this.name = name;
    this.text = text;
    this.tokens = tokens;
    this.hasFunction = hasFunction;
    this.trees = trees;
    this.index = index;
    vars.add("$");
  }

  /**
   * Parses {@code text} as the template {@code name}.
   *
   * @param hasFunction whether a function name is defined (builtins included)
   * @return every template defined by the text, keyed by name, the top-level one included
   * @throws TemplateParseException with Go's message
   */
  public static Map<String, Tree> parse(String name, String text, Predicate<String> hasFunction)
      throws TemplateParseException {
    Map<String, Tree> trees = new LinkedHashMap<>();
    Parser p = new Parser(name, text, Lexer.lex(text), hasFunction, trees, 0);
    try {
      Node.ListNode root = p.parseTop();
      p.add(name, root);
    } catch (ParseError e) {
      throw new TemplateParseException(e.getMessage());
    }
    return trees;
  }

  private static final class ParseError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ParseError(String message) {
      super(message, null, false, false);
    }
  }

  private ParseError errorf(String message) {
    int line = tokens.get(Math.max(furthest, 0)).line();
    return new ParseError("template: " + name + ":" + line + ": " + message);
  }

  private Token next() {
    Token t = tokens.get(Math.min(index, tokens.size() - 1));
    if (index > furthest) {
      furthest = Math.min(index, tokens.size() - 1);
    }
    index++;
    return t;
  }

  private void backup() {
    index--;
  }

  private Token peek() {
    Token t = next();
    backup();
    return t;
  }

  private Token nextNonSpace() {
    Token t;
    do {
      t = next();
    } while (t.type() == TokenType.SPACE);
    return t;
  }

  private Token peekNonSpace() {
    Token t = nextNonSpace();
    backup();
    return t;
  }

  private Token expect(TokenType type, String context) {
    Token t = nextNonSpace();
    if (t.type() != type) {
      throw unexpected(t, context);
    }
    return t;
  }

  private ParseError unexpected(Token token, String context) {
    if (token.type() == TokenType.ERROR) {
      String extra = "";
      if (actionLine != 0 && actionLine != token.line()) {
        extra = " in action started at " + name + ":" + actionLine;
        if (token.val().endsWith(" action")) {
          extra = extra.substring(" in action".length());
        }
      }
      return errorf(token + extra);
    }
    return errorf("unexpected " + token + " in " + context);
  }

  private void add(String treeName, Node.ListNode root) {
    Tree existing = trees.get(treeName);
    if (existing == null || Tree.isEmpty(existing.root())) {
      trees.put(treeName, new Tree(treeName, name, text, root));
      return;
    }
    if (!Tree.isEmpty(root)) {
      throw errorf("template: multiple definition of template " + GoStrings.quote(treeName));
    }
  }

  private Node.ListNode parseTop() {
    List<Node> nodes = new ArrayList<>();
    int pos = peek().pos();
    while (peek().type() != TokenType.EOF) {
      if (peek().type() == TokenType.LEFT_DELIM) {
        int mark = index;
        next();
        if (nextNonSpace().type() == TokenType.DEFINE) {
          parseDefinition();
          continue;
        }
        index = mark;
      }
      Node n = textOrAction();
      if (n instanceof Node.End || n instanceof Node.Else) {
        throw errorf("unexpected " + n);
      }
      nodes.add(n);
    }
    return new Node.ListNode(pos, List.copyOf(nodes));
  }

  private void parseDefinition() {
    String context = "define clause";
    Token nameToken = nextNonSpace();
    if (nameToken.type() != TokenType.STRING && nameToken.type() != TokenType.RAW_STRING) {
      throw unexpected(nameToken, context);
    }
    String defName = unquote(nameToken);
    expect(TokenType.RIGHT_DELIM, context);
    List<String> saved = vars;
    vars = new ArrayList<>(List.of("$"));
    ListAndEnd body = itemList();
    if (!(body.end instanceof Node.End)) {
      throw errorf("unexpected " + body.end + " in " + context);
    }
    vars = saved;
    add(defName, body.list);
  }

  private String unquote(Token token) {
    try {
      return GoStrings.unquote(token.val());
    } catch (IllegalArgumentException e) {
      throw errorf(e.getMessage());
    }
  }

  private record ListAndEnd(Node.ListNode list, Node end) {}

  private ListAndEnd itemList() {
    List<Node> nodes = new ArrayList<>();
    int pos = peekNonSpace().pos();
    while (peekNonSpace().type() != TokenType.EOF) {
      Node n = textOrAction();
      if (n instanceof Node.End || n instanceof Node.Else) {
        return new ListAndEnd(new Node.ListNode(pos, List.copyOf(nodes)), n);
      }
      nodes.add(n);
    }
    throw errorf("unexpected EOF");
  }

  private Node textOrAction() {
    Token token = nextNonSpace();
    switch (token.type()) {
      case TEXT -> {
        return new Node.Text(token.pos(), token.val());
      }
      case LEFT_DELIM -> {
        int savedLine = actionLine;
        actionLine = token.line();
        try {
          return action();
        } finally {
          actionLine = savedLine;
        }
      }
      default -> throw unexpected(token, "input");
    }
  }

  private Node action() {
    Token token = nextNonSpace();
    switch (token.type()) {
      case BLOCK -> {
        return blockControl();
      }
      case BREAK -> {
        return breakControl(token, "{{break}}");
      }
      case CONTINUE -> {
        return breakControl(token, "{{continue}}");
      }
      case ELSE -> {
        return elseControl();
      }
      case END -> {
        return new Node.End(expect(TokenType.RIGHT_DELIM, "end").pos());
      }
      case IF -> {
        return control(Node.Branch.Kind.IF, true, "if");
      }
      case RANGE -> {
        return control(Node.Branch.Kind.RANGE, false, "range");
      }
      case TEMPLATE -> {
        return templateControl();
      }
      case WITH -> {
        return control(Node.Branch.Kind.WITH, false, "with");
      }
      default -> {
        backup();
        Token start = peek();
        return new Node.Action(
            start.pos(), start.line(), pipeline("command", TokenType.RIGHT_DELIM));
      }
    }
  }

  private Node breakControl(Token keyword, String context) {
    Token token = nextNonSpace();
    if (token.type() != TokenType.RIGHT_DELIM) {
      throw unexpected(token, context);
    }
    if (rangeDepth == 0) {
      throw errorf(context + " outside {{range}}");
    }
    return context.equals("{{break}}")
        ? new Node.Break(keyword.pos(), keyword.line())
        : new Node.Continue(keyword.pos(), keyword.line());
  }

  private Node elseControl() {
    Token peek = peekNonSpace();
    if (peek.type() == TokenType.IF) {
      return new Node.Else(peek.pos(), peek.line());
    }
    Token token = expect(TokenType.RIGHT_DELIM, "else");
    return new Node.Else(token.pos(), token.line());
  }

  private Node.Branch control(Node.Branch.Kind kind, boolean allowElseIf, String context) {
    int savedVars = vars.size();
    try {
      Node.Pipe pipe = pipeline(context, TokenType.RIGHT_DELIM);
      if (kind == Node.Branch.Kind.RANGE) {
        rangeDepth++;
      }
      ListAndEnd body = itemList();
      if (kind == Node.Branch.Kind.RANGE) {
        rangeDepth--;
      }
      Node.ListNode elseList = null;
      if (body.end instanceof Node.Else elseNode) {
        if (allowElseIf && peek().type() == TokenType.IF) {
          next();
          Node.Branch nested = control(Node.Branch.Kind.IF, true, "if");
          elseList = new Node.ListNode(elseNode.pos(), List.of(nested));
        } else {
          ListAndEnd rest = itemList();
          if (!(rest.end instanceof Node.End)) {
            throw errorf("expected end; found " + rest.end);
          }
          elseList = rest.list;
        }
      }
      return new Node.Branch(kind, pipe.pos(), pipe.line(), pipe, body.list, elseList);
    } finally {
      vars.subList(savedVars, vars.size()).clear();
    }
  }

  private Node blockControl() {
    String context = "block clause";
    Token token = nextNonSpace();
    String blockName = templateName(token, context);
    Node.Pipe pipe = pipeline(context, TokenType.RIGHT_DELIM);
    List<String> saved = vars;
    int savedDepth = rangeDepth;
    vars = new ArrayList<>(List.of("$"));
    rangeDepth = 0;
    ListAndEnd body = itemList();
    if (!(body.end instanceof Node.End)) {
      throw errorf("unexpected " + body.end + " in " + context);
    }
    vars = saved;
    rangeDepth = savedDepth;
    add(blockName, body.list);
    return new Node.TemplateCall(token.pos(), token.line(), blockName, pipe);
  }

  private Node templateControl() {
    String context = "template clause";
    Token token = nextNonSpace();
    String templateName = templateName(token, context);
    Node.Pipe pipe = null;
    if (nextNonSpace().type() != TokenType.RIGHT_DELIM) {
      backup();
      pipe = pipeline(context, TokenType.RIGHT_DELIM);
    }
    return new Node.TemplateCall(token.pos(), token.line(), templateName, pipe);
  }

  private String templateName(Token token, String context) {
    if (token.type() == TokenType.STRING || token.type() == TokenType.RAW_STRING) {
      return unquote(token);
    }
    throw unexpected(token, context);
  }

  private Node.Pipe pipeline(String context, TokenType end) {
    Token first = peekNonSpace();
    boolean isAssign = false;
    List<Node.Variable> decl = new ArrayList<>();
    List<Node.Command> cmds = new ArrayList<>();
    decls:
    while (true) {
      Token v = peekNonSpace();
      if (v.type() != TokenType.VARIABLE) {
        break;
      }
      int mark = index;
      next();
      Token nextTok = peekNonSpace();
      if (nextTok.type() == TokenType.ASSIGN || nextTok.type() == TokenType.DECLARE) {
        isAssign = nextTok.type() == TokenType.ASSIGN;
        nextNonSpace();
        decl.add(new Node.Variable(v.pos(), List.of(v.val())));
        vars.add(v.val());
        break;
      } else if (nextTok.type() == TokenType.CHAR && nextTok.val().equals(",")) {
        nextNonSpace();
        decl.add(new Node.Variable(v.pos(), List.of(v.val())));
        vars.add(v.val());
        if (context.equals("range") && decl.size() < 2) {
          TokenType t = peekNonSpace().type();
          if (t == TokenType.VARIABLE || t == TokenType.RIGHT_DELIM || t == TokenType.RIGHT_PAREN) {
            continue decls;
          }
          throw errorf("range can only initialize variables");
        }
        throw errorf("too many declarations in " + context);
      } else {
        index = mark;
        break;
      }
    }
    while (true) {
      Token token = nextNonSpace();
      if (token.type() == end) {
        checkPipeline(cmds, context);
        return new Node.Pipe(
            first.pos(), first.line(), isAssign, List.copyOf(decl), List.copyOf(cmds));
      }
      switch (token.type()) {
        case BOOL,
            CHAR_CONSTANT,
            COMPLEX,
            DOT,
            FIELD,
            IDENTIFIER,
            NUMBER,
            NIL,
            RAW_STRING,
            STRING,
            VARIABLE,
            LEFT_PAREN -> {
          backup();
          cmds.add(command());
        }
        default -> throw unexpected(token, context);
      }
    }
  }

  private void checkPipeline(List<Node.Command> cmds, String context) {
    if (cmds.isEmpty()) {
      throw errorf("missing value for " + context);
    }
    for (int i = 1; i < cmds.size(); i++) {
      Node first = cmds.get(i).args().getFirst();
      if (first instanceof Node.Bool
          || first instanceof Node.Dot
          || first instanceof Node.Nil
          || first instanceof Node.Number
          || first instanceof Node.StringLit) {
        throw errorf("non executable command in pipeline stage " + (i + 1));
      }
    }
  }

  private Node.Command command() {
    int pos = peekNonSpace().pos();
    List<Node> args = new ArrayList<>();
    while (true) {
      peekNonSpace();
      Node operand = operand();
      if (operand != null) {
        args.add(operand);
      }
      Token token = next();
      switch (token.type()) {
        case SPACE -> {
          continue;
        }
        case RIGHT_DELIM, RIGHT_PAREN -> backup();
        case PIPE -> {
          // ends this command
        }
        default -> throw unexpected(token, "operand");
      }
      break;
    }
    if (args.isEmpty()) {
      throw errorf("empty command");
    }
    return new Node.Command(pos, List.copyOf(args));
  }

  private @Nullable Node operand() {
    Node node = term();
    if (node == null) {
      return null;
    }
    if (peek().type() == TokenType.FIELD) {
      int chainPos = peek().pos();
      List<String> fields = new ArrayList<>();
      while (peek().type() == TokenType.FIELD) {
        fields.add(next().val().substring(1));
      }
      switch (node) {
        case Node.Field f -> {
          List<String> all = new ArrayList<>(f.ident());
          all.addAll(fields);
          return new Node.Field(chainPos, List.copyOf(all));
        }
        case Node.Variable v -> {
          List<String> all = new ArrayList<>(v.ident());
          all.addAll(fields);
          return new Node.Variable(chainPos, List.copyOf(all));
        }
        case Node.Bool b ->
            throw errorf("unexpected . after term " + GoStrings.quote(b.toString()));
        case Node.StringLit s ->
            throw errorf("unexpected . after term " + GoStrings.quote(s.toString()));
        case Node.Number n ->
            throw errorf("unexpected . after term " + GoStrings.quote(n.toString()));
        case Node.Nil n -> throw errorf("unexpected . after term " + GoStrings.quote(n.toString()));
        case Node.Dot d -> throw errorf("unexpected . after term " + GoStrings.quote(d.toString()));
        default -> {
          return new Node.Chain(chainPos, node, List.copyOf(fields));
        }
      }
    }
    return node;
  }

  private @Nullable Node term() {
    Token token = nextNonSpace();
    switch (token.type()) {
      case IDENTIFIER -> {
        if (!hasFunction.test(token.val())) {
          throw errorf("function " + GoStrings.quote(token.val()) + " not defined");
        }
        return new Node.Identifier(token.pos(), token.val());
      }
      case DOT -> {
        return new Node.Dot(token.pos());
      }
      case NIL -> {
        return new Node.Nil(token.pos());
      }
      case VARIABLE -> {
        return useVar(token);
      }
      case FIELD -> {
        return new Node.Field(token.pos(), List.of(token.val().substring(1)));
      }
      case BOOL -> {
        return new Node.Bool(token.pos(), token.val().equals("true"));
      }
      case CHAR_CONSTANT, COMPLEX, NUMBER -> {
        return NumberParser.parse(token, this::errorf);
      }
      case LEFT_PAREN -> {
        return pipeline("parenthesized pipeline", TokenType.RIGHT_PAREN);
      }
      case STRING, RAW_STRING -> {
        return new Node.StringLit(token.pos(), token.val(), unquote(token));
      }
      default -> {
        backup();
        return null;
      }
    }
  }

  private Node useVar(Token token) {
    List<String> parts = new ArrayList<>();
    String val = token.val();
    int dot = val.indexOf('.');
    parts.add(dot < 0 ? val : val.substring(0, dot));
    Node.Variable v = new Node.Variable(token.pos(), List.copyOf(parts));
    if (!vars.contains(parts.getFirst())) {
      throw errorf("undefined variable " + GoStrings.quote(parts.getFirst()));
    }
    return v;
  }
}
