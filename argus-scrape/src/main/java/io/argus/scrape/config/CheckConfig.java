package io.argus.scrape.config;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code check config} as promtool prints it: for each file, {@code Checking <file>} then either
 * the rule file count and {@code SUCCESS} or {@code FAILED: <reason>}, and a blank line; then, when
 * a {@link RuleFilesCheck} is given, each rule file the config names is checked and reported.
 */
public final class CheckConfig {
  private CheckConfig() {}

  /** How one rule file fared. */
  public enum Verdict {
    OK,
    /** Only lint problems (duplicate rules): a failure, but exit code 0 unless lint is fatal. */
    LINT_FAILED,
    FAILED
  }

  /** Checks one rule file named by a config (the rule module supplies it). */
  @FunctionalInterface
  public interface RuleFilesCheck {
    /**
     * Checks {@code ruleFile}, printing {@code Checking <file>} and the result as promtool does
     * within {@code check config}.
     */
    Verdict check(Path ruleFile, PrintWriter out, PrintWriter err);
  }

  /**
   * Checks each file, printing everything on {@code out}; rule files are only checked to exist.
   *
   * @return 0 when every file is valid, 1 otherwise
   */
  public static int run(List<Path> files, PrintWriter out) {
    return run(files, out, out, null, false);
  }

  /**
   * Checks each file; failures go to {@code err} as promtool prints them on stderr.
   *
   * @param rules checks the contents of the rule files; null checks only that they exist
   * @param lintFatal whether lint-only failures exit with 3 (promtool's {@code --lint-fatal})
   * @return 0 when everything is valid (or only lint failed), 1 on errors, 3 on lint failures when
   *     {@code lintFatal}
   */
  public static int run(
      List<Path> files,
      PrintWriter out,
      PrintWriter err,
      @Nullable RuleFilesCheck rules,
      boolean lintFatal) {
    boolean failed = false;
    boolean hasErrors = false;
    for (Path file : files) {
      out.println("Checking " + file);
      List<Path> ruleFiles = List.of();
      try {
        Config c = ConfigLoader.load(file);
        ruleFiles = ruleFiles(c);
        if (!ruleFiles.isEmpty()) {
          out.println("  SUCCESS: " + ruleFiles.size() + " rule files found");
        }
        out.println(" SUCCESS: " + file + " is valid prometheus config file syntax");
        for (String w : c.warnings()) {
          out.println("  WARNING: " + w);
        }
      } catch (ConfigException e) {
        out.flush();
        err.println("  FAILED: " + e.getMessage());
        err.flush();
        failed = true;
        hasErrors = true;
      }
      out.println();
      if (rules != null) {
        for (Path rf : ruleFiles) {
          Verdict v = rules.check(rf, out, err);
          if (v != Verdict.OK) {
            failed = true;
            hasErrors |= v == Verdict.FAILED;
          }
          out.println();
        }
      }
    }
    out.flush();
    err.flush();
    if (failed && hasErrors) {
      return 1;
    }
    return failed && lintFatal ? 3 : 0;
  }

  /**
   * The rule files of a loaded config as promtool finds them: each pattern's matches in order; a
   * pattern without {@code *} must name an existing file.
   */
  private static List<Path> ruleFiles(Config c) {
    List<Path> found = new ArrayList<>();
    for (String pattern : c.ruleFiles()) {
      List<Path> matches = Globs.expand(pattern);
      if (!pattern.contains("*") && (matches.isEmpty() || !Files.exists(matches.get(0)))) {
        throw new ConfigException(
            ConfigLoader.quote(pattern) + " does not point to an existing file", true);
      }
      found.addAll(matches);
    }
    return found;
  }
}
