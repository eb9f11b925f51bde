package io.argus.rules.config;

import io.argus.model.labels.Labels;
import io.argus.model.relabel.NameValidationScheme;
import io.argus.promql.parser.ParseException;
import io.argus.promql.parser.PromqlParser;
import io.argus.rules.config.YamlTree.YEntry;
import io.argus.rules.config.YamlTree.YMap;
import io.argus.rules.config.YamlTree.YNode;
import io.argus.rules.config.YamlTree.YScalar;
import io.argus.rules.config.YamlTree.YSeq;
import io.argus.template.prometheus.AlertTemplates;
import io.argus.util.PrometheusDurations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Loads rule files strictly, as Prometheus' {@code rulefmt}: unknown fields, repeated keys and
 * values of the wrong type are YAML errors naming the line; then every group and rule is validated
 * (group names, exactly one of {@code record}/{@code alert}, the expression, names, fields only
 * alerting rules may have, alert templates). Errors read as {@code promtool check rules} prints
 * them, each prefixed with the file name, with {@code line:column} where upstream gives one.
 * Stateless and thread-safe.
 *
 * <p>Where Prometheus 2.42 and 3.x differ, the wording of 2.42 (whose promtool the tests run) is
 * kept; the 3.x group fields {@code query_offset} and {@code labels} are supported as upstream.
 */
public final class RuleFileLoader {
  private RuleFileLoader() {}

  /**
   * The outcome of parsing one file.
   *
   * @param ruleFile the parsed file, or null when there are errors
   * @param errors the errors, in upstream's order, each starting with {@code <file>: }
   */
  public record Result(@Nullable RuleFile ruleFile, List<String> errors) {
    public Result {
      errors = List.copyOf(errors);
    }

    /** Whether the file is valid. */
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  /**
   * Loads a rule file for evaluation.
   *
   * @throws RuleFileException listing every problem when the file cannot be read or is invalid
   */
  public static RuleFile load(Path file, NameValidationScheme scheme) {
    Result r = parseFile(file, scheme);
    if (r.ruleFile() == null) {
      throw new RuleFileException(file.toString(), r.errors());
    }
    return r.ruleFile();
  }

