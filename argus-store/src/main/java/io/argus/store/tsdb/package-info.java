/**
 * The StoreAPI over a local TSDB: {@link io.argus.store.tsdb.TsdbStore} serves the series of a
 * {@link io.argus.storage.ChunkQueryable} with the server's external labels attached, as Thanos'
 * sidecar and TSDB store do.
 */
@NullMarked
package io.argus.store.tsdb;

import org.jspecify.annotations.NullMarked;
