package io.argus.rules.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileGlobsTest {
  @TempDir Path dir;

  @Test
  void expand_relativePatterns_resolveAgainstConfigDirSortedPerPattern() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    for (String n : List.of("b.yml", "a.yml", "c.yaml", "z.yml")) {
      Files.writeString(rules.resolve(n), "");
    }
    Files.writeString(dir.resolve("single.yml"), "");

    List<Path> files =
        RuleFileGlobs.expand(dir, List.of("single.yml", "rules/*.yml", "nothing/*.yml", "x.yml"));

    assertThat(files)
        .containsExactly(
            dir.resolve("single.yml"),
            rules.resolve("a.yml"),
            rules.resolve("b.yml"),
            rules.resolve("z.yml"));
  }

  @Test
  void expand_absolutePattern_isUsedAsIs() throws Exception {
    Path f = Files.writeString(dir.resolve("r1.yml"), "");
    assertThat(RuleFileGlobs.expand(Path.of("/elsewhere"), List.of(dir + "/r?.yml")))
        .containsExactly(f);
  }

  @Test
  void expand_malformedPattern_isAnError() {
    assertThatThrownBy(() -> RuleFileGlobs.expand(dir, List.of("rules/[a.yml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "error retrieving rule files for " + dir + "/rules/[a.yml: syntax error in pattern");
  }
}
