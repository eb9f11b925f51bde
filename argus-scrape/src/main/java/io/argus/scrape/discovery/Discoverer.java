package io.argus.scrape.discovery;

import io.argus.util.Cancellation;
import java.util.List;
import java.util.function.Consumer;

/**
 * A source of target groups for one discovery configuration.
 *
 * <p>An instance is run at most once, on its own thread.
 */
public interface Discoverer {
  /**
   * Discovers targets until cancelled, blocking the calling thread.
   *
   * <p>Each call of {@code updates} carries complete groups for the sources that changed; a group
   * with no targets means that its source went away, and a source not mentioned keeps its last
   * groups. {@code updates} is called from the running thread only. The method returns (or throws
   * {@link Cancellation.CancelledException}) soon after {@code c} fires or the thread is
   * interrupted.
   *
   * @param c the signal to stop
   * @param updates the receiver of changed groups; never given an empty list
   */
  void run(Cancellation c, Consumer<List<TargetGroup>> updates);
}
