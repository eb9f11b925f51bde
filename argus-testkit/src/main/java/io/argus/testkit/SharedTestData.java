package io.argus.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the project's shared test data (the {@code shared/} folder beside the checkout, passed
 * to tests as the system property {@code argus.shared.dir}). Every method skips the calling test,
 * with a message, when the data is absent, and never fails it.
 */
public final class SharedTestData {
  /** The ULID of the promtool-made sample block. */
  public static final String SAMPLE_BLOCK_ULID = "01M8CZ7T5ZJ407XXGJFF1RGFF5";

  private SharedTestData() {}

  /**
   * Returns {@code testdata/prom-block-sample}: the sample block, its {@code input.om} and its
   * {@code promtool-dump.txt}.
   */
  public static Path sampleDir() {
    String shared = System.getProperty("argus.shared.dir");
    assumeTrue(shared != null, "system property argus.shared.dir not set; skipping");
    Path dir = Path.of(shared, "testdata", "prom-block-sample");
    assumeTrue(Files.isDirectory(dir.resolve(SAMPLE_BLOCK_ULID)), dir + " is absent; skipping");
    return dir;
  }

  /** Returns the sample block's directory ({@code meta.json}, {@code index}, …). */
  public static Path sampleBlock() {
    return sampleDir().resolve(SAMPLE_BLOCK_ULID);
  }
}
