package io.argus.storage;

import java.util.List;

/**
 * A cursor over series. Single-threaded. Errors surface as {@link StorageException} from
 * {@link #next()}.
 */
public interface SeriesSet {
  /** Advances to the next series; returns false when exhausted. */
  boolean next();

  /** Returns the current series; valid until the next call to {@link #next()}. */
  Series at();

  /** Returns warnings collected so far (never null); readable even after a failure. */
  default List<String> warnings() {
    return List.of();
  }
}
