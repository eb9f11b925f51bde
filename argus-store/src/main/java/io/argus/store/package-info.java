/**
 * The StoreAPI in Java: {@link io.argus.store.SeriesStore} is what the global query layer fans out
 * to — a local TSDB, a remote Argus or Thanos component over gRPC, or a plain Prometheus through
 * remote read. Sub-packages hold the gRPC wire layer, the proxy over many stores and replica
 * deduplication.
 */
@NullMarked
package io.argus.store;

import org.jspecify.annotations.NullMarked;
