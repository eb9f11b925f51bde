package io.argus.remote.write;

import io.argus.model.labels.Labels;
import io.argus.tsdb.record.RefSeries;
import io.argus.tsdb.record.SampleBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Keeps what a {@link WalWatcher} hands over, for assertions. */
class RecordingConsumer implements WalConsumer {
  record Sample(long ref, long t, double v) {}

  final Map<Long, Labels> series = new HashMap<>();
  final Map<Long, Integer> seriesSegment = new HashMap<>();
  final List<Sample> samples = new ArrayList<>();
  final List<Integer> resets = new ArrayList<>();

  @Override
  public synchronized void storeSeries(List<RefSeries> list, int segment) {
    for (RefSeries s : list) {
      series.put(s.ref(), s.labels());
      seriesSegment.put(s.ref(), segment);
    }
    notifyAll();
  }

  @Override
  public synchronized void updateSeriesSegment(List<RefSeries> list, int segment) {
    for (RefSeries s : list) {
      seriesSegment.put(s.ref(), segment);
    }
  }

  @Override
  public synchronized void seriesReset(int segment) {
    resets.add(segment);
    notifyAll();
  }

  @Override
  public synchronized boolean append(SampleBatch b) {
    for (int i = 0; i < b.size(); i++) {
      samples.add(new Sample(b.ref(i), b.t(i), b.value(i)));
    }
    notifyAll();
    return true;
  }

  final List<Sample> backfilled = new ArrayList<>();

  @Override
  public synchronized boolean appendBackfill(SampleBatch b) {
    for (int i = 0; i < b.size(); i++) {
      backfilled.add(new Sample(b.ref(i), b.t(i), b.value(i)));
    }
    notifyAll();
    return true;
  }

  synchronized List<Sample> backfilled() {
    return List.copyOf(backfilled);
  }

  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** Waits (at most 30 s) until {@code condition} holds; false if it never did. */
  synchronized boolean await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      // Conditions may also depend on state changed without a notification (metrics).
      TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)));
    }
    return true;
  }
}
