package io.argus.scrape.discovery;

import io.argus.util.Cancellation;
import java.util.List;
import java.util.function.Consumer;

/** Announces a fixed list of groups once, then idles until cancelled. */
public final class StaticDiscoverer implements Discoverer {
  private final List<TargetGroup> groups;
  private final Waiter waiter;

  /** Creates a discoverer announcing {@code groups}, idling on {@code waiter}. */
  public StaticDiscoverer(List<TargetGroup> groups, Waiter waiter) {
    this.groups = List.copyOf(groups);
    this.waiter = waiter;
  }

  @Override
  public void run(Cancellation c, Consumer<List<TargetGroup>> updates) {
    c.check();
    if (!groups.isEmpty()) {
      updates.accept(groups);
    }
    Wakeup never = new Wakeup();
    while (true) {
      waiter.await(never, Long.MAX_VALUE, c);
    }
  }
}
