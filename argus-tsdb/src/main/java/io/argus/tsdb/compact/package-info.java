/**
 * Writing blocks and compacting them: {@link io.argus.tsdb.compact.BlockWriter} persists a range of
 * any {@link io.argus.tsdb.BlockReader} (the head, or several blocks merged) as a block directory;
 * {@link io.argus.tsdb.compact.LeveledCompactor} plans and runs Prometheus' leveled and vertical
 * compactions.
 */
@NullMarked
package io.argus.tsdb.compact;

import org.jspecify.annotations.NullMarked;
