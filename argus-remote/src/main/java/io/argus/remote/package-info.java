/**
 * Remote write and remote read: the WAL-driven sender with its shards and queues, the
 * {@code /api/v1/write} receiver with HA deduplication at ingest, and {@code /api/v1/read}.
 */
@NullMarked
package io.argus.remote;

import org.jspecify.annotations.NullMarked;
