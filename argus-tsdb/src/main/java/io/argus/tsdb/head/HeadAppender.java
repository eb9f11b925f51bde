package io.argus.tsdb.head;

import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.storage.DuplicateSampleException;
import io.argus.storage.OutOfBoundsException;
import io.argus.storage.OutOfOrderSampleException;
import io.argus.tsdb.encoding.EncBuf;
import io.argus.tsdb.record.SampleBatch;
import java.util.Arrays;

/**
 * One batch of samples for the {@link Head}. Samples are validated on {@link #append} against the
 * committed state of their series: older than the appendable minimum time fixed at creation is
 * out of bounds, older than the series' newest sample out of order, the newest timestamp with
 * other value bits a duplicate; the newest timestamp with the same bits is accepted and ignored.
 * New series are created (and indexed) at once, even if the batch is rolled back. On {@link
 * #commit} the batch is logged to the WAL and applied; samples that became out of order through
 * an earlier sample of the same batch or another batch are dropped and counted. The batch becomes
 * visible to readers all at once. Not thread-safe.
 */
final class HeadAppender implements Appender {
  private final Head head;
  private final long minValidTime;

  private final AppendBuffers buffers;

  /** The series of each sample in {@link #samples}, by index. */
  private MemSeries[] series;

  private final SampleBatch samples;
  private boolean done;

  /** Keeps the JIT from dropping the loads of {@link #prefetchChunks}; never read. */
  @SuppressWarnings("unused")
  private int prefetchSink;

  HeadAppender(Head head, long minValidTime, AppendBuffers buffers) {
    this.head = head;
    this.minValidTime = minValidTime;
    this.buffers = buffers;
    this.series = buffers.series;
    this.samples = buffers.samples;
  }

  /**
   * The growable arrays of one appender, handed back to the head after commit or rollback so that
   * the next appender starts at the size the last batches needed. Not thread-safe: one appender at
   * a time.
   */
  static final class AppendBuffers {
    /** Buffers that grew beyond this many samples are not kept. */
    static final int MAX_POOLED_SAMPLES = 1 << 16;

    MemSeries[] series = new MemSeries[16];
    final SampleBatch samples = new SampleBatch(16);
    final EncBuf record = new EncBuf(256);

    boolean poolable() {
      return series.length <= MAX_POOLED_SAMPLES
          && record.array().length <= 32 * MAX_POOLED_SAMPLES;
    }
  }

  @Override
  public long append(long ref, Labels labels, long t, double v) {
    checkOpen();
    if (t < minValidTime) {
      head.metrics.outOfBoundSamples.inc();
      throw OutOfBoundsException.INSTANCE;
    }
    MemSeries s = ref > 0 ? head.series.getById(ref) : null;
    while (true) {
      if (s == null) {
        if (labels.isEmpty()) {
          throw new IllegalArgumentException("empty labelset: invalid sample");
        }
        s = head.getOrCreate(labels);
      }
      synchronized (s) {
        if (!s.removed) {
          switch (s.appendable(t, v)) {
            case MemSeries.APPENDED -> s.pendingCommits++;
            case MemSeries.DUPLICATE_IGNORED -> {
              return s.id;
            }
            case MemSeries.REJECTED_OUT_OF_ORDER -> {
              head.metrics.outOfOrderSamples.inc();
              throw OutOfOrderSampleException.INSTANCE;
            }
            default -> throw DuplicateSampleException.INSTANCE;
          }
          break;
        }
      }
      s = null; // Removed by garbage collection meanwhile: find or create it anew.
    }
    add(s, t, v);
    return s.id;
  }

  private void add(MemSeries s, long t, double v) {
    int i = samples.size();
    if (i == series.length) {
      series = Arrays.copyOf(series, i * 2);
    }
    series[i] = s;
    samples.add(s.id, t, v);
  }

  @Override
  public void commit() {
    checkOpen();
    done = true;
    if (samples.isEmpty()) {
      release();
      return;
    }
    prefetchChunks();
    try {
      head.logBatch(series, samples, buffers.record.reset());
    } catch (RuntimeException e) {
      releasePending();
      throw e;
    }
    head.applyBatch(series, samples);
    samples.clear();
    release();
  }

  /**
   * Brings the chunk state of every series of the batch into the CPU cache before it is applied:
   * the loads of independent series overlap, while under the series locks in {@link
   * Head#applyBatch} each would be a cache miss of its own, one after the other.
   */
  private void prefetchChunks() {
    int n = samples.size();
    int h = 0;
    for (int i = 0; i < n; i++) {
      h += series[i].prefetchAppend();
    }
    prefetchSink = h;
  }

  /** Hands the (emptied) buffers back to the head for the next appender. */
  private void release() {
    buffers.series = series;
    head.releaseAppendBuffers(buffers);
  }

  @Override
  public void rollback() {
    checkOpen();
    done = true;
    releasePending();
  }

  private void releasePending() {
    int n = samples.size();
    for (int i = 0; i < n; i++) {
      MemSeries s = series[i];
      synchronized (s) {
        s.pendingCommits--;
      }
    }
    Arrays.fill(series, 0, n, null);
    samples.clear();
    release();
  }

  private void checkOpen() {
    if (done) {
      throw new IllegalStateException("appender already committed or rolled back");
    }
  }
}
