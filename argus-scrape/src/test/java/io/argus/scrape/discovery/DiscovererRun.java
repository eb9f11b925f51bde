package io.argus.scrape.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.util.Cancellation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Runs a discoverer on a virtual thread and collects its updates for assertions. */
final class DiscovererRun implements AutoCloseable {
  private final CancellationSignal signal = new CancellationSignal();
  private final BlockingQueue<List<TargetGroup>> updates = new LinkedBlockingQueue<>();
  private final Map<String, TargetGroup> state = new HashMap<>();
  private final Thread thread;

  DiscovererRun(Discoverer discoverer) {
    thread =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    discoverer.run(signal, updates::add);
                  } catch (Cancellation.CancelledException e) {
                    // Stopped by the test.
                  }
                });
  }

  /** Returns the next update, waiting at most 10 s, and folds it into {@link #state()}. */
  List<TargetGroup> next() throws InterruptedException {
    List<TargetGroup> update = updates.poll(10, TimeUnit.SECONDS);
    assertThat(update).as("update within 10 s").isNotNull();
    for (TargetGroup g : update) {
      if (g.targets().isEmpty()) {
        state.remove(g.source());
      } else {
        state.put(g.source(), g);
      }
    }
    return update;
  }

  /**
   * Returns the next update folded into {@link #state()}, or null when none arrives within {@code
   * timeoutMs}.
   */
  List<TargetGroup> poll(long timeoutMs) throws InterruptedException {
    List<TargetGroup> update = updates.poll(timeoutMs, TimeUnit.MILLISECONDS);
    if (update != null) {
      for (TargetGroup g : update) {
        if (g.targets().isEmpty()) {
          state.remove(g.source());
        } else {
          state.put(g.source(), g);
        }
      }
    }
    return update;
  }

  /** Returns the updates received but not yet taken by {@link #next()}. */
  int pending() {
    return updates.size();
  }

  /** Returns the groups by source after folding every update taken so far. */
  Map<String, TargetGroup> state() {
    return state;
  }

  @Override
  public void close() throws InterruptedException {
    signal.cancel();
    thread.interrupt();
    thread.join(10_000);
    assertThat(thread.isAlive()).as("discoverer stopped").isFalse();
  }
}
