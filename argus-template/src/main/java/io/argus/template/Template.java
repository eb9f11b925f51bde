package io.argus.template;

import io.argus.template.parse.Parser;
import io.argus.template.parse.TemplateParseException;
import io.argus.template.parse.Tree;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A parsed Go {@code text/template} with its associated templates ({@code define}, {@code block})
 * and functions. Output is never HTML-escaped. Immutable and thread-safe once parsed (as long as
 * the functions are).
 */
public final class Template {
  private final String name;
  private final Map<String, Tree> trees;
  private final Map<String, GoFunction> functions;
  private final MissingKey missingKey;

  private Template(
      String name, Map<String, Tree> trees, Map<String, GoFunction> functions, MissingKey mk) {
    this.name = name;
    this.trees = trees;
    this.functions = functions;
    this.missingKey = mk;
  }

  /**
   * Parses {@code text} as template {@code name}.
   *
   * @param functions functions beyond Go's builtins; they take precedence over builtins
   * @throws TemplateException with Go's parse error message
   */
  public static Template parse(
      String name, String text, Map<String, GoFunction> functions, MissingKey missingKey)
      throws TemplateException {
    Map<String, GoFunction> all = new HashMap<>(Builtins.FUNCTIONS);
    all.putAll(functions);
    try {
      Map<String, Tree> trees = Parser.parse(name, text, all::containsKey);
      return new Template(name, Map.copyOf(trees), Map.copyOf(all), missingKey);
    } catch (TemplateParseException e) {
      throw new TemplateException(e.getMessage());
    }
  }

  /**
   * One named template text, e.g. a template file.
   *
   * @param name the name its top-level template gets (Go uses the file's base name)
   */
  public record Source(String name, String text) {}

  /**
   * Parses several texts into one set of associated templates, like Go's {@code ParseFiles}: the
   * result is named after the first source, every {@code define} of every source is visible to all,
   * and a later non-empty definition replaces an earlier one of the same name.
   *
   * @throws TemplateException with Go's parse error message of the first failing source
   */
  public static Template parseAll(
      List<Source> sources, Map<String, GoFunction> functions, MissingKey missingKey)
      throws TemplateException {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no template sources");
    }
    Map<String, GoFunction> all = new HashMap<>(Builtins.FUNCTIONS);
    all.putAll(functions);
    Map<String, Tree> trees = new HashMap<>();
    for (Source source : sources) {
      Map<String, Tree> parsed;
      try {
        parsed = Parser.parse(source.name(), source.text(), all::containsKey);
      } catch (TemplateParseException e) {
        throw new TemplateException(e.getMessage());
      }
      for (Tree tree : parsed.values()) {
        Tree old = trees.get(tree.name());
        if (old == null || !Tree.isEmpty(tree.root())) {
          trees.put(tree.name(), tree);
        }
      }
    }
    return new Template(sources.getFirst().name(), Map.copyOf(trees), Map.copyOf(all), missingKey);
  }

  /** Whether a template of that name is defined. */
  public boolean hasTemplate(String templateName) {
    return trees.containsKey(templateName);
  }

  /** The top-level template's name. */
  public String name() {
    return name;
  }

  /**
   * Executes the top-level template with {@code data} as dot.
   *
   * @throws TemplateException with Go's execution error message
   */
  public String execute(@Nullable Object data) throws TemplateException {
    StringBuilder out = new StringBuilder();
    execute(name, data, out);
    return out.toString();
  }

  /**
   * Executes the template called {@code templateName} with {@code data} as dot into {@code out}.
   *
   * @throws TemplateException with Go's message; {@code out} holds the output up to the failure
   */
  public void execute(String templateName, @Nullable Object data, StringBuilder out)
      throws TemplateException {
    Tree tree = trees.get(templateName);
    if (tree == null) {
      throw new TemplateException(
          "template: no template \""
              + templateName
              + "\" associated with template \""
              + name
              + "\"");
    }
    new Executor(trees, functions, missingKey, out).run(tree, GoValues.of(data));
  }
}
