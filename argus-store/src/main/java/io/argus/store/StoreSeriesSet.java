package io.argus.store;

import io.argus.storage.ChunkSeriesSet;

/**
 * The stream of one {@code Series} call: chunk series sorted by labels, each complete, with chunks
 * sorted by min time (chunks may reach outside the requested range; readers trim). Single-threaded;
 * must be closed, which cancels the call if it is still running. {@link #next()} throws {@link
 * StoreException} when the store fails mid-stream under the ABORT strategy; under WARN the failure
 * ends the stream and shows in {@link #warnings()}.
 *
 * <p>The chunks of the series returned are immutable: their bytes never change afterwards, so they
 * may be held, and sent without a copy, after {@link #next()} moved on (the TSDB's queriers hand
 * out snapshots: block chunks are read into arrays of their own and the head copies its open
 * chunk; remote stores' chunks are ranges of received frames that are never written).
 */
public interface StoreSeriesSet extends ChunkSeriesSet, AutoCloseable {
  @Override
  void close();
}
