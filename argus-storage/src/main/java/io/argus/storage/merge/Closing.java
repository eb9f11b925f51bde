package io.argus.storage.merge;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Closes several resources, all of them even when some fail. */
final class Closing {
  private Closing() {}

  /** Closes every resource in order; rethrows the first failure with later ones suppressed. */
  static void closeAll(List<? extends AutoCloseable> resources) {
    @Nullable RuntimeException first = null;
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        RuntimeException wrapped =
            e instanceof RuntimeException re ? re : new IllegalStateException("close failed", e);
        if (first == null) {
          first = wrapped;
        } else {
          first.addSuppressed(wrapped);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
