package io.argus.scrape.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance item 2 of issue 4: Argus and {@code promtool check config} agree on every file of
 * the corpus, and Argus names the offending field (the {@code # field:} comment of a bad file).
 */
class ConfigCorpusTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  static Path corpus(String kind) {
    try {
      return Path.of(ConfigCorpusTest.class.getResource("/config/" + kind).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Path> bad() throws IOException {
    return list(corpus("bad"));
  }

  static Stream<Path> good() throws IOException {
    return list(corpus("good"));
  }

  private static Stream<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
    }
  }

  @Test
  void corpus_isLargeEnough() throws IOException {
    assertThat(bad().count()).isGreaterThanOrEqualTo(30);
    assertThat(good().count()).isGreaterThanOrEqualTo(10);
  }

  @ParameterizedTest
  @MethodSource("bad")
  void check_rejectsBadFileNamingTheField(Path file) throws Exception {
    String first = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
    assertThat(first).startsWith("# field: ");
    String field = first.substring("# field: ".length());
    StringWriter out = new StringWriter();
    int rc = CheckConfig.run(List.of(file), new PrintWriter(out));
    assertThat(rc).as(out.toString()).isEqualTo(1);
    assertThat(out.toString()).contains("  FAILED: ").contains(field);
  }

  @ParameterizedTest
  @MethodSource("good")
  void check_acceptsGoodFile(Path file) {
    StringWriter out = new StringWriter();
    int rc = CheckConfig.run(List.of(file), new PrintWriter(out));
    assertThat(rc).as(out.toString()).isZero();
    assertThat(out.toString()).contains(" SUCCESS: " + file + " is valid prometheus config");
  }

  @ParameterizedTest
  @MethodSource("bad")
  void promtool_rejectsBadFileToo(Path file) throws Exception {
    assertThat(promtool(file)).as("promtool exit code for " + file).isNotZero();
  }

  @ParameterizedTest
  @MethodSource("good")
  void promtool_acceptsGoodFileToo(Path file) throws Exception {
    assertThat(promtool(file)).as("promtool exit code for " + file).isZero();
  }

  private static int promtool(Path file) throws Exception {
    assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed at /usr/bin/promtool");
    Process p =
        new ProcessBuilder(PROMTOOL.toString(), "check", "config", file.getFileName().toString())
            .directory(file.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    return p.exitValue();
  }
}
