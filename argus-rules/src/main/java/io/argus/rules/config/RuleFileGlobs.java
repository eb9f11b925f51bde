package io.argus.rules.config;

import io.argus.scrape.config.Globs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands the {@code rule_files} patterns of a configuration as Prometheus does on (re)load: a
 * relative pattern is taken relative to the configuration file's directory, each pattern's matches
 * are sorted, a pattern matching nothing contributes nothing, and a malformed pattern is an error.
 * Stateless and thread-safe.
 */
public final class RuleFileGlobs {
  private RuleFileGlobs() {}

  /**
   * The rule files matched by {@code patterns}, pattern by pattern, each pattern's matches sorted.
   *
   * @param configDir the directory of the configuration file; relative patterns resolve against it
   *     (patterns from {@code io.argus.scrape.config.Config#ruleFiles} are already resolved)
   * @throws IllegalArgumentException {@code error retrieving rule files for <pattern>: syntax error
   *     in pattern} for a malformed pattern
   */
  public static List<Path> expand(Path configDir, List<String> patterns) {
    List<Path> files = new ArrayList<>();
    for (String pattern : patterns) {
      String resolved = resolve(configDir, pattern);
      String err = Globs.syntaxError(resolved);
      if (err != null) {
        throw new IllegalArgumentException(
            "error retrieving rule files for " + resolved + ": " + err);
      }
      files.addAll(Globs.expand(resolved));
    }
    return List.copyOf(files);
  }

  /** {@code pattern} joined to {@code configDir} and cleaned, unless it is absolute. */
  static String resolve(Path configDir, String pattern) {
    if (pattern.isEmpty() || pattern.startsWith("/")) {
      return pattern;
    }
    return configDir.resolve(pattern).normalize().toString();
  }
}
