package io.argus.store.grpc;

import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkQuerier;
import io.argus.storage.ChunkQueryable;
import io.argus.storage.ChunkSeries;
import io.argus.storage.ChunkSeriesSet;
import io.argus.storage.SelectHints;
import io.argus.storage.StorageException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real TSDB seen through a window that counts what is read, can fail after some series, add
 * warnings, or hold every select until released: the faults a store must survive.
 */
final class InstrumentedTsdb implements ChunkQueryable {
  private final ChunkQueryable db;
  final AtomicInteger seriesRead = new AtomicInteger();
  final AtomicInteger queriersClosed = new AtomicInteger();
  volatile int failAfterSeries = -1;
  volatile List<String> warnings = List.of();
  volatile CountDownLatch selectGate = new CountDownLatch(0);

  InstrumentedTsdb(ChunkQueryable db) {
    this.db = db;
  }

  @Override
  public ChunkQuerier chunkQuerier(long minTime, long maxTime) {
    ChunkQuerier q = db.chunkQuerier(minTime, maxTime);
    return new ChunkQuerier() {
      @Override
      public ChunkSeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
        try {
          selectGate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StorageException("interrupted");
        }
        ChunkSeriesSet set = q.select(sorted, hints, matchers);
        return new ChunkSeriesSet() {
          private int read;

          @Override
          public boolean next() {
            if (failAfterSeries >= 0 && read >= failAfterSeries) {
              throw new StorageException("block 01TEST: checksum mismatch");
            }
            boolean more = set.next();
            if (more) {
              read++;
              seriesRead.incrementAndGet();
            }
            return more;
          }

          @Override
          public ChunkSeries at() {
            return set.at();
          }

          @Override
          public List<String> warnings() {
            return warnings;
          }
        };
      }

      @Override
      public List<String> labelValues(String name, Matcher... matchers) {
        return q.labelValues(name, matchers);
      }

      @Override
      public List<String> labelNames(Matcher... matchers) {
        return q.labelNames(matchers);
      }

      @Override
      public void close() {
        queriersClosed.incrementAndGet();
        q.close();
      }
    };
  }
}
