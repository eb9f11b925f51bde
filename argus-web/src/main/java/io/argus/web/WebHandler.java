package io.argus.web;

import org.jspecify.annotations.Nullable;

/**
 * Serves requests independently of any HTTP server. Implementations are thread-safe: requests
 * arrive concurrently, each on its own (virtual) thread, and a handler may block.
 */
@FunctionalInterface
public interface WebHandler {
  /**
   * Answers {@code request}, or returns null when the path is not this handler's, so that the next
   * handler may take it.
   */
  @Nullable WebResponse handle(WebRequest request);
}
