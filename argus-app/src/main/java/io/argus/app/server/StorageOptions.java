package io.argus.app.server;

import java.nio.file.Path;

/**
 * How the server's storage is to be opened, from the {@code --storage.tsdb.*} flags.
 *
 * @param directory the data directory ({@code --storage.tsdb.path}); created if missing
 * @param retentionMillis how long to keep samples, in milliseconds; 0 means no time limit
 * @param retentionBytes the maximum bytes of blocks to keep; 0 means no size limit
 */
public record StorageOptions(Path directory, long retentionMillis, long retentionBytes) {
  public StorageOptions {
    if (retentionMillis < 0 || retentionBytes < 0) {
      throw new IllegalArgumentException("retention must not be negative");
    }
  }
}