  /** Reads and parses a file; a read failure is one error worded as Go's. */
  public static Result parseFile(Path file, NameValidationScheme scheme) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return new Result(null, List.of(file + ": " + readError(file, e)));
    }
    return parse(text, file.toString(), scheme);
  }

  /**
   * Parses rule file text.
   *
   * @param fileName the name errors are prefixed with and the groups record as their file
   */
  public static Result parse(String text, String fileName, NameValidationScheme scheme) {
    Parse parse = new Parse(text, fileName, scheme);
    List<String> errors = new ArrayList<>();
    for (String e : parse.run()) {
      errors.add(fileName + ": " + e);
    }
    return new Result(errors.isEmpty() ? parse.ruleFile : null, errors);
  }

  static String readError(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return "open " + file + ": no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "open " + file + ": permission denied";
    }
    if (Files.isDirectory(file)) {
      return "read " + file + ": is a directory";
    }
    return "read " + file + ": " + e.getMessage();
  }

  /** Go's {@code %q} of a string. */
  static String goQuote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case 0x07 -> sb.append("\\a");
                case 0x08 -> sb.append("\\b");
                case 0x0c -> sb.append("\\f");
                case 0x0b -> sb.append("\\v");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    sb.append(String.format("\\x%02x", c));
                  } else {
                    sb.appendCodePoint(c);
                  }
                }
              }
            });
    return sb.append('"').toString();
  }

  /** A decoding failure that stops the YAML decoder at once (a bad duration). */
  private static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abort(String message) {
      super(message, null, false, false);
    }
  }

  /** A YAML position; line 0 means the node is absent. */
  private record Pos(int line, int column) {
    static final Pos NONE = new Pos(0, 0);

    static Pos of(@Nullable YNode n) {
      return n == null ? NONE : new Pos(n.line(), n.column());
    }

    @Override
    public String toString() {
      return line + ":" + column;
    }
  }

  /** A decoded rule with the positions validation reports. */
  private record RawRule(
      String record,
      Pos recordPos,
      String alert,
      Pos alertPos,
      String expr,
      Pos exprPos,
      long forMillis,
      long keepFiringForMillis,
      Map<String, String> labels,
      Map<String, String> annotations,
      int line) {}

  private record RawGroup(
      String name,
      Pos pos,
      long intervalMillis,
      @Nullable Long queryOffsetMillis,
      int limit,
      Map<String, String> labels,
      List<RawRule> rules) {
    RawGroup withPos(Pos p) {
      return new RawGroup(name, p, intervalMillis, queryOffsetMillis, limit, labels, rules);
    }
  }

  /** One parse; not thread-safe. */
  private static final class Parse {
    private final String text;
    private final String fileName;
    private final NameValidationScheme scheme;
    private final List<String> typeErrors = new ArrayList<>();
    @Nullable RuleFile ruleFile;

    Parse(String text, String fileName, NameValidationScheme scheme) {
      this.text = text;
      this.fileName = fileName;
      this.scheme = scheme;
    }

    List<String> run() {
      YNode root;
      try {
        root = YamlTree.parse(text);
      } catch (YamlTree.SyntaxException e) {
        // Prometheus decodes the file twice (typed, then as nodes): both report the error.
        return List.of(e.getMessage(), e.getMessage());
      }
      List<String> errors = new ArrayList<>();
      List<RawGroup> groups = List.of();
      try {
        groups = decodeRoot(root);
        if (!typeErrors.isEmpty()) {
          errors.add(unmarshalErrors(typeErrors));
        }
      } catch (Abort a) {
        errors.add(a.getMessage());
      }
      List<String> nodeErrors = nodePass(root);
      if (!nodeErrors.isEmpty()) {
        errors.add(unmarshalErrors(nodeErrors));
      }
      if (!errors.isEmpty()) {
        return errors;
      }
      validate(groups, errors);
      if (errors.isEmpty()) {
        ruleFile = toRuleFile(groups);
      }
      return errors;
    }

    private static String unmarshalErrors(List<String> errors) {
      return "yaml: unmarshal errors:\n  " + String.join("\n  ", errors);
    }

    private void typeError(YNode n, String goType) {
      String value = "";
      if (n instanceof YScalar s) {
        String v = s.value();
        value = v.length() > 10 ? " `" + v.substring(0, 7) + "...`" : " `" + v + "`";
      }
      typeErrors.add(
          "line " + n.line() + ": cannot unmarshal " + n.tag() + value + " into " + goType);
    }

    private static boolean isNull(@Nullable YNode n) {
      return n == null || (n instanceof YScalar s && s.isNull());
    }

    /** Reports repeated keys of a mapping, as yaml.v3 does before decoding it. */
    private static void duplicates(YMap m, List<String> into) {
      List<YEntry> es = m.entries();
      for (int i = 0; i < es.size(); i++) {
        if (es.get(i).merged()) {
          continue;
        }
        YNode ki = es.get(i).key();
        for (int j = i + 1; j < es.size(); j++) {
          if (es.get(j).merged()) {
            continue;
          }
          YNode kj = es.get(j).key();
          if (ki instanceof YScalar a && kj instanceof YScalar b && a.value().equals(b.value())) {
            into.add(
                "line "
                    + kj.line()
                    + ": mapping key "
                    + goQuote(b.value())
                    + " already defined at line "
                    + ki.line());
          }
        }
      }
    }

    /** The second pass of rulefmt: the top level decoded into a struct of raw group nodes. */
    private List<String> nodePass(@Nullable YNode root) {
      List<String> errors = new ArrayList<>();
      if (isNull(root)) {
        return errors;
      }
      if (!(root instanceof YMap m)) {
        errors.add(typeErrorText(root, "rulefmt.ruleGroups"));
        return errors;
      }
      duplicates(m, errors);
      for (YEntry e : m.entries()) {
        if (e.keyText().equals("groups") && !isNull(e.value()) && !(e.value() instanceof YSeq)) {
          errors.add(typeErrorText(e.value(), "[]yaml.Node"));
        }
      }
      return errors;
    }

    private String typeErrorText(YNode n, String goType) {
      int before = typeErrors.size();
      typeError(n, goType);
      return typeErrors.remove(before);
    }

    private List<RawGroup> decodeRoot(@Nullable YNode root) {
      List<RawGroup> groups = new ArrayList<>();
      if (isNull(root)) {
        return groups;
      }
      if (!(root instanceof YMap m)) {
        typeError(root, "rulefmt.RuleGroups");
        return groups;
      }
      duplicates(m, typeErrors);
      for (YEntry e : m.entries()) {
        String key = keyString(e);
        if (key.equals("groups")) {
          groups.clear();
          YNode v = e.value();
          if (isNull(v)) {
            continue;
          }
          if (!(v instanceof YSeq seq)) {
            typeError(v, "[]rulefmt.RuleGroup");
            continue;
          }
          // yaml.v3 drops null items of a slice of structs, but rulefmt takes group positions
          // from a node list that keeps them: positions are looked up by the decoded index.
          List<YNode> items = seq.items();
          List<YNode> present = items.stream().filter(i -> !isNull(i)).toList();
          for (int j = 0; j < present.size(); j++) {
            RawGroup g = decodeGroup(present.get(j));
            groups.add(g.withPos(Pos.of(items.get(j))));
          }
        } else {
          unknownField(e, "rulefmt.RuleGroups");
        }
      }
      return groups;
    }

    private String keyString(YEntry e) {
      if (e.key() instanceof YScalar s) {
        return s.value();
      }
      typeError(e.key(), "string");
      return "";
    }

    private void unknownField(YEntry e, String goType) {
      typeErrors.add(
          "line " + e.key().line() + ": field " + e.keyText() + " not found in type " + goType);
    }

    private RawGroup decodeGroup(YNode node) {
      String name = "";
      long interval = 0;
      Long queryOffset = null;
      int limit = 0;
      Map<String, String> labels = Map.of();
      List<RawRule> rules = new ArrayList<>();
      if (node instanceof YMap m) {
        duplicates(m, typeErrors);
        for (YEntry e : m.entries()) {
          YNode v = e.value();
          switch (keyString(e)) {
            case "name" -> name = string(v);
            case "interval" -> interval = duration(v, interval);
            case "query_offset" -> {
              if (!isNull(v)) {
                queryOffset = duration(v, 0);
              }
            }
            case "limit" -> limit = integer(v, limit);
            case "labels" -> labels = mergeMaps(labels, v);
            case "rules" -> {
              rules.clear();
              if (isNull(v)) {
                continue;
              }
              if (!(v instanceof YSeq seq)) {
                typeError(v, "[]rulefmt.RuleNode");
                continue;
              }
              for (YNode item : seq.items()) {
                if (!isNull(item)) {
                  rules.add(decodeRule(item));
                }
              }
            }
            default -> unknownField(e, "rulefmt.RuleGroup");
          }
        }
      } else if (!isNull(node)) {
        typeError(node, "rulefmt.RuleGroup");
      }
      return new RawGroup(
          name, Pos.of(node), interval, queryOffset, limit, labels, List.copyOf(rules));
    }

    private RawRule decodeRule(YNode node) {
      String record = "";
      String alert = "";
      String expr = "";
      Pos recordPos = Pos.NONE;
      Pos alertPos = Pos.NONE;
      Pos exprPos = Pos.NONE;
      long forMillis = 0;
      long keepFiringFor = 0;
      Map<String, String> labels = Map.of();
      Map<String, String> annotations = Map.of();
      if (node instanceof YMap m) {
        duplicates(m, typeErrors);
        for (YEntry e : m.entries()) {
          YNode v = e.value();
          switch (keyString(e)) {
            case "record" -> {
              record = nodeValue(v);
              recordPos = Pos.of(v);
            }
            case "alert" -> {
              alert = nodeValue(v);
              alertPos = Pos.of(v);
            }
            case "expr" -> {
              expr = nodeValue(v);
              exprPos = Pos.of(v);
            }
            case "for" -> forMillis = duration(v, forMillis);
            case "keep_firing_for" -> keepFiringFor = duration(v, keepFiringFor);
            case "labels" -> labels = mergeMaps(labels, v);
            case "annotations" -> annotations = mergeMaps(annotations, v);
            default -> unknownField(e, "rulefmt.RuleNode");
          }
        }
      } else if (!isNull(node)) {
        typeError(node, "rulefmt.RuleNode");
      }
      return new RawRule(
          record,
          recordPos,
          alert,
          alertPos,
          expr,
          exprPos,
          forMillis,
          keepFiringFor,
          labels,
          annotations,
          node.line());
    }

    /** The text of a field Prometheus keeps as a raw YAML node: a scalar's text, else empty. */
    private static String nodeValue(YNode v) {
      return v instanceof YScalar s ? s.value() : "";
    }

    private String string(YNode v) {
      if (v instanceof YScalar s) {
        return s.isNull() ? "" : s.value();
      }
      typeError(v, "string");
      return "";
    }

    private long duration(YNode v, long current) {
      if (isNull(v)) {
        return current;
      }
      if (!(v instanceof YScalar s)) {
        typeError(v, "string");
        return current;
      }
      try {
        return PrometheusDurations.parse(s.value());
      } catch (IllegalArgumentException e) {
        throw new Abort(e.getMessage());
      }
    }

    private int integer(YNode v, int current) {
      if (isNull(v)) {
        return 0;
      }
      if (v instanceof YScalar s) {
        String digits = s.value().replace("_", "");
        try {
          if (s.tag().equals("!!int")) {
            return Math.toIntExact(parseGoInt(digits));
          }
          if (s.tag().equals("!!float")) {
            double d = Double.parseDouble(digits);
            if (d >= Long.MIN_VALUE && d <= Long.MAX_VALUE) {
              return (int) (long) d;
            }
          }
        } catch (NumberFormatException | ArithmeticException e) {
          // reported below
        }
      }
      typeError(v, "int");
      return current;
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)}: decimal, 0x, 0o, 0b and leading-0 octal. */
    private static long parseGoInt(String s) {
      boolean negative = s.startsWith("-");
      String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
      long v;
      String lower = body.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("0x")) {
        v = Long.parseLong(body.substring(2), 16);
      } else if (lower.startsWith("0o")) {
        v = Long.parseLong(body.substring(2), 8);
      } else if (lower.startsWith("0b")) {
        v = Long.parseLong(body.substring(2), 2);
      } else if (body.length() > 1 && body.startsWith("0")) {
        v = Long.parseLong(body.substring(1), 8);
      } else {
        v = Long.parseLong(body);
      }
      return negative ? -v : v;
    }

    /** A map field decoded again (merge keys) adds to the map it already holds, as in Go. */
    private Map<String, String> mergeMaps(Map<String, String> current, YNode v) {
      Map<String, String> next = stringMap(v);
      if (current.isEmpty() || isNull(v)) {
        return next;
      }
      Map<String, String> merged = new LinkedHashMap<>(current);
      merged.putAll(next);
      return merged;
    }

    private Map<String, String> stringMap(YNode v) {
      if (isNull(v)) {
        return Map.of();
      }
      if (!(v instanceof YMap m)) {
        typeError(v, "map[string]string");
        return Map.of();
      }
      duplicates(m, typeErrors);
      Map<String, String> out = new LinkedHashMap<>();
      for (YEntry e : m.entries()) {
        String key = keyString(e);
        out.put(key, string(e.value()));
      }
      return out;
    }

    // ---- validation ----------------------------------------------------------------------------

    private void validate(List<RawGroup> groups, List<String> errors) {
      Set<String> names = new HashSet<>();
      for (RawGroup g : groups) {
        if (g.name().isEmpty()) {
          errors.add(g.pos() + ": Groupname must not be empty");
        }
        if (!names.add(g.name())) {
          errors.add(g.pos() + ": groupname: \"" + g.name() + "\" is repeated in the same file");
        }
        for (Map.Entry<String, String> l : g.labels().entrySet()) {
          if (!scheme.isValidLabelName(l.getKey()) || l.getKey().equals("__name__")) {
            errors.add("invalid label name: " + l.getKey());
          }
        }
        for (int i = 0; i < g.rules().size(); i++) {
          RawRule r = g.rules().get(i);
          String prefix =
              "group " + goQuote(g.name()) + ", rule " + (i + 1) + ", "
                  + goQuote(r.alert().isEmpty() ? r.record() : r.alert()) + ": ";
          validateRule(r, prefix, errors);
        }
      }
    }

    private void validateRule(RawRule r, String prefix, List<String> errors) {
      if (!r.record().isEmpty() && !r.alert().isEmpty()) {
        errors.add(
            r.recordPos() + ": " + r.alertPos() + ": " + prefix
                + "only one of 'record' and 'alert' must be set");
      }
      if (r.record().isEmpty() && r.alert().isEmpty()) {
        errors.add(r.recordPos() + ": " + prefix + "one of 'record' or 'alert' must be set");
      }
      if (r.expr().isEmpty()) {
        errors.add(r.exprPos() + ": " + prefix + "field 'expr' must be set in rule");
      } else {
        try {
          PromqlParser.parseExpr(r.expr());
        } catch (ParseException e) {
          errors.add(
              r.exprPos() + ": " + prefix + "could not parse expression: " + e.getMessage());
        }
      }
      if (!r.record().isEmpty()) {
        if (!r.annotations().isEmpty()) {
          errors.add(
              r.recordPos() + ": " + prefix + "invalid field 'annotations' in recording rule");
        }
        if (r.forMillis() != 0) {
          errors.add(r.recordPos() + ": " + prefix + "invalid field 'for' in recording rule");
        }
        if (r.keepFiringForMillis() != 0) {
          errors.add(
              r.recordPos() + ": " + prefix + "invalid field 'keep_firing_for' in recording rule");
        }
        if (!isValidMetricName(r.record())) {
          errors.add(r.recordPos() + ": " + prefix + "invalid recording rule name: " + r.record());
        }
        if (scheme == NameValidationScheme.UTF8
            && (r.record().contains("{") || r.record().contains("}"))) {
          errors.add(
              r.recordPos() + ": " + prefix
                  + "braces present in the recording rule name; should it be in expr?: "
                  + r.record());
        }
      }
      for (String name : r.labels().keySet()) {
        if (!scheme.isValidLabelName(name) || name.equals("__name__")) {
          errors.add(prefix + "invalid label name: " + name);
        }
      }
      for (String name : r.annotations().keySet()) {
        if (!scheme.isValidLabelName(name)) {
          errors.add(prefix + "invalid annotation name: " + name);
        }
      }
      if (!r.alert().isEmpty()) {
        for (Map.Entry<String, String> l : r.labels().entrySet()) {
          String err = AlertTemplates.parseError(r.alert(), l.getValue());
          if (err != null) {
            errors.add(prefix + "label " + goQuote(l.getKey()) + ": " + err);
          }
        }
        for (Map.Entry<String, String> a : r.annotations().entrySet()) {
          String err = AlertTemplates.parseError(r.alert(), a.getValue());
          if (err != null) {
            errors.add(prefix + "annotation " + goQuote(a.getKey()) + ": " + err);
          }
        }
      }
    }

    private boolean isValidMetricName(String name) {
      if (scheme == NameValidationScheme.UTF8) {
        return scheme.isValidLabelName(name);
      }
      if (name.isEmpty()) {
        return false;
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        boolean ok =
            c == '_'
                || c == ':'
                || (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (i > 0 && c >= '0' && c <= '9');
        if (!ok) {
          return false;
        }
      }
      return true;
    }

    private RuleFile toRuleFile(List<RawGroup> groups) {
      List<RuleGroupConfig> out = new ArrayList<>();
      for (RawGroup g : groups) {
        List<RuleConfig> rules = new ArrayList<>();
        for (RawRule r : g.rules()) {
          boolean alerting = !r.alert().isEmpty();
          rules.add(
              new RuleConfig(
                  alerting ? null : r.record(),
                  alerting ? r.alert() : null,
                  r.expr(),
                  r.forMillis(),
                  r.keepFiringForMillis(),
                  Labels.of(r.labels()),
                  Labels.of(r.annotations()),
                  r.line()));
        }
        out.add(
            new RuleGroupConfig(
                g.name(),
                fileName,
                g.intervalMillis(),
                g.queryOffsetMillis(),
                g.limit(),
                Labels.of(g.labels()),
                rules));
      }
      return new RuleFile(fileName, out);
    }
  }
}
