package io.argus.rules.config;

import java.util.List;

/**
 * A parsed rule file.
 *
 * @param path the path of the file as given to the loader
 * @param groups its groups, in file order
 */
public record RuleFile(String path, List<RuleGroupConfig> groups) {
  public RuleFile {
    groups = List.copyOf(groups);
  }
}
