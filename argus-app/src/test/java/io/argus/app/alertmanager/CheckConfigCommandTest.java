package io.argus.app.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.app.Main;
import io.argus.app.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code argus alertmanager check-config} against Debian's {@code amtool check-config} 0.25 on a
 * corpus of good and bad {@code alertmanager.yml} files: same exit code, same standard output, same
 * standard error apart from the program name.
 */
class CheckConfigCommandTest {
  @TempDir Path tmp;

  private record Run(int exitCode, String out, String err) {}

  private static Run argus(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "alertmanager";
    all[1] = "check-config";
    System.arraycopy(args, 0, all, 2, args.length);
    int code =
        Main.run(
            Main.productionContext(), all, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  static Path corpus() throws URISyntaxException {
    return Path.of(
            CheckConfigCommandTest.class
                .getResource("/alertmanager/check-config/good-minimal.yml")
                .toURI())
        .getParent();
  }

  static Stream<String> corpusFiles() throws Exception {
    try (Stream<Path> files = Files.list(corpus())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void corpus_hasAtLeastFortyFilesGoodAndBad() throws Exception {
    List<String> files = corpusFiles().toList();
    assertThat(files).hasSizeGreaterThanOrEqualTo(40);
    assertThat(files).anyMatch(f -> f.startsWith("good-")).anyMatch(f -> f.startsWith("bad-"));
  }

  /** amtool's output for every corpus file, from one run over all of them, by file name. */
  private static Map<String, String> amtoolBlocks;

  @BeforeAll
  static void runAmtoolOnCorpus() throws Exception {
    if (!AmtoolRunner.available()) {
      return;
    }
    List<String> args = new ArrayList<>(List.of("check-config"));
    corpusFiles().forEach(n -> args.add(n));
    String out = AmtoolRunner.run(corpus(), args).out();
    amtoolBlocks = new HashMap<>();
    for (String block : out.split("(?m)(?=^Checking ')", -1)) {
      if (block.startsWith("Checking '")) {
        String name = block.substring("Checking '".length(), block.indexOf('\'', 10));
        amtoolBlocks.put(name, block);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpusFiles")
  void checkConfig_corpusFile_matchesAmtool(String name) throws Exception {
    assumeTrue(AmtoolRunner.available(), "skipped: /usr/bin/amtool is not installed");
    String want = amtoolBlocks.get(name);
    assertThat(want).as("amtool output for " + name).isNotNull();
    Path file = corpus().resolve(name);

    Run got = argus(file.toString());

    String shownPath = "Checking '" + file + "'";
    assertThat(got.out()).startsWith(shownPath);
    assertThat(got.out().replace(shownPath, "Checking '" + name + "'")).isEqualTo(want);
    int wantExit = want.contains("  FAILED: ") ? ExitCodes.RUNTIME_ERROR : ExitCodes.OK;
    assertThat(got.exitCode()).as(got.out()).isEqualTo(wantExit);
    assertThat(got.err())
        .isEqualTo(
            wantExit == ExitCodes.OK ? "" : "argus: error: failed to validate 1 file(s)\n\n");
    assertThat(got.exitCode())
        .isEqualTo(name.startsWith("good-") ? ExitCodes.OK : ExitCodes.RUNTIME_ERROR);
  }

  @Test
  void checkConfig_severalFiles_countsFailuresLikeAmtool() throws Exception {
    assumeTrue(AmtoolRunner.available(), "skipped: /usr/bin/amtool is not installed");
    List<String> args = new ArrayList<>();
    for (String n :
        List.of(
            "good-minimal.yml", "bad-duration.yml", "bad-templates.yml", "good-templates.yml")) {
      args.add(corpus().resolve(n).toString());
    }
    List<String> amtoolArgs = new ArrayList<>(List.of("check-config"));
    amtoolArgs.addAll(args);
    AmtoolRunner.Result want = AmtoolRunner.run(corpus(), amtoolArgs);

    Run got = argus(args.toArray(String[]::new));

    assertThat(got.out()).isEqualTo(want.out());
    assertThat(got.err()).isEqualTo(want.err().replace("amtool: ", "argus: "));
    assertThat(got.err()).contains("failed to validate 2 file(s)");
    assertThat(got.exitCode()).isEqualTo(want.exitCode()).isEqualTo(ExitCodes.RUNTIME_ERROR);
  }

  @Test
  void checkConfig_debiansSampleConfig_matchesAmtool() throws Exception {
    Path sample = Path.of("/etc/prometheus/alertmanager.yml");
    assumeTrue(AmtoolRunner.available(), "skipped: /usr/bin/amtool is not installed");
    assumeTrue(Files.isReadable(sample), "skipped: Debian's sample alertmanager.yml is absent");
    AmtoolRunner.Result want = AmtoolRunner.run(tmp, List.of("check-config", sample.toString()));

    Run got = argus(sample.toString());

    assertThat(got.out()).isEqualTo(want.out());
    assertThat(got.exitCode()).isEqualTo(want.exitCode());
  }

  @Test
  void checkConfig_relativeTemplatePaths_resolveAgainstTheConfigDirectory() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("conf"));
    Files.writeString(
        dir.resolve("t.tmpl"), "{{ define \"x\" }}{{ .Nope | undefinedFn }}{{ end }}");
    Path cfg =
        Files.writeString(
            dir.resolve("am.yml"),
            "route: {receiver: x}\nreceivers: [{name: x}]\ntemplates: ['*.tmpl']\n");

    Run got = argus(cfg.toString());

    assertThat(got.out())
        .contains("  FAILED: template: t.tmpl:1: function \"undefinedFn\" not defined");
    assertThat(got.exitCode()).isEqualTo(ExitCodes.RUNTIME_ERROR);
  }

  @Test
  void checkConfig_missingFile_failsLikeAmtool() throws Exception {
    assumeTrue(AmtoolRunner.available(), "skipped: /usr/bin/amtool is not installed");
    String missing = tmp.resolve("nope.yml").toString();
    AmtoolRunner.Result want = AmtoolRunner.run(tmp, List.of("check-config", missing));

    Run got = argus(missing);

    assertThat(got.exitCode()).isEqualTo(want.exitCode()).isEqualTo(ExitCodes.RUNTIME_ERROR);
    assertThat(got.out()).isEqualTo(want.out()).isEmpty();
    assertThat(got.err().strip()).isEqualTo(want.err().strip().replace("amtool: ", "argus: "));
  }

  @Test
  void alertmanager_withoutSubcommand_printsUsageAndExitsTwo() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        Main.run(
            Main.productionContext(),
            new String[] {"alertmanager"},
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Usage:").contains("check-config");
  }
}
