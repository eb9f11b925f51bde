package io.argus.app.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGHUP into a configuration reload, as in Prometheus. Each signal runs the reload on a
 * fresh virtual thread so the JVM's signal thread never blocks. Install once per process.
 */
public final class ReloadSignal {
  private static final Logger logger = LoggerFactory.getLogger(ReloadSignal.class);

  private ReloadSignal() {}

  /** Replaces the JVM's SIGHUP handler with one that runs {@code reload}. */
  public static void install(Runnable reload) {
    try {
      Signal.handle(
          new Signal("HUP"),
          signal -> {
            logger.atInfo().addKeyValue("signal", signal.getName()).log("received reload signal");
            Thread.ofVirtual().name("config-reload").start(reload);
          });
    } catch (IllegalArgumentException e) {
      logger.atDebug().addKeyValue("signal", "HUP").log("signal not supported on this platform");
    }
  }
}
