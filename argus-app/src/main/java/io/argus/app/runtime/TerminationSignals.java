package io.argus.app.runtime;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into an event a command can wait for, so that it shuts down in its own
 * thread and exits with status 0 instead of the JVM's default 143/130. A second SIGINT (Ctrl-C
 * pressed twice) halts the process at once with status 1; a SIGTERM after a SIGINT does not, since
 * {@code argus up} sends one to children that already got the terminal's SIGINT. Install once per
 * process. Thread-safe.
 */
public final class TerminationSignals {
  private static final Logger logger = LoggerFactory.getLogger(TerminationSignals.class);
  private static final List<String> SIGNALS = List.of("TERM", "INT");

  private final CompletableFuture<String> received = new CompletableFuture<>();
  private final AtomicInteger interrupts = new AtomicInteger();

  private TerminationSignals() {}

  /** Replaces the JVM's SIGTERM and SIGINT handlers with one that completes {@link #received}. */
  public static TerminationSignals install() {
    TerminationSignals signals = new TerminationSignals();
    for (String name : SIGNALS) {
      try {
        Signal.handle(new Signal(name), signal -> signals.deliver(signal.getName()));
      } catch (IllegalArgumentException e) {
        logger.atDebug().addKeyValue("signal", name).log("signal not supported on this platform");
      }
    }
    return signals;
  }

  /** Completes with the signal's name ({@code TERM} or {@code INT}) once the first one arrives. */
  public CompletableFuture<String> received() {
    return received;
  }

  private void deliver(String name) {
    if (name.equals("INT") && interrupts.incrementAndGet() > 1) {
      logger.atWarn().addKeyValue("signal", name).log("received second interrupt, exiting now");
      Runtime.getRuntime().halt(1);
    }
    received.complete(name);
  }
}
