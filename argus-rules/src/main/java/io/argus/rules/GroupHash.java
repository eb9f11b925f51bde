package io.argus.rules;

import io.argus.model.labels.LabelHash;

/**
 * The hash Prometheus gives a rule group: the label-set hash ({@link LabelHash}) of {@code
 * {file=<file>, name=<name>}}. Equal files and names give equal evaluation offsets on every
 * replica. Stateless.
 */
final class GroupHash {
  private GroupHash() {}

  /** The group's hash as an unsigned 64-bit value held in a long. */
  static long of(String file, String name) {
    return LabelHash.ofSortedPairs("file", file, "name", name);
  }
}
