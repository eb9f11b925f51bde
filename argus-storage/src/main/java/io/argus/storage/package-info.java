/**
 * The storage seam every component talks through: {@link io.argus.storage.Queryable} opens a
 * {@link io.argus.storage.Querier} that selects a {@link io.argus.storage.SeriesSet} of {@link
 * io.argus.storage.Series}, iterated with a {@link io.argus.storage.SampleIterator}; {@link
 * io.argus.storage.Appendable} hands out batch {@link io.argus.storage.Appender}s. Timestamps are
 * Unix milliseconds, ranges inclusive.
 */
@NullMarked
package io.argus.storage;

import org.jspecify.annotations.NullMarked;
