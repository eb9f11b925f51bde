package io.argus.rules.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * A YAML document as a tree whose nodes know their 1-based line and column and the tag Go's
 * yaml.v3 resolves for them, so that decoding errors read like upstream's.
 */
final class YamlTree {
  private static final Pattern GO_FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern GO_INT =
      Pattern.compile("[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)");

  private YamlTree() {}

  /** A node of the tree. */
  sealed interface YNode permits YScalar, YMap, YSeq {
    int line();

    int column();

    /** The short tag, e.g. {@code !!str}, {@code !!map}. */
    String tag();
  }

  /** A scalar; {@code value} is its text ({@code ""} for an empty null). */
  record YScalar(int line, int column, String value, String tag) implements YNode {
    boolean isNull() {
      return tag.equals("!!null");
    }
  }

  /**
   * One key and value of a mapping.
   *
   * @param merged whether the entry comes from a merge key ({@code <<: *anchor}); repeated keys are
   *     only reported among the mapping's own entries
   */
  record YEntry(YNode key, YNode value, boolean merged) {
    /** The key as Go decodes it into a string (scalars only; others give their tag). */
    String keyText() {
      return key instanceof YScalar s ? s.value() : key.tag();
    }
  }

  /** A mapping; entries in document order, repeated keys included. */
  record YMap(int line, int column, List<YEntry> entries) implements YNode {
    @Override
    public String tag() {
      return "!!map";
    }
  }

  /** A sequence. */
  record YSeq(int line, int column, List<YNode> items) implements YNode {
    @Override
    public String tag() {
      return "!!seq";
    }
  }

  /** A YAML syntax error, worded as yaml.v3 words it ({@code yaml: line N: <problem>}). */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Parses the first document of {@code text}.
   *
   * @return the root node, or null for an empty document (Go's io.EOF)
   * @throws SyntaxException when the text is not valid YAML
   */
  static @Nullable YNode parse(String text) throws SyntaxException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true);
    options.setMaxAliasesForCollections(1000);
    Yaml yaml = new Yaml(options);
    try {
      Iterator<Node> docs = yaml.composeAll(new StringReader(text)).iterator();
      if (!docs.hasNext()) {
        return null;
      }
      Node root = docs.next();
      return convert(root, new IdentityHashMap<>());
    } catch (MarkedYAMLException e) {
      throw new SyntaxException(syntaxMessage(e));
    } catch (YAMLException e) {
      throw new SyntaxException("yaml: " + e.getMessage());
    }
  }

  /**
   * yaml.v3 reports the 0-based line of the error's context (or of the problem when there is no
   * context), plus one for scanner errors; libyaml's problem texts differ from SnakeYAML's in a few
   * parser errors, which are translated here.
   */
  private static String syntaxMessage(MarkedYAMLException e) {
    boolean scanner = e instanceof ScannerException;
    Mark context = e.getContextMark();
    Mark problem = e.getProblemMark();
    if (scanner && context == null) {
      context = problem;
    }
    int line = 0;
    if (context != null && context.getLine() != 0) {
      line = context.getLine() + (scanner ? 1 : 0);
    } else if (problem != null && problem.getLine() != 0) {
      line = problem.getLine() + (scanner ? 1 : 0);
    }
    String where = line != 0 ? "line " + line + ": " : "";
    return "yaml: " + where + libyamlProblem(e);
  }

  private static String libyamlProblem(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "unknown problem parsing YAML content" : e.getProblem();
    String context = e.getContext() == null ? "" : e.getContext();
    if (problem.startsWith("expected <block end>")) {
      if (context.contains("block collection")) {
        return "did not find expected '-' indicator";
      }
      if (context.contains("block mapping")) {
        return "did not find expected key";
      }
    }
    if (problem.startsWith("mapping values are not allowed here")) {
      return "mapping values are not allowed in this context";
    }
    if (problem.startsWith("expected the node content")) {
      return "did not find expected node content";
    }
    if (problem.startsWith("found character") && problem.contains("cannot start any token")) {
      return "found character that cannot start any token";
    }
    if (problem.startsWith("expected ',' or ']'")) {
      return "did not find expected ',' or ']'";
    }
    if (problem.startsWith("expected ',' or '}'")) {
      return "did not find expected ',' or '}'";
    }
    int paren = problem.indexOf(" (");
    return paren > 0 && problem.contains("(line") ? problem.substring(0, paren) : problem;
  }

  private static YNode convert(Node node, Map<Node, YNode> done) {
    YNode seen = done.get(node);
    if (seen != null) {
      return seen;
    }
    int line = node.getStartMark().getLine() + 1;
    int column = node.getStartMark().getColumn() + 1;
    YNode out;
    switch (node) {
      case ScalarNode s -> {
        String value = s.getValue();
        String tag;
        if (!s.getTag().getValue().startsWith("tag:yaml.org,2002:")) {
          tag = s.getTag().getValue();
        } else if (s.getScalarStyle() == ScalarStyle.PLAIN) {
          tag = resolvePlain(value);
        } else {
          tag = "!!str";
        }
        out = new YScalar(line, column, value, tag);
      }
      case MappingNode m -> {
        List<YEntry> entries = new ArrayList<>();
        YMap map = new YMap(line, column, entries);
        done.put(node, map);
        for (NodeTuple t : m.getValue()) {
          YNode key = convert(t.getKeyNode(), done);
          YNode value = convert(t.getValueNode(), done);
          if (isMergeKey(t.getKeyNode()) && mergeable(value)) {
            addMerged(value, entries);
          } else {
            entries.add(new YEntry(key, value, false));
          }
        }
        out = map;
      }
      case SequenceNode q -> {
        List<YNode> items = new ArrayList<>();
        YSeq seq = new YSeq(line, column, items);
        done.put(node, seq);
        for (Node item : q.getValue()) {
          items.add(convert(item, done));
        }
        out = seq;
      }
      default -> throw new IllegalStateException("unexpected YAML node " + node);
    }
    done.put(node, out);
    return out;
  }

  private static boolean isMergeKey(Node key) {
    return key instanceof ScalarNode s
        && s.getScalarStyle() == ScalarStyle.PLAIN
        && s.getValue().equals("<<");
  }

  private static boolean mergeable(YNode value) {
    return value instanceof YMap
        || (value instanceof YSeq seq && seq.items().stream().allMatch(i -> i instanceof YMap));
  }

  /**
   * Adds the entries a merge key brings in; yaml.v3 decodes a sequence of mappings last to first,
   * so that the first mapping's values win, and the mapping's own later keys override them all.
   */
  private static void addMerged(YNode value, List<YEntry> into) {
    if (value instanceof YMap m) {
      for (YEntry e : m.entries()) {
        into.add(new YEntry(e.key(), e.value(), true));
      }
    } else if (value instanceof YSeq seq) {
      for (int i = seq.items().size() - 1; i >= 0; i--) {
        addMerged(seq.items().get(i), into);
      }
    }
  }

  /** The tag yaml.v3 resolves for a plain scalar. */
  static String resolvePlain(String v) {
    switch (v) {
      case "", "~", "null", "Null", "NULL" -> {
        return "!!null";
      }
      case "true", "True", "TRUE", "false", "False", "FALSE" -> {
        return "!!bool";
      }
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan",
          ".NaN", ".NAN" -> {
        return "!!float";
      }
      default -> {
        String plain = v.replace("_", "");
        if (GO_INT.matcher(plain).matches()) {
          return "!!int";
        }
        if (GO_FLOAT.matcher(plain).matches()) {
          return "!!float";
        }
        return "!!str";
      }
    }
  }
}
