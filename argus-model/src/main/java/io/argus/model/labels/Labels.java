package io.argus.model.labels;

import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, sorted set of label name/value pairs identifying a series.
 *
 * <p>Names are unique and sorted by their UTF-8 bytes (see {@link Utf8Order}), which is the order
 * Prometheus uses on disk and on the wire. Instances are thread-safe. Empty values are never
 * stored: a label with an empty value is the same as an absent label, as in Prometheus.
 */
public final class Labels implements Comparable<Labels> {
  private static final String[] NONE = new String[0];
  public static final Labels EMPTY = new Labels(NONE);

  /** name0, value0, name1, value1, … sorted by name. */
  private final String[] pairs;

  private int hash;

  private Labels(String[] pairs) {
    this.pairs = pairs;
  }

  /**
   * Returns labels from alternating names and values, in any order. Empty values are dropped.
   *
   * @throws IllegalArgumentException on an odd count or a repeated name
   */
  public static Labels of(String... namesAndValues) {
    if ((namesAndValues.length & 1) != 0) {
      throw new IllegalArgumentException("odd number of label strings");
    }
    LabelsBuilder b = new LabelsBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (b.get(namesAndValues[i]) != null) {
        throw new IllegalArgumentException("duplicate label name " + namesAndValues[i]);
      }
      b.set(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  /** Returns labels from a map; empty values are dropped. */
  public static Labels of(Map<String, String> map) {
    LabelsBuilder b = new LabelsBuilder();
    map.forEach(b::set);
    return b.build();
  }

  /**
   * Wraps an array of alternating names and values that is already sorted by name (UTF-8 byte
   * order), free of duplicates and empty values. The array must not be modified afterwards.
   */
  public static Labels ofSortedPairs(String[] sortedPairs) {
    return sortedPairs.length == 0 ? EMPTY : new Labels(sortedPairs);
  }

  /** Returns the number of labels. */
  public int size() {
    return pairs.length >> 1;
  }

  public boolean isEmpty() {
    return pairs.length == 0;
  }

  /** Returns the name of the {@code i}-th label in sort order. */
  public String name(int i) {
    return pairs[i << 1];
  }

  /** Returns the value of the {@code i}-th label in sort order. */
  public String value(int i) {
    return pairs[(i << 1) + 1];
  }

  /** Returns the value for {@code name}, or {@code null} when absent. */
  public @Nullable String get(String name) {
    int lo = 0;
    int hi = size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Utf8Order.compare(pairs[mid << 1], name);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return pairs[(mid << 1) + 1];
      }
    }
    return null;
  }

  /** Returns the value for {@code name}, or the empty string when absent. */
  public String getOrEmpty(String name) {
    String v = get(name);
    return v == null ? "" : v;
  }

  public boolean has(String name) {
    return get(name) != null;
  }

  /** Calls {@code action} for each label in sort order. */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < pairs.length; i += 2) {
      action.accept(pairs[i], pairs[i + 1]);
    }
  }

  /** Returns a builder initialised with these labels. */
  public LabelsBuilder toBuilder() {
    LabelsBuilder b = new LabelsBuilder();
    forEach(b::set);
    return b;
  }

  /** Returns a copy of the sorted name/value array. */
  public String[] toPairs() {
    return pairs.clone();
  }

  /**
   * Compares two label sets pairwise (name first, then value) by UTF-8 bytes; a prefix sorts
   * first. This is the series order of Prometheus' index.
   */
  @Override
  public int compareTo(Labels o) {
    int n = Math.min(pairs.length, o.pairs.length);
    for (int i = 0; i < n; i++) {
      int c = Utf8Order.compare(pairs[i], o.pairs[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pairs.length, o.pairs.length);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return this == o || (o instanceof Labels l && Arrays.equals(pairs, l.pairs));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(pairs);
      hash = h;
    }
    return h;
  }

  /** Formats as Prometheus does: {@code {__name__="up", job="a\"b"}}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < pairs.length; i += 2) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(pairs[i]).append('=');
      appendQuoted(sb, pairs[i + 1]);
    }
    return sb.append('}').toString();
  }

  /** Appends {@code s} as a Go-style double-quoted string literal. */
  public static void appendQuoted(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
