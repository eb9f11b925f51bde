package io.argus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.model.labels.Labels;
import io.argus.promql.Engine;
import io.argus.promql.EngineOptions;
import io.argus.promql.QueryException;
import io.argus.promql.parser.ParseException;
import io.argus.promql.promqltest.InMemoryStorage;
import io.argus.promql.promqltest.PromqlScript;
import io.argus.storage.Appender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Evaluates every corpus expression and many mutations of them: the engine may only answer with a
 * result, a parse error or a query error, never with another exception.
 */
class EngineFuzzTest {
  private final Engine engine = new Engine(EngineOptions.CONFORMANCE);

  private static InMemoryStorage storage() {
    InMemoryStorage s = new InMemoryStorage();
    Appender app = s.appender();
    String[] names = {"metric", "http_requests_total", "x", "foo", "testhistogram_bucket"};
    for (String name : names) {
      for (int i = 0; i < 3; i++) {
        Labels ls = Labels.of("__name__", name, "job", "j" + i, "le", i == 2 ? "+Inf" : "0." + i);
        for (int t = 0; t < 20; t++) {
          app.append(0, ls, t * 60_000L, t * (i + 1) + (t % 5 == 0 ? Double.NaN : 0));
        }
      }
    }
    app.commit();
    return s;
  }

  private static List<String> corpusExpressions() throws IOException {
    String shared = System.getProperty("argus.shared.dir");
    Path dir = shared == null ? null : Path.of(shared, "promql-testdata");
    assumeTrue(dir != null && Files.isDirectory(dir), "shared promql-testdata not available");
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".test")).sorted().toList()) {
        for (PromqlScript.Command c : PromqlScript.parse(f).commands()) {
          if (c instanceof PromqlScript.Eval e) {
            out.add(e.expr());
          }
        }
      }
    }
    return out;
  }

  private void evaluate(InMemoryStorage s, String expr) {
    try {
      engine.instantQuery(s, expr, 600_000);
      engine.rangeQuery(s, expr, 0, 1_200_000, 180_000);
    } catch (ParseException | QueryException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Test
  void evaluate_corpusAndMutationsOnlyFailCleanly() throws IOException {
    InMemoryStorage s = storage();
    List<String> exprs = corpusExpressions();
    Random random = new Random(42);
    String[] inserts = {
      "(",
      ")",
      "[5m]",
      "[1m:30s]",
      " offset 1m",
      " @ 100",
      "-",
      " + ",
      " or ",
      " by (job)",
      "rate(",
      "sum(",
      "{job=\"j1\"}",
      "1",
      "\"s\"",
      ",",
      " bool ",
      "abs("
    };
    int evaluated = 0;
    for (String expr : exprs) {
      evaluate(s, expr);
      evaluated++;
      for (int k = 0; k < 3; k++) {
        StringBuilder m = new StringBuilder(expr);
        int pos = random.nextInt(m.length() + 1);
        switch (random.nextInt(3)) {
          case 0 -> m.insert(pos, inserts[random.nextInt(inserts.length)]);
          case 1 -> {
            if (pos < m.length()) {
              m.deleteCharAt(pos);
            }
          }
          default -> m.replace(0, Math.min(pos, m.length()), "");
        }
        evaluate(s, m.toString());
        evaluated++;
      }
    }
    assertThat(evaluated).isGreaterThan(8000);
  }
}
