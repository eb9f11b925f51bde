package io.argus.scrape.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobsTest {
  @Test
  void syntaxError_flagsMalformedPatternsLikeGo() {
    assertThat(Globs.syntaxError("[x")).isEqualTo("syntax error in pattern");
    assertThat(Globs.syntaxError("a\\")).isEqualTo("syntax error in pattern");
    assertThat(Globs.syntaxError("[]")).isEqualTo("syntax error in pattern");
    assertThat(Globs.syntaxError("rules/*.yml")).isNull();
    assertThat(Globs.syntaxError("r[a-c]?.y*ml")).isNull();
  }

  @Test
  void expand_matchesWithinOnePathElement(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("a/sub"));
    Files.writeString(dir.resolve("a/x.yml"), "");
    Files.writeString(dir.resolve("a/y.yml"), "");
    Files.writeString(dir.resolve("a/sub/z.yml"), "");
    Files.writeString(dir.resolve("a/z.json"), "");
    assertThat(Globs.expand(dir + "/a/*.yml"))
        .containsExactly(dir.resolve("a/x.yml"), dir.resolve("a/y.yml"));
    assertThat(Globs.expand(dir + "/*/[xz].*"))
        .containsExactly(dir.resolve("a/x.yml"), dir.resolve("a/z.json"));
    assertThat(Globs.expand(dir + "/a/none.yml")).isEmpty();
  }

  @Test
  void run_checksEveryFileAndFailsIfAnyFails(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good.yml");
    Path bad = dir.resolve("bad.yml");
    Files.writeString(good, "scrape_configs:\n  - job_name: a\n");
    Files.writeString(bad, "scrape_configs:\n  - job_name: a\n    foo: 1\n");
    StringWriter out = new StringWriter();
    assertThat(CheckConfig.run(List.of(good, bad), new PrintWriter(out))).isEqualTo(1);
    assertThat(out.toString())
        .isEqualTo(
            "Checking "
                + good
                + "\n SUCCESS: "
                + good
                + " is valid prometheus config file syntax\n\n"
                + "Checking "
                + bad
                + "\n  FAILED: parsing YAML file "
                + bad
                + ": yaml: unmarshal errors:\n"
                + "  line 3: field foo not found in type config.ScrapeConfig\n\n");
  }
}
