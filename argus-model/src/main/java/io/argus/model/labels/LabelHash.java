package io.argus.model.labels;

import io.argus.util.XxHash64;
import java.nio.charset.StandardCharsets;

/**
 * The hash Prometheus' {@code labels.Labels.Hash} gives a label set, which Alertmanager's
 * notification log and Prometheus' rule-group offsets use too: XXH64 (seed 0) over each name and
 * value in sorted order, each followed by the byte {@code 0xff}. Stateless and thread-safe.
 */
public final class LabelHash {
  private LabelHash() {}

  /** The hash of {@code labels}. */
  public static long of(Labels labels) {
    String[] pairs = new String[labels.size() * 2];
    for (int i = 0; i < labels.size(); i++) {
      pairs[2 * i] = labels.name(i);
      pairs[2 * i + 1] = labels.value(i);
    }
    return ofSortedPairs(pairs);
  }

  /**
   * The hash of the label set given as names and values already sorted by name; unlike {@link
   * Labels#of(String...)} empty values are kept, as upstream keeps them.
   */
  public static long ofSortedPairs(String... namesAndValues) {
    byte[][] parts = new byte[namesAndValues.length][];
    int len = 0;
    for (int i = 0; i < parts.length; i++) {
      parts[i] = namesAndValues[i].getBytes(StandardCharsets.UTF_8);
      len += parts[i].length + 1;
    }
    byte[] buf = new byte[len];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, buf, pos, p.length);
      pos += p.length;
      buf[pos++] = (byte) 0xff;
    }
    return XxHash64.hash(buf, 0, len);
  }
}
