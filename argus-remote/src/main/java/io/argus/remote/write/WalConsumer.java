package io.argus.remote.write;

import io.argus.tsdb.record.RefSeries;
import io.argus.tsdb.record.SampleBatch;
import java.util.List;

/**
 * What a {@link WalWatcher} hands the records it reads to. Called from the watcher's one thread;
 * the lists and batches passed in are reused after each call returns.
 */
interface WalConsumer {
  /** Records {@code series}, read from segment (or checkpoint) {@code segment}. */
  void storeSeries(List<RefSeries> series, int segment);

  /** Notes that {@code series}, found again in checkpoint {@code segment}, are still live. */
  void updateSeriesSegment(List<RefSeries> series, int segment);

  /** Forgets series last seen in a segment below {@code segment} (a newer checkpoint exists). */
  void seriesReset(int segment);

  /**
   * Takes {@code samples}, blocking until all of them are queued (or deliberately dropped).
   *
   * @return false if the consumer is stopping and did not take them all
   */
  boolean append(SampleBatch samples);

  /**
   * Takes {@code samples} of a backfill (older data, sent after the newest), blocking like {@link
   * #append}.
   *
   * @return false if the consumer is stopping and did not take them all
   */
  boolean appendBackfill(SampleBatch samples);
}
