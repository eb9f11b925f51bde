package io.argus.scrape.config;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code check config} as promtool prints it: for each file, {@code Checking <file>} then either
 * the rule file count and {@code SUCCESS} or {@code FAILED: <reason>}, and a blank line. Rule files
 * are only checked to exist; their contents are not validated here.
 */
public final class CheckConfig {
  private CheckConfig() {}

  /**
   * Checks each file.
   *
   * @return 0 when every file is valid, 1 otherwise
   */
  public static int run(List<Path> files, PrintWriter out) {
    int rc = 0;
    for (Path file : files) {
      out.println("Checking " + file);
      try {
        Config c = ConfigLoader.load(file);
        int ruleFiles = countRuleFiles(c);
        if (ruleFiles > 0) {
          out.println("  SUCCESS: " + ruleFiles + " rule files found");
        }
        out.println(" SUCCESS: " + file + " is valid prometheus config file syntax");
        for (String w : c.warnings()) {
          out.println("  WARNING: " + w);
        }
      } catch (ConfigException e) {
        out.println("  FAILED: " + e.getMessage());
        rc = 1;
      }
      out.println();
    }
    out.flush();
    return rc;
  }

  private static int countRuleFiles(Config c) {
    List<Path> found = new ArrayList<>();
    for (String pattern : c.ruleFiles()) {
      List<Path> matches = Globs.expand(pattern);
      if (!Globs.hasMeta(pattern) && (matches.isEmpty() || !Files.isRegularFile(matches.get(0)))) {
        throw new ConfigException(
            ConfigLoader.quote(pattern) + " does not point to an existing file", true);
      }
      found.addAll(matches);
    }
    return found.size();
  }
}
