/**
 * {@code argus query}: the global query layer (Thanos Query) over StoreAPI endpoints and plain
 * Prometheus servers, with replica deduplication, partial response, the HTTP API v1 and the web UI.
 */
@NullMarked
package io.argus.app.query;

import org.jspecify.annotations.NullMarked;
