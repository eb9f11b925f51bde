/**
 * Merging of several storages' answers into one: {@link io.argus.storage.merge.Queriers#merge}
 * combines sorted series sets and same-labelled series sample by sample, {@link
 * io.argus.storage.merge.ChunkQueriers#merge} does the same for chunk series and re-encodes
 * overlapping chunks (the compacting merge of vertical compaction). Also the null and list-backed
 * series sets of {@link io.argus.storage.merge.SeriesSets}.
 */
@NullMarked
package io.argus.storage.merge;

import org.jspecify.annotations.NullMarked;
