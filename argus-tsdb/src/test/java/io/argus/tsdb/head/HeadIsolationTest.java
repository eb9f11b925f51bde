package io.argus.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.tsdb.head.HeadReads.Sample;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HeadIsolationTest {
  private static final int WRITERS = 2;
  private static final int READERS = 2;
  private static final int SERIES_PER_WRITER = 50;
  private static final int BATCHES = 400;

  @Test
  void commit_concurrentReaders_neverSeeHalfABatch() throws Exception {
    Head head = new Head(HeadOptions.DEFAULTS, new ManualClock(0), null, new PrometheusRegistry());
    List<List<Labels>> groups = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      List<Labels> group = new ArrayList<>();
      for (int i = 0; i < SERIES_PER_WRITER; i++) {
        group.add(Labels.of("__name__", "c", "writer", "w" + w, "i", Integer.toString(i)));
      }
      groups.add(group);
    }
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      List<Labels> group = groups.get(w);
      writers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    await(start);
                    long[] refs = new long[group.size()];
                    for (int b = 1; b <= BATCHES; b++) {
                      Appender app = head.appender();
                      for (int i = 0; i < group.size(); i++) {
                        refs[i] = app.append(refs[i], group.get(i), b * 1000L, b);
                      }
                      app.commit();
                    }
                  }));
    }
    for (int r = 0; r < READERS; r++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    await(start);
                    int reads = 0;
                    while (writing.get() || reads < 3) {
                      reads++;
                      checkConsistent(HeadReads.samples(head), groups, violations);
                    }
                  }));
    }
    start.countDown();
    for (Thread t : writers) {
      t.join();
    }
    writing.set(false);
    for (Thread t : threads) {
      t.join();
    }

    assertThat(violations).isEmpty();
    Map<Labels, List<Sample>> last = HeadReads.samples(head);
    assertThat(last).hasSize(WRITERS * SERIES_PER_WRITER);
    assertThat(last.values()).allSatisfy(s -> assertThat(s).hasSize(BATCHES));
  }

  private static void checkConsistent(
      Map<Labels, List<Sample>> seen,
      List<List<Labels>> groups,
      ConcurrentLinkedQueue<String> out) {
    for (List<Labels> group : groups) {
      Set<Double> latest = new HashSet<>();
      for (Labels ls : group) {
        List<Sample> samples = seen.get(ls);
        latest.add(samples == null || samples.isEmpty() ? 0.0 : samples.getLast().value());
      }
      if (latest.size() != 1) {
        out.add("writer " + group.getFirst().get("writer") + " latest values " + latest);
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
