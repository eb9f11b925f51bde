/**
 * Replica deduplication for the global query layer: series whose labels are equal once the
 * replica labels are gone are merged into one, sample by sample. A wrapper over series sets, not a
 * flag inside a store. {@link io.argus.store.dedup.GapFillDeduplicator} is the default;
 * {@link io.argus.store.dedup.PenaltyDeduplicator} and {@link
 * io.argus.store.dedup.ChainDeduplicator} are Thanos' two algorithms, for compatibility.
 */
@NullMarked
package io.argus.store.dedup;

import org.jspecify.annotations.NullMarked;
