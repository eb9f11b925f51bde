/**
 * Replica deduplication for the global query layer: series whose labels are equal once the replica
 * labels are gone are merged into one, sample by sample. A wrapper over series sets, not a flag
 * inside a store.
 */
@NullMarked
package io.argus.store.dedup;

import org.jspecify.annotations.NullMarked;
