/**
 * The one query path over any {@link io.argus.tsdb.BlockReader} (persisted block, head, head
 * range): {@link io.argus.tsdb.querier.BlockQuerier} yields samples, {@link
 * io.argus.tsdb.querier.BlockChunkQuerier} chunks, both trimmed to the querier's closed range and
 * with tombstoned samples hidden; {@link io.argus.tsdb.querier.BlockQueriers} merges the queriers
 * of several blocks.
 */
@NullMarked
package io.argus.tsdb.querier;

import org.jspecify.annotations.NullMarked;
