package io.argus.web.api;

import io.argus.model.labels.Matcher;
import java.io.IOException;
import java.util.List;

/**
 * What the status and admin endpoints need from the local TSDB. Implementations are thread-safe;
 * every method may block on I/O.
 */
public interface TsdbAdmin {
  /**
   * Writes a snapshot into {@code <data dir>/snapshots/<name>} and returns the name.
   *
   * @param withHead whether the in-memory head is included ({@code skip_head=false})
   */
  String snapshot(boolean withHead) throws IOException;

  /** Marks samples of the matching series in {@code [mint, maxt]} (ms, inclusive) deleted. */
  void deleteSeries(long mint, long maxt, List<Matcher> matchers) throws IOException;

  /** Rewrites blocks with tombstones so deleted data leaves the disk. */
  void cleanTombstones() throws IOException;

  /** Head statistics and the top {@code limit} entries of each cardinality list. */
  TsdbStatus status(int limit);

  /** Progress of the WAL replay at start-up. */
  WalReplayStatus walReplayStatus();

  /** One named count of a cardinality list. */
  record Stat(String name, long value) {}

  /** The head figures of {@code status/tsdb}; times in Unix ms. */
  record HeadStats(
      long numSeries, long numLabelPairs, long chunkCount, long minTime, long maxTime) {}

  /** The data of {@code status/tsdb}; every list sorted by value, largest first. */
  record TsdbStatus(
      HeadStats headStats,
      List<Stat> seriesCountByMetricName,
      List<Stat> labelValueCountByLabelName,
      List<Stat> memoryInBytesByLabelName,
      List<Stat> seriesCountByLabelValuePair) {}

  /** WAL segments: the first and last to replay and the one being replayed. */
  record WalReplayStatus(int min, int max, int current) {}
}
