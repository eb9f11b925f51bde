package io.argus.web.api;

import io.argus.storage.Queryable;
import io.argus.web.WebRequest;

/**
 * Chooses the storage one API request reads, so that per-request options (a querier's {@code
 * dedup}, {@code replicaLabels[]} and {@code partial_response}) travel with the request rather than
 * in shared state. Thread-safe.
 */
@FunctionalInterface
public interface RequestQueryables {
  /**
   * Returns the queryable for {@code request}.
   *
   * @throws ApiException when a parameter it reads is invalid
   */
  Queryable forRequest(WebRequest request);
}
