/**
 * The logical records of Prometheus' write-ahead log: series (type 1), float samples (type 2) and
 * tombstones (type 3), encoded byte for byte as Prometheus does, plus {@link
 * io.argus.tsdb.record.RecordType} to recognise (and skip) every other record type.
 *
 * <p>{@link io.argus.tsdb.record.Records} holds the encoders and decoders. Samples decode into a
 * reusable {@link io.argus.tsdb.record.SampleBatch} of primitive arrays, so WAL replay does not
 * allocate per sample. The container format (pages, fragments, compression) is in {@code
 * io.argus.tsdb.wal}.
 */
@NullMarked
package io.argus.tsdb.record;

import org.jspecify.annotations.NullMarked;
