package io.argus.template;

import io.argus.template.GoFunction.Param;
import io.argus.template.parse.GoStrings;
import io.argus.template.parse.Node;
import io.argus.template.parse.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Executes parse trees with Go's evaluation rules and error messages. One use; not thread-safe. */
final class Executor {
  private static final Object MISSING = new Object();
  private static final int MAX_DEPTH = 100000;

  private final Map<String, Tree> trees;
  private final Map<String, GoFunction> functions;
  private final MissingKey missingKey;
  private final StringBuilder out;
  private Tree tmpl;
  private @Nullable Node node;
  private List<String> varNames = new ArrayList<>();
  private List<@Nullable Object> varValues = new ArrayList<>();
  private int depth;

  Executor(
      Map<String, Tree> trees,
      Map<String, GoFunction> functions,
      MissingKey missingKey,
      StringBuilder out) {
    this.trees = trees;
    this.functions = functions;
    this.missingKey = missingKey;
    this.out = out;
  }

  private static final class ExecError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExecError(String message) {
      super(message, null, false, false);
    }
  }

  private static final class LoopControl extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoopControl() {
      super(null, null, false, false);
    }
  }

  private static final LoopControl BREAK = new LoopControl();
  private static final LoopControl CONTINUE = new LoopControl();

  void run(Tree tree, @Nullable Object data) throws TemplateException {
    tmpl = tree;
    push("$", data);
    try {
      walk(data, tree.root());
    } catch (ExecError e) {
      throw new TemplateException(e.getMessage());
    } catch (StackOverflowError e) {
      throw new TemplateException(
          errorMessage("exceeded maximum template depth (" + MAX_DEPTH + ")"));
    }
  }

  private String errorMessage(String message) {
    String name = tmpl.name();
    if (node == null) {
      return "template: " + name + ": " + message;
    }
    return "template: "
        + tmpl.location(node)
        + ": executing "
        + GoStrings.quote(name)
        + " at <"
        + node
        + ">: "
        + message;
  }

  private ExecError errorf(String message) {
    return new ExecError(errorMessage(message));
  }

  private void at(Node n) {
    node = n;
  }

  private int mark() {
    return varNames.size();
  }

  private void pop(int mark) {
    varNames.subList(mark, varNames.size()).clear();
    varValues.subList(mark, varValues.size()).clear();
  }

  private void push(String name, @Nullable Object value) {
    varNames.add(name);
    varValues.add(value);
  }

  private void setVar(String name, @Nullable Object value) {
    for (int i = varNames.size() - 1; i >= 0; i--) {
      if (varNames.get(i).equals(name)) {
        varValues.set(i, value);
        return;
      }
    }
    throw errorf("undefined variable: " + name);
  }

  private void setTopVar(int n, @Nullable Object value) {
    varValues.set(varValues.size() - n, value);
  }

  private @Nullable Object varValue(String name) {
    for (int i = varNames.size() - 1; i >= 0; i--) {
      if (varNames.get(i).equals(name)) {
        return varValues.get(i);
      }
    }
    throw errorf("undefined variable: " + name);
  }

  private void walk(@Nullable Object dot, Node n) {
    at(n);
    switch (n) {
      case Node.Action a -> {
        Object val = evalPipeline(dot, a.pipe());
        if (a.pipe().decl().isEmpty()) {
          printValue(a, val);
        }
      }
      case Node.Break b -> throw BREAK;
      case Node.Continue c -> throw CONTINUE;
      case Node.Branch b -> {
        if (b.kind() == Node.Branch.Kind.RANGE) {
          walkRange(dot, b);
        } else {
          walkIfOrWith(dot, b);
        }
      }
      case Node.ListNode l -> {
        for (Node child : l.nodes()) {
          walk(dot, child);
        }
      }
      case Node.TemplateCall t -> walkTemplate(dot, t);
      case Node.Text t -> out.append(t.text());
      default -> throw errorf("unknown node: " + n);
    }
  }

  private void walkIfOrWith(@Nullable Object dot, Node.Branch b) {
    int mark = mark();
    try {
      Object val = evalPipeline(dot, b.pipe());
      if (GoValues.isTrue(val)) {
        walk(b.kind() == Node.Branch.Kind.WITH ? val : dot, b.list());
      } else if (b.elseList() != null) {
        walk(dot, b.elseList());
      }
    } finally {
      pop(mark);
    }
  }

  private void walkRange(@Nullable Object dot, Node.Branch r) {
    at(r);
    int outer = mark();
    try {
      Object val = evalPipeline(dot, r.pipe());
      int mark = mark();
      switch (val) {
        case GoSlice s when !s.items().isEmpty() -> {
          for (int i = 0; i < s.items().size(); i++) {
            oneIteration(r, mark, (long) i, s.items().get(i));
          }
          return;
        }
        case GoMap m when !m.entries().isEmpty() -> {
          for (Map.Entry<String, Object> e : m.entries().entrySet()) {
            oneIteration(r, mark, e.getKey(), e.getValue());
          }
          return;
        }
        case GoSlice s -> {}
        case GoMap m -> {}
        case null -> {}
        default -> {
          throw errorf("range can't iterate over " + GoFmt.valueString(val));
        }
      }
      if (r.elseList() != null) {
        walk(dot, r.elseList());
      }
    } catch (LoopControl c) {
      if (c != BREAK) {
        throw c;
      }
    } finally {
      pop(outer);
    }
  }

  private void oneIteration(
      Node.Branch r, int mark, @Nullable Object index, @Nullable Object elem) {
    if (!r.pipe().decl().isEmpty()) {
      setTopVar(1, elem);
    }
    if (r.pipe().decl().size() > 1) {
      setTopVar(2, index);
    }
    try {
      walk(elem, r.list());
    } catch (LoopControl c) {
      if (c != CONTINUE) {
        throw c;
      }
    } finally {
      pop(mark);
    }
  }

  private void walkTemplate(@Nullable Object dot, Node.TemplateCall t) {
    at(t);
    Tree target = trees.get(t.name());
    if (target == null) {
      throw errorf("template " + GoStrings.quote(t.name()) + " not defined");
    }
    if (depth == MAX_DEPTH) {
      throw errorf("exceeded maximum template depth (" + MAX_DEPTH + ")");
    }
    Object newDot = evalPipeline(dot, t.pipe());
    Tree savedTmpl = tmpl;
    List<String> savedNames = varNames;
    List<@Nullable Object> savedValues = varValues;
    tmpl = target;
    varNames = new ArrayList<>();
    varValues = new ArrayList<>();
    push("$", newDot);
    depth++;
    try {
      walk(newDot, target.root());
    } finally {
      depth--;
      tmpl = savedTmpl;
      varNames = savedNames;
      varValues = savedValues;
    }
  }

  private void printValue(Node n, @Nullable Object v) {
    at(n);
    switch (v) {
      case null -> out.append("<no value>");
      case GoStruct s when s.pointer() ->
          out.append(GoFmt.valueString(new GoStruct(s.typeName(), false, s.fields())));
      default -> out.append(GoFmt.valueString(v));
    }
  }

  private @Nullable Object evalPipeline(@Nullable Object dot, Node.@Nullable Pipe pipe) {
    if (pipe == null) {
      return null;
    }
    at(pipe);
    Object value = MISSING;
    for (Node.Command cmd : pipe.cmds()) {
      value = evalCommand(dot, cmd, value);
    }
    for (Node.Variable v : pipe.decl()) {
      if (pipe.isAssign()) {
        setVar(v.ident().getFirst(), value);
      } else {
        push(v.ident().getFirst(), value);
      }
    }
    return value;
  }

  private void notAFunction(List<Node> args, @Nullable Object fin) {
    if (args.size() > 1 || fin != MISSING) {
      throw errorf("can't give argument to non-function " + args.getFirst());
    }
  }

  private @Nullable Object evalCommand(
      @Nullable Object dot, Node.Command cmd, @Nullable Object fin) {
    Node first = cmd.args().getFirst();
    switch (first) {
      case Node.Field f -> {
        return evalFieldNode(dot, f, cmd.args(), fin);
      }
      case Node.Chain c -> {
        return evalChainNode(dot, c, cmd.args(), fin);
      }
      case Node.Identifier id -> {
        return evalFunction(dot, id, cmd, cmd.args(), fin);
      }
      case Node.Pipe p -> {
        notAFunction(cmd.args(), fin);
        return evalPipeline(dot, p);
      }
      case Node.Variable v -> {
        return evalVariableNode(dot, v, cmd.args(), fin);
      }
      default -> {}
    }
    at(first);
    notAFunction(cmd.args(), fin);
    return switch (first) {
      case Node.Bool b -> b.value();
      case Node.Dot d -> dot;
      case Node.Nil n -> throw errorf("nil is not a command");
      case Node.Number n -> idealConstant(n);
      case Node.StringLit s -> s.value();
      default -> throw errorf("can't evaluate command " + GoStrings.quote(first.toString()));
    };
  }

  private @Nullable Object idealConstant(Node.Number n) {
    at(n);
    String text = n.text();
    if (n.isComplex()) {
      throw errorf("complex constants are not supported: " + text);
    }
    boolean hexInt =
        text.length() > 2
            && text.charAt(0) == '0'
            && (text.charAt(1) == 'x' || text.charAt(1) == 'X')
            && !text.contains("p")
            && !text.contains("P");
    boolean runeInt = text.startsWith("'");
    if (n.isFloat() && !hexInt && !runeInt && containsAny(text, ".eEpP")) {
      return n.floatValue();
    }
    if (n.isInt()) {
      return n.intValue();
    }
    if (n.isUint()) {
      throw errorf(text + " overflows int");
    }
    return null;
  }

  private static boolean containsAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  private @Nullable Object evalFieldNode(
      @Nullable Object dot, Node.Field field, @Nullable List<Node> args, @Nullable Object fin) {
    at(field);
    return evalFieldChain(dot, dot, field, field.ident(), args, fin);
  }

  private @Nullable Object evalChainNode(
      @Nullable Object dot, Node.Chain chain, @Nullable List<Node> args, @Nullable Object fin) {
    at(chain);
    if (chain.node() instanceof Node.Nil) {
      throw errorf("indirection through explicit nil in " + chain);
    }
    Object pipe = evalArg(dot, null, chain.node());
    return evalFieldChain(dot, pipe, chain, chain.fields(), args, fin);
  }

  private @Nullable Object evalVariableNode(
      @Nullable Object dot, Node.Variable v, @Nullable List<Node> args, @Nullable Object fin) {
    at(v);
    Object value = varValue(v.ident().getFirst());
    if (v.ident().size() == 1) {
      notAFunction(args == null ? List.of(v) : args, fin);
      return value;
    }
    return evalFieldChain(dot, value, v, v.ident().subList(1, v.ident().size()), args, fin);
  }

  private @Nullable Object evalFieldChain(
      @Nullable Object dot,
      @Nullable Object receiver,
      Node n,
      List<String> ident,
      @Nullable List<Node> args,
      @Nullable Object fin) {
    int last = ident.size() - 1;
    boolean interfaceTyped = false;
    for (int i = 0; i < last; i++) {
      Object previous = receiver;
      receiver = evalField(dot, ident.get(i), n, null, MISSING, receiver, interfaceTyped);
      // Inside a chain, an element of a map[string]interface{} keeps its static interface type.
      interfaceTyped =
          previous instanceof GoMap m
              && m.interfaceElements()
              && (m.entries().containsKey(ident.get(i)) || missingKey == MissingKey.ZERO);
    }
    return evalField(dot, ident.get(last), n, args, fin, receiver, interfaceTyped);
  }

  private @Nullable Object evalField(
      @Nullable Object dot,
      String fieldName,
      Node n,
      @Nullable List<Node> args,
      @Nullable Object fin,
      @Nullable Object receiver,
      boolean interfaceTyped) {
    if (receiver == null && interfaceTyped) {
      throw errorf("nil pointer evaluating interface {}." + fieldName);
    }
    if (receiver == null) {
      if (missingKey == MissingKey.ERROR) {
        throw errorf("nil data; no entry for key " + GoStrings.quote(fieldName));
      }
      return null;
    }
    if (receiver instanceof GoMethods m && m.hasMethod(fieldName)) {
      return callMethod(dot, m, fieldName, n, args, fin);
    }
    GoMethods attached =
        switch (receiver) {
          case GoSlice s -> s.methods();
          case GoMap m -> m.methods();
          default -> null;
        };
    if (attached != null && attached.hasMethod(fieldName)) {
      return callMethod(dot, attached, fieldName, n, args, fin);
    }
    boolean hasArgs = (args != null && args.size() > 1) || fin != MISSING;
    switch (receiver) {
      case GoStruct s when s.fields().containsKey(fieldName) -> {
        if (hasArgs) {
          throw errorf(fieldName + " has arguments but cannot be invoked as function");
        }
        return s.fields().get(fieldName);
      }
      case GoMap m -> {
        if (hasArgs) {
          throw errorf(fieldName + " is not a method but has arguments");
        }
        if (m.entries().containsKey(fieldName)) {
          return m.entries().get(fieldName);
        }
        return switch (missingKey) {
          case DEFAULT -> null;
          case ZERO -> m.zero();
          case ERROR -> throw errorf("map has no entry for key " + GoStrings.quote(fieldName));
        };
      }
      default -> {}
    }
    throw errorf(
        "can't evaluate field "
            + fieldName
            + " in type "
            + (interfaceTyped ? "interface {}" : GoValues.typeName(receiver)));
  }

  private @Nullable Object callMethod(
      @Nullable Object dot,
      GoMethods m,
      String name,
      Node n,
      @Nullable List<Node> args,
      @Nullable Object fin) {
    List<@Nullable Object> argv = new ArrayList<>();
    if (args != null) {
      for (Node arg : args.subList(1, args.size())) {
        argv.add(evalArg(dot, Param.ANY, arg));
      }
    }
    if (fin != MISSING) {
      argv.add(fin);
    }
    try {
      return m.call(name, argv);
    } catch (TemplateFunctionException e) {
      at(n);
      throw errorf("error calling " + name + ": " + e.getMessage());
    }
  }

  private @Nullable Object evalFunction(
      @Nullable Object dot,
      Node.Identifier id,
      Node cmd,
      @Nullable List<Node> args,
      @Nullable Object fin) {
    at(id);
    GoFunction fn = functions.get(id.name());
    if (fn == null) {
      throw errorf(GoStrings.quote(id.name()) + " is not a defined function");
    }
    return evalCall(dot, fn, cmd, args, fin);
  }

  private @Nullable Object evalCall(
      @Nullable Object dot,
      GoFunction fn,
      Node callNode,
      @Nullable List<Node> allArgs,
      @Nullable Object fin) {
    String name = fn.name();
    List<Node> args = allArgs == null ? List.of() : allArgs.subList(1, allArgs.size());
    List<Param> params = fn.params();
    int numIn = args.size() + (fin != MISSING ? 1 : 0);
    int numFixed = args.size();
    if (fn.variadic()) {
      numFixed = params.size() - 1;
      if (numIn < numFixed) {
        throw errorf(
            "wrong number of args for "
                + name
                + ": want at least "
                + (params.size() - 1)
                + " got "
                + args.size());
      }
    } else if (numIn != params.size()) {
      throw errorf(
          "wrong number of args for " + name + ": want " + params.size() + " got " + numIn);
    }
    boolean builtin = Builtins.FUNCTIONS.get(name) == fn;
    if (builtin && (name.equals("and") || name.equals("or"))) {
      Object v = null;
      for (Node arg : args) {
        v = evalArg(dot, Param.VALUE, arg);
        if (GoValues.isTrue(v) == name.equals("or")) {
          return v;
        }
      }
      if (fin != MISSING) {
        v = fin;
      }
      return v;
    }
    List<@Nullable Object> argv = new ArrayList<>(numIn);
    int i = 0;
    for (; i < numFixed && i < args.size(); i++) {
      argv.add(evalArg(dot, params.get(i), args.get(i)));
    }
    if (fn.variadic()) {
      Param elem = params.getLast();
      for (; i < args.size(); i++) {
        argv.add(evalArg(dot, elem, args.get(i)));
      }
    }
    if (fin != MISSING) {
      Param t = params.getLast();
      if (fn.variadic() && numIn - 1 < numFixed) {
        t = params.get(numIn - 1);
      } else if (!fn.variadic()) {
        t = params.get(numIn - 1);
      }
      argv.add(validateType(fin, t));
    }
    try {
      return GoValues.of(fn.body().apply(argv));
    } catch (TemplateFunctionException e) {
      at(callNode);
      throw errorf("error calling " + name + ": " + e.getMessage());
    } catch (RuntimeException e) {
      if (e instanceof ExecError || e instanceof LoopControl) {
        throw e;
      }
      at(callNode);
      throw errorf("error calling " + name + ": " + e.getMessage());
    }
  }

  private @Nullable Object validateType(@Nullable Object value, @Nullable Param param) {
    if (param == null) {
      return value;
    }
    if (value == null) {
      return switch (param.kind()) {
        case ANY, VALUE, TYPED -> null;
        default -> throw errorf("invalid value; expected " + param.typeName());
      };
    }
    boolean ok =
        switch (param.kind()) {
          case ANY, VALUE -> true;
          case STRING -> value instanceof String;
          case FLOAT -> value instanceof Double;
          case INT -> value instanceof Long;
          case BOOL -> value instanceof Boolean;
          case TYPED -> GoValues.typeName(value).equals(param.typeName());
        };
    if (!ok) {
      throw errorf(
          "wrong type for value; expected "
              + param.typeName()
              + "; got "
              + GoValues.typeName(value));
    }
    return value;
  }

  private @Nullable Object evalArg(@Nullable Object dot, @Nullable Param param, Node n) {
    at(n);
    switch (n) {
      case Node.Dot d -> {
        return validateType(dot, param);
      }
      case Node.Nil nil -> {
        if (param == null
            || param.kind() == GoFunction.Kind.ANY
            || param.kind() == GoFunction.Kind.VALUE
            || param.kind() == GoFunction.Kind.TYPED) {
          return null;
        }
        throw errorf("cannot assign nil to " + param.typeName());
      }
      case Node.Field f -> {
        return validateType(evalFieldNode(dot, f, List.of(n), MISSING), param);
      }
      case Node.Variable v -> {
        return validateType(evalVariableNode(dot, v, null, MISSING), param);
      }
      case Node.Pipe p -> {
        return validateType(evalPipeline(dot, p), param);
      }
      case Node.Identifier id -> {
        return validateType(evalFunction(dot, id, id, null, MISSING), param);
      }
      case Node.Chain c -> {
        return validateType(evalChainNode(dot, c, null, MISSING), param);
      }
      default -> {}
    }
    GoFunction.Kind kind = param == null ? GoFunction.Kind.ANY : param.kind();
    switch (kind) {
      case BOOL -> {
        if (n instanceof Node.Bool b) {
          return b.value();
        }
        throw errorf("expected bool; found " + n);
      }
      case FLOAT -> {
        if (n instanceof Node.Number num && num.isFloat()) {
          return num.floatValue();
        }
        throw errorf("expected float; found " + n);
      }
      case INT -> {
        if (n instanceof Node.Number num && num.isInt()) {
          return num.intValue();
        }
        throw errorf("expected integer; found " + n);
      }
      case STRING -> {
        if (n instanceof Node.StringLit s) {
          return s.value();
        }
        throw errorf("expected string; found " + n);
      }
      case ANY, VALUE -> {
        return switch (n) {
          case Node.Bool b -> b.value();
          case Node.Number num -> idealConstant(num);
          case Node.StringLit s -> s.value();
          default -> throw errorf("can't handle " + n + " for arg of type interface {}");
        };
      }
      case TYPED -> throw errorf("can't handle " + n + " for arg of type " + param.typeName());
      default -> throw errorf("can't handle " + n);
    }
  }
}
