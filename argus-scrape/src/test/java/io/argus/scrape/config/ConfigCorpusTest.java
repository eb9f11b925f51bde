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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance item 2 of issue 4: Argus and {@code promtool check config} agree on every file of the
 * corpus, and Argus names the offending field (the {@code # field:} comment of a bad file).
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

  @Test
  void promtool_rejectsEveryBadFile() throws Exception {
    Map<String, Boolean> verdicts = promtool(corpus("bad"), bad().toList());
    assertThat(verdicts).hasSize((int) bad().count());
    assertThat(verdicts).allSatisfy((file, valid) -> assertThat(valid).as(file).isFalse());
  }

  @Test
  void promtool_acceptsEveryGoodFile() throws Exception {
    Map<String, Boolean> verdicts = promtool(corpus("good"), good().toList());
    assertThat(verdicts).hasSize((int) good().count());
    assertThat(verdicts).allSatisfy((file, valid) -> assertThat(valid).as(file).isTrue());
  }

  /**
   * Runs promtool once over {@code files} (relative to {@code dir}) and returns, per config file
   * name, whether promtool reported it valid. Output blocks start with {@code Checking <file>};
   * blocks of the rule files promtool goes on to check are ignored.
   */
  private static Map<String, Boolean> promtool(Path dir, List<Path> files) throws Exception {
    assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed at /usr/bin/promtool");
    List<String> cmd = new ArrayList<>(List.of(PROMTOOL.toString(), "check", "config"));
    Set<String> names = new HashSet<>();
    for (Path f : files) {
      cmd.add(f.getFileName().toString());
      names.add(f.getFileName().toString());
    }
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    Map<String, Boolean> verdicts = new TreeMap<>();
    String current = null;
    for (String line : output.split("\n")) {
      if (line.startsWith("Checking ")) {
        String name = line.substring("Checking ".length());
        current = names.contains(name) ? name : null;
      } else if (current != null && line.contains("FAILED:")) {
        verdicts.put(current, false);
      } else if (current != null && line.startsWith(" SUCCESS: " + current + " is valid")) {
        verdicts.putIfAbsent(current, true);
      }
    }
    return verdicts;
  }
}
