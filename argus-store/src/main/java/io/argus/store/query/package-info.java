/**
 * PromQL over the StoreAPI: {@link io.argus.store.query.StoreQueryable} turns selects into {@code
 * Series} requests to a store (normally the proxy), decodes the returned chunks into sample
 * iterators trimmed to the query range, and merges replicas with the configured deduplicator.
 * Per-request options (dedup, replica labels, partial response) travel in {@link
 * io.argus.store.query.StoreQueryOptions}, never in global state.
 */
@NullMarked
package io.argus.store.query;

import org.jspecify.annotations.NullMarked;
