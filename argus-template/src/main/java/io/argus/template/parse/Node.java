package io.argus.template.parse;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A node of a template parse tree. {@link #toString()} renders the node as Go does in execution
 * error contexts ({@code at <.Labels.foo>}). Nodes are immutable.
 */
public sealed interface Node {
  /** Character offset of the node in the template text. */
  int pos();

  /** Literal text between actions. */
  record Text(int pos, String text) implements Node {
    @Override
    public String toString() {
      return GoStrings.quote(text);
    }
  }

  /** A sequence of nodes. */
  record ListNode(int pos, List<Node> nodes) implements Node {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (Node n : nodes) {
        sb.append(n);
      }
      return sb.toString();
    }
  }

  /** {@code {{pipeline}}}: evaluates the pipeline and prints it unless it declares variables. */
  record Action(int pos, int line, Pipe pipe) implements Node {
    @Override
    public String toString() {
      return "{{" + pipe + "}}";
    }
  }

  /** Commands joined by {@code |}, optionally declaring or assigning variables. */
  record Pipe(int pos, int line, boolean isAssign, List<Variable> decl, List<Command> cmds)
      implements Node {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (!decl.isEmpty()) {
        for (int i = 0; i < decl.size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          sb.append(decl.get(i));
        }
        sb.append(" := ");
      }
      for (int i = 0; i < cmds.size(); i++) {
        if (i > 0) {
          sb.append(" | ");
        }
        sb.append(cmds.get(i));
      }
      return sb.toString();
    }
  }

  /** A command: a function or field and its arguments, or a single operand. */
  record Command(int pos, List<Node> args) implements Node {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < args.size(); i++) {
        if (i > 0) {
          sb.append(' ');
        }
        Node arg = args.get(i);
        if (arg instanceof Pipe) {
          sb.append('(').append(arg).append(')');
        } else {
          sb.append(arg);
        }
      }
      return sb.toString();
    }
  }

  /** A function name. */
  record Identifier(int pos, String name) implements Node {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A variable with optional field chain: {@code $x.a.b}; {@code ident[0]} is the name. */
  record Variable(int pos, List<String> ident) implements Node {
    @Override
    public String toString() {
      return String.join(".", ident);
    }
  }

  /** The cursor {@code .}. */
  record Dot(int pos) implements Node {
    @Override
    public String toString() {
      return ".";
    }
  }

  /** The untyped {@code nil}. */
  record Nil(int pos) implements Node {
    @Override
    public String toString() {
      return "nil";
    }
  }

  /** A field chain on dot: {@code .a.b}. */
  record Field(int pos, List<String> ident) implements Node {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (String s : ident) {
        sb.append('.').append(s);
      }
      return sb.toString();
    }
  }

  /** Field accesses on a non-field term: {@code (pipe).a.b}. */
  record Chain(int pos, Node node, List<String> fields) implements Node {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (node instanceof Pipe) {
        sb.append('(').append(node).append(')');
      } else {
        sb.append(node);
      }
      for (String f : fields) {
        sb.append('.').append(f);
      }
      return sb.toString();
    }
  }

  /** {@code true} or {@code false}. */
  record Bool(int pos, boolean value) implements Node {
    @Override
    public String toString() {
      return value ? "true" : "false";
    }
  }

  /**
   * A numeric constant with the interpretations Go derives from its text.
   *
   * @param text the literal as written
   */
  record Number(
      int pos,
      String text,
      boolean isInt,
      long intValue,
      boolean isUint,
      boolean isFloat,
      double floatValue,
      boolean isComplex)
      implements Node {
    @Override
    public String toString() {
      return text;
    }
  }

  /** A string literal; {@code quoted} is the original text. */
  record StringLit(int pos, String quoted, String value) implements Node {
    @Override
    public String toString() {
      return quoted;
    }
  }

  /** Internal marker for {@code {{end}}}; never part of a finished tree. */
  record End(int pos) implements Node {
    @Override
    public String toString() {
      return "{{end}}";
    }
  }

  /** Internal marker for {@code {{else}}}; never part of a finished tree. */
  record Else(int pos, int line) implements Node {
    @Override
    public String toString() {
      return "{{else}}";
    }
  }

  /** {@code {{if}}}, {@code {{range}}} or {@code {{with}}}. */
  record Branch(Kind kind, int pos, int line, Pipe pipe, ListNode list, @Nullable ListNode elseList)
      implements Node {
    /** Which control structure. */
    public enum Kind {
      IF,
      RANGE,
      WITH
    }

    @Override
    public String toString() {
      String name =
          switch (kind) {
            case IF -> "if";
            case RANGE -> "range";
            case WITH -> "with";
          };
      StringBuilder sb = new StringBuilder();
      sb.append("{{").append(name).append(' ').append(pipe).append("}}").append(list);
      if (elseList != null) {
        sb.append("{{else}}").append(elseList);
      }
      return sb.append("{{end}}").toString();
    }
  }

  /** {@code {{break}}} inside a range. */
  record Break(int pos, int line) implements Node {
    @Override
    public String toString() {
      return "{{break}}";
    }
  }

  /** {@code {{continue}}} inside a range. */
  record Continue(int pos, int line) implements Node {
    @Override
    public String toString() {
      return "{{continue}}";
    }
  }

  /** {@code {{template "name" pipeline}}}. */
  record TemplateCall(int pos, int line, String name, @Nullable Pipe pipe) implements Node {
    @Override
    public String toString() {
      if (pipe == null) {
        return "{{template " + GoStrings.quote(name) + "}}";
      }
      return "{{template " + GoStrings.quote(name) + " " + pipe + "}}";
    }
  }
}
