package io.argus.app.server;

import io.argus.storage.Appendable;
import io.argus.storage.ChunkQueryable;
import io.argus.storage.Queryable;
import io.argus.util.Clock;
import io.argus.web.api.TsdbAdmin;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The storage an {@code argus server} runs on. It is opened once during start-up, before the server
 * reports ready, and closed once during shutdown, after the HTTP server has stopped. While open it
 * owns its data directory exclusively: a second server on the same directory must fail to open it.
 * Implementations are thread-safe.
 */
public interface ServerStorage extends AutoCloseable {
  /** The data directory this storage owns. */
  Path directory();

  /**
   * Where scraped samples are appended while the storage is open, or null if this storage takes
   * none (then the server cannot scrape).
   */
  default @Nullable Appendable appendable() {
    return null;
  }

  /** What queries read while the storage is open, or null if this storage cannot be queried. */
  default @Nullable Queryable queryable() {
    return null;
  }

  /** What remote read selects chunks from while the storage is open, or null. */
  default @Nullable ChunkQueryable chunkQueryable() {
    return null;
  }

  /** The status and admin operations of a TSDB, or null if this storage has none. */
  default @Nullable TsdbAdmin tsdbAdmin() {
    return null;
  }

  /**
   * Flushes what must survive a restart and releases the directory. Calling it again does nothing.
   */
  @Override
  void close() throws IOException;

  /** Opens a {@link ServerStorage}; the server calls it exactly once. */
  @FunctionalInterface
  interface Factory {
    /**
     * Opens the storage in {@code options.directory()}, creating the directory if needed.
     *
     * @param clock the time source for everything the storage does
     * @param registry where the storage registers its own metrics
     * @throws IOException if the storage cannot be opened; the message says why in Prometheus'
     *     wording, e.g. {@code lock DB directory: resource temporarily unavailable}
     */
    ServerStorage open(StorageOptions options, Clock clock, PrometheusRegistry registry)
        throws IOException;
  }
}
