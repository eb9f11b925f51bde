package io.argus.rules.config;

import io.argus.model.labels.Labels;
import io.argus.model.relabel.NameValidationScheme;
import io.argus.scrape.config.CheckConfig.Verdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code check rules} as {@code promtool check rules} (2.42) prints it: {@code Checking <file>} and
 * {@code SUCCESS: N rules found} on the standard output, {@code FAILED:} and the errors on the
 * standard error, a blank line after each file. Rules that share a name and labels are reported as
 * a lint failure, which fails the exit code only with {@code --lint-fatal}. Rule names are checked
 * with the legacy name scheme, as promtool 2.42 does. Stateless and thread-safe.
 */
public final class RuleFileCheck {
  /** Exit code when only lint problems were found and lint is fatal. */
  public static final int LINT_EXIT_CODE = 3;

  private RuleFileCheck() {}

  /**
   * Which lint checks run.
   *
   * @param duplicateRules report rules with the same name and labels
   * @param fatal lint failures exit with {@link #LINT_EXIT_CODE}
   */
  public record Lint(boolean duplicateRules, boolean fatal) {
    /**
     * Parses promtool's {@code --lint} value (comma-separated {@code all}, {@code duplicate-rules},
     * {@code none}); unknown options are reported on {@code out} as promtool does and ignored.
     */
    public static Lint parse(String options, boolean fatal, PrintWriter out) {
      boolean duplicates = false;
      for (String o : options.split(",", -1)) {
        switch (o) {
          case "all", "duplicate-rules" -> duplicates = true;
          case "none" -> {}
          default -> out.println("WARNING: unknown lint option " + o);
        }
      }
      return new Lint(duplicates, fatal);
    }
  }

  /**
   * The result of checking one file.
   *
   * @param rules the number of rules (0 when there are errors)
   * @param errors the problems, each a (possibly multi-line) message
   * @param lintOnly whether every problem is a lint problem
   */
  public record Outcome(int rules, List<String> errors, boolean lintOnly) {
    public Outcome {
      errors = List.copyOf(errors);
    }
  }

  /**
   * Checks every file and prints the report.
   *
   * @return 0 when valid (or only lint failed), 1 on errors, {@link #LINT_EXIT_CODE} on lint
   *     failures when lint is fatal
   */
  public static int run(List<Path> files, Lint lint, PrintWriter out, PrintWriter err) {
    boolean failed = false;
    boolean hasErrors = false;
    for (Path f : files) {
      Outcome o = check(f, lint, out);
      if (!o.errors().isEmpty()) {
        out.flush();
        err.println("  FAILED:");
        for (String e : o.errors()) {
          err.println(e);
        }
        err.flush();
        failed = true;
        hasErrors |= !o.lintOnly();
      } else {
        out.println("  SUCCESS: " + o.rules() + " rules found");
      }
      out.println();
    }
    out.flush();
    if (failed && hasErrors) {
      return 1;
    }
    return failed && lint.fatal() ? LINT_EXIT_CODE : 0;
  }

  /**
   * Prints {@code Checking <file>} and checks one file the way {@code check config} reports the
   * rule files of a configuration: {@code FAILED:} and each error indented by five spaces.
   *
   * @return whether the file passed, failed on lint only, or failed
   */
  public static Verdict checkForConfig(Path file, Lint lint, PrintWriter out, PrintWriter err) {
    Outcome o = check(file, lint, out);
    if (o.errors().isEmpty()) {
      out.println("  SUCCESS: " + o.rules() + " rules found");
      return Verdict.OK;
    }
    out.flush();
    err.println("  FAILED:");
    for (String e : o.errors()) {
      err.println("     " + e);
    }
    err.flush();
    return o.lintOnly() ? Verdict.LINT_FAILED : Verdict.FAILED;
  }

  /** Prints {@code Checking <file>} and checks it, printing nothing else. */
  public static Outcome check(Path file, Lint lint, PrintWriter out) {
    out.println("Checking " + file);
    RuleFileLoader.Result r = RuleFileLoader.parseFile(file, NameValidationScheme.LEGACY);
    RuleFile rf = r.ruleFile();
    if (rf == null) {
      return new Outcome(0, r.errors(), false);
    }
    int rules = rf.groups().stream().mapToInt(g -> g.rules().size()).sum();
    if (lint.duplicateRules()) {
      List<RuleKey> duplicates = duplicates(rf);
      if (!duplicates.isEmpty()) {
        return new Outcome(0, List.of(duplicateMessage(duplicates)), true);
      }
    }
    return new Outcome(rules, List.of(), false);
  }

  /** A rule's identity for the duplicate lint: its name and its own labels. */
  record RuleKey(String name, Labels labels) {}

  private static final Comparator<RuleKey> ORDER =
      Comparator.comparing(RuleKey::name).thenComparing(RuleKey::labels);

  /** Each set of rules with the same name and labels, once, sorted by name then labels. */
  static List<RuleKey> duplicates(RuleFile file) {
    List<RuleKey> keys = new ArrayList<>();
    for (RuleGroupConfig g : file.groups()) {
      for (RuleConfig r : g.rules()) {
        keys.add(new RuleKey(r.name(), r.labels()));
      }
    }
    keys.sort(ORDER);
    List<RuleKey> out = new ArrayList<>();
    for (int i = 1; i < keys.size(); i++) {
      RuleKey prev = keys.get(i - 1);
      if (ORDER.compare(prev, keys.get(i)) == 0
          && (out.isEmpty() || ORDER.compare(prev, out.getLast()) != 0)) {
        out.add(keys.get(i));
      }
    }
    return out;
  }

  private static String duplicateMessage(List<RuleKey> duplicates) {
    StringBuilder sb = new StringBuilder("lint error ");
    sb.append(duplicates.size()).append(" duplicate rule(s) found.\n");
    for (RuleKey k : duplicates) {
      sb.append("Metric: ").append(k.name()).append("\nLabel(s):\n");
      k.labels().forEach((name, value) -> sb.append('\t').append(name).append(": ").append(value)
          .append('\n'));
    }
    return sb.append("Might cause inconsistency while recording expressions").toString();
  }
}
