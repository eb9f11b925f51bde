package io.argus.tsdb.wal;

import io.argus.tsdb.fs.FileOps;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segments that readers outside the head (remote-write queues) have not read yet, held back from
 * WAL truncation up to a disk budget.
 *
 * <p>Each reader takes a {@link Hold} and moves it forward as it reads: the hold names the oldest
 * segment whose samples the reader still needs. When the head truncates its WAL it asks {@link
 * #truncationBound} how far it may go: not into a held segment, unless the held segments that the
 * head alone would have deleted add up to more than the budget; then the oldest of them go first,
 * with a warning and {@code argus_tsdb_wal_held_segments_dropped_total}.
 *
 * <p>Thread-safe. A budget of 0 holds nothing (Prometheus' behaviour).
 */
public final class WalRetention {
  private static final Logger logger = LoggerFactory.getLogger(WalRetention.class);

  private final long budgetBytes;
  private final List<Hold> holds = new ArrayList<>();
  private final Counter dropped;
  private final Gauge heldBytes;

  /**
   * @param budgetBytes the most bytes of segments kept only for readers; 0 keeps none
   * @param registry where {@code argus_tsdb_wal_held_segments_dropped_total} and {@code
   *     argus_tsdb_wal_held_bytes} are registered
   */
  public WalRetention(long budgetBytes, PrometheusRegistry registry) {
    if (budgetBytes < 0) {
      throw new IllegalArgumentException("wal budget must not be negative");
    }
    this.budgetBytes = budgetBytes;
    this.dropped =
        Counter.builder()
            .name("argus_tsdb_wal_held_segments_dropped_total")
            .help(
                "WAL segments deleted by truncation although a remote-write queue had not read"
                    + " them, because the WAL budget was exceeded.")
            .register(registry);
    this.heldBytes =
        Gauge.builder()
            .name("argus_tsdb_wal_held_bytes")
            .help(
                "Bytes of WAL segments kept at the last truncation only because a remote-write"
                    + " queue had not read them.")
            .register(registry);
  }

  /** The budget in bytes. */
  public long budgetBytes() {
    return budgetBytes;
  }

  /** A reader's claim on segments from {@link #from()} on. Thread-safe. */
  public final class Hold implements AutoCloseable {
    private final String reader;
    private volatile int from = Integer.MAX_VALUE;

    private Hold(String reader) {
      this.reader = reader;
    }

    /** Holds segments from {@code segment} on; {@link Integer#MAX_VALUE} holds none. */
    public void from(int segment) {
      from = segment;
    }

    /** The oldest segment held. */
    public int from() {
      return from;
    }

    /** Releases the hold. Idempotent. */
    @Override
    public void close() {
      synchronized (WalRetention.this) {
        holds.remove(this);
      }
    }

    @Override
    public String toString() {
      return reader + "@" + from;
    }
  }

  /** Takes a hold for {@code reader} (a name for log lines); it holds nothing until moved. */
  public synchronized Hold hold(String reader) {
    Hold h = new Hold(reader);
    holds.add(h);
    return h;
  }

  /** The oldest segment any reader holds, {@link Integer#MAX_VALUE} when none. */
  public synchronized int oldestHeld() {
    int min = Integer.MAX_VALUE;
    for (Hold h : holds) {
      min = Math.min(min, h.from);
    }
    return min;
  }

  /**
   * How far a truncation that wants to checkpoint and delete segments {@code first..to} may go.
   *
   * @return the last segment that may be deleted, at most {@code to}; below {@code first} when none
   */
  public int truncationBound(FileOps files, Path walDir, int first, int to) throws IOException {
    int held = oldestHeld();
    if (budgetBytes == 0 || held > to) {
      heldBytes.set(0);
      return to;
    }
    int bound = Math.max(first, held) - 1;
    long[] sizes = new long[to - bound];
    long total = 0;
    for (int s = bound + 1; s <= to; s++) {
      Path p = SegmentFiles.path(walDir, s);
      long size = files.exists(p) ? files.size(p) : 0;
      sizes[s - bound - 1] = size;
      total += size;
    }
    int keptFrom = bound + 1;
    while (total > budgetBytes && keptFrom <= to) {
      total -= sizes[keptFrom - bound - 1];
      keptFrom++;
    }
    heldBytes.set(total);
    if (keptFrom > bound + 1) {
      int n = keptFrom - bound - 1;
      dropped.inc(n);
      logger
          .atWarn()
          .addKeyValue("first", bound + 1)
          .addKeyValue("last", keptFrom - 1)
          .addKeyValue("budget_bytes", budgetBytes)
          .addKeyValue("holds", holdsText())
          .log("wal budget exceeded, deleting segments a remote-write queue has not sent");
    }
    return keptFrom - 1;
  }

  private synchronized String holdsText() {
    return holds.toString();
  }
}
