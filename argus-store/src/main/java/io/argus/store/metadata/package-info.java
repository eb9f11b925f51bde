/**
 * Metric metadata (type, help and unit of each metric family, as scraped) across the query layer:
 * the {@link io.argus.store.metadata.MetricMetadataSource} contract a store may also fulfil, the
 * fan-out over every endpoint ({@link io.argus.store.metadata.MetadataProxy}) and the refreshed,
 * bounded cache of family types that replica deduplication uses to recognise counters ({@link
 * io.argus.store.metadata.MetricTypeCache}).
 */
@NullMarked
package io.argus.store.metadata;

import org.jspecify.annotations.NullMarked;
