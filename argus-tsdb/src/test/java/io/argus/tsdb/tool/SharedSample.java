package io.argus.tsdb.tool;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code shared/testdata/prom-block-sample} (skipping the test when it is absent). */
final class SharedSample {
  static final String BLOCK_ULID = "01M8CZ7T5ZJ407XXGJFF1RGFF5";

  private SharedSample() {}

  /** Returns the sample directory (holding the block, input.om and promtool-dump.txt). */
  static Path dir() {
    String shared = System.getProperty("argus.shared.dir");
    assumeTrue(shared != null, "system property argus.shared.dir not set; skipping");
    Path dir = Path.of(shared, "testdata", "prom-block-sample");
    assumeTrue(Files.isDirectory(dir), dir + " is absent; skipping");
    return dir;
  }

  static Path block() {
    return dir().resolve(BLOCK_ULID);
  }
}
