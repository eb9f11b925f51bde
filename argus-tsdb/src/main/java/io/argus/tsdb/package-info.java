/**
 * The time-series database: the head, persisted blocks and the database that owns both. Formats
 * are Prometheus' byte for byte (docs/format/).
 */
@NullMarked
package io.argus.tsdb;

import org.jspecify.annotations.NullMarked;
