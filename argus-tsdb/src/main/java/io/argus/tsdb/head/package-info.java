/**
 * The in-memory head of the TSDB: recent samples per series in XOR chunks, the appender with
 * validation and isolation (a query never sees half a committed batch), WAL logging and replay,
 * and truncation once the oldest data has been compacted into a block. The head and its {@link
 * io.argus.tsdb.head.RangeHead} views are {@link io.argus.tsdb.BlockReader}s, so one querier path
 * serves them and persisted blocks alike.
 */
@NullMarked
package io.argus.tsdb.head;

import org.jspecify.annotations.NullMarked;
