package io.argus.tsdb.block;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the promtool-made sample block under the shared test data folder. */
final class SharedSample {
  static final String BLOCK = "01M8CZ7T5ZJ407XXGJFF1RGFF5";

  private SharedSample() {}

  /** Returns the sample block directory, or skips the calling test when it is absent. */
  static Path blockDir() {
    String shared = System.getProperty("argus.shared.dir");
    assumeTrue(shared != null, "system property argus.shared.dir not set; skipping sample test");
    Path dir = Path.of(shared, "testdata", "prom-block-sample", BLOCK);
    assumeTrue(Files.isDirectory(dir), "shared sample block " + dir + " absent; skipping");
    return dir;
  }
}
