package io.argus.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Parses every {@code eval} expression of the upstream conformance scripts. */
class CorpusTest {
  private static final Pattern INSTANT =
      Pattern.compile(
          "^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
  private static final Pattern RANGE =
      Pattern.compile(
          "^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)"
              + "\\s+step\\s+(.+?)\\s+(.+)$");

  private static List<String> corpusExpressions() throws IOException {
    String shared = System.getProperty("argus.shared.dir");
    assumeTrue(shared != null, "argus.shared.dir is not set; skipping the corpus test");
    Path dir = Path.of(shared, "promql-testdata");
    assumeTrue(Files.isDirectory(dir), "no promql-testdata under " + shared + "; skipping");
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".test")).sorted().toList()) {
        int lineNo = 0;
        for (String raw : Files.readAllLines(f)) {
          lineNo++;
          String line = raw.strip();
          Matcher m = INSTANT.matcher(line);
          if (m.matches()) {
            out.add(f.getFileName() + ":" + lineNo + "\t" + m.group(3));
            continue;
          }
          m = RANGE.matcher(line);
          if (m.matches()) {
            out.add(f.getFileName() + ":" + lineNo + "\t" + m.group(5));
          }
        }
      }
    }
    return out;
  }

  @Test
  void parseExpr_everyCorpusEvalParsesAndRoundTrips() throws IOException {
    List<String> exprs = corpusExpressions();
    List<String> failures = new ArrayList<>();
    for (String entry : exprs) {
      String where = entry.substring(0, entry.indexOf('\t'));
      String query = entry.substring(entry.indexOf('\t') + 1);
      try {
        Expr[] both = Asts.roundTrip(query, ParserOptions.ALL);
        if (!both[0].equals(both[1])) {
          failures.add(where + " round trip differs: " + query + " -> " + both[0]);
        }
      } catch (ParseException e) {
        failures.add(where + " " + query + " -> " + e.getMessage());
      }
    }
    assertThat(exprs).hasSizeGreaterThan(2000);
    assertThat(failures).isEmpty();
  }
}
