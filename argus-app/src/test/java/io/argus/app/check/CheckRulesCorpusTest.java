package io.argus.app.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.app.ArgusCli;
import io.argus.app.Main;
import io.argus.app.runtime.BuildInfo;
import io.argus.app.server.TsdbServerStorage;
import io.argus.app.up.JavaLauncher;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule file of the corpus ({@code src/test/resources/rules}) gives the same exit code, the
 * same standard output and the same standard error under {@code argus check rules} as under
 * Debian's {@code promtool check rules} (2.42). Both get the same absolute path, so the outputs are
 * compared as they are; the expected output is whatever promtool prints at test time.
 */
class CheckRulesCorpusTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final ArgusCli.Context CONTEXT =
      new ArgusCli.Context(
          new BuildInfo("0.0.0", "test", "test", "20260101-00:00:00", "25", "linux/amd64"),
          Clock.SYSTEM,
          TsdbServerStorage.factory(FileOps.defaults()),
          new JavaLauncher(Path.of("/usr/bin/java"), "argus.jar", "io.argus.app.Main"));

  @TempDir Path tmp;

  private record Run(int exitCode, String out, String err) {}

  static Path corpus() {
    try {
      return Path.of(CheckRulesCorpusTest.class.getResource("/rules").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(corpus())) {
      return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
    }
  }

  @Test
  void corpus_hasGoodAndBadFiles() throws IOException {
    List<Path> all = files().toList();
    assertThat(all).hasSizeGreaterThanOrEqualTo(40);
    assertThat(all).filteredOn(p -> p.getFileName().toString().startsWith("good-")).hasSize(20);
    assertThat(all).filteredOn(p -> p.getFileName().toString().startsWith("bad-")).hasSize(52);
  }

  @ParameterizedTest
  @MethodSource("files")
  void checkRules_matchesPromtool(Path file) throws Exception {
    Run expected = promtool("check", "rules", file.toString());
    Run actual = argus("check", "rules", file.toString());

    assertThat(actual).isEqualTo(expected);
    boolean good = file.getFileName().toString().startsWith("good-");
    assertThat(actual.err().isEmpty()).as("no errors for a good file").isEqualTo(good);
  }

  @Test
  void checkRules_severalFilesAndLintOptions_matchPromtool() throws Exception {
    Path dir = corpus();
    String lint = dir.resolve("bad-lint-duplicates.yml").toString();
    String good = dir.resolve("good-alerting.yml").toString();
    String bad = dir.resolve("bad-expr-parse.yml").toString();
    List<String[]> commands =
        List.of(
            new String[] {"check", "rules", good, lint, bad},
            new String[] {"check", "rules", good, lint},
            new String[] {"check", "rules", "--lint-fatal", good, lint},
            new String[] {"check", "rules", "--lint=none", "--lint-fatal", lint},
            new String[] {"check", "rules", "--lint=all", lint},
            new String[] {"check", "rules", "--lint=bogus", good});
    for (String[] args : commands) {
      assertThat(argus(args)).as(String.join(" ", args)).isEqualTo(promtool(args));
    }
    assertThat(argus("check", "rules", "--lint-fatal", good, lint).exitCode()).isEqualTo(3);
  }

  @Test
  void checkConfig_checksTheRuleFilesLikePromtool() throws Exception {
    Path rules = Files.createDirectories(tmp.resolve("rules"));
    Files.copy(corpus().resolve("good-alerting.yml"), rules.resolve("a.yml"));
    Files.copy(corpus().resolve("bad-expr-parse.yml"), rules.resolve("b.yml"));
    Files.copy(corpus().resolve("bad-lint-duplicates.yml"), tmp.resolve("lint.yml"));
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        rule_files:
          - rules/*.yml
          - nothing/*.yml
          - lint.yml
        scrape_configs:
          - job_name: p
            static_configs:
              - targets: ["localhost:9090"]
        """);
    Path lintOnly = tmp.resolve("lint-only.yml");
    Files.writeString(lintOnly, "rule_files: [lint.yml, rules/a.yml]\n");
    Path missing = tmp.resolve("missing.yml");
    Files.writeString(missing, "rule_files: [nope.yml]\n");

    List<String[]> commands =
        List.of(
            new String[] {"check", "config", config.toString()},
            new String[] {"check", "config", lintOnly.toString()},
            new String[] {"check", "config", "--lint-fatal", lintOnly.toString()},
            new String[] {"check", "config", "--lint=none", lintOnly.toString()},
            new String[] {"check", "config", missing.toString(), lintOnly.toString()});
    for (String[] args : commands) {
      Run expected = promtool(args);
      assertThat(argus(args)).as(String.join(" ", args)).isEqualTo(expected);
    }
    assertThat(argus("check", "config", config.toString()).err())
        .contains("  FAILED:\n     " + rules.resolve("b.yml") + ": 5:15: group \"g\", rule 1");
  }

  private static Run argus(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Main.run(CONTEXT, args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(rc, out.toString(), err.toString());
  }

  private Run promtool(String... args) throws Exception {
    assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed at /usr/bin/promtool");
    List<String> cmd = new ArrayList<>(List.of(PROMTOOL.toString()));
    cmd.addAll(List.of(args));
    Path out = tmp.resolve("promtool.out");
    Path err = tmp.resolve("promtool.err");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
