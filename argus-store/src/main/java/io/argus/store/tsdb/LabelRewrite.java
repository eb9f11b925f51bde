package io.argus.store.tsdb;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Utf8Order;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Turns a stored series' labels into the labels a store answers with: the labels named in {@code
 * without} are removed, then the external labels (minus {@code without}) are set, replacing a
 * series label of the same name, as Thanos' stores do. Immutable and thread-safe.
 */
final class LabelRewrite {
  private final Set<String> without;
  private final Labels external;

  /**
   * @param external the store's external labels
   * @param without the replica labels of the request, to remove from series and external labels
   */
  LabelRewrite(Labels external, Collection<String> without) {
    this.without = Set.copyOf(without);
    if (without.isEmpty()) {
      this.external = external;
    } else {
      this.external = external.toBuilder().delete(without.toArray(String[]::new)).build();
    }
  }

  /** The external labels that are added to every series. */
  Labels external() {
    return external;
  }

  /** The names a stored series must not carry for the store's order to survive the rewrite. */
  List<String> reorderingNames() {
    List<String> names = new ArrayList<>(without);
    for (int i = 0; i < external.size(); i++) {
      names.add(external.name(i));
    }
    return names;
  }

  /** Whether the rewrite changes nothing. */
  boolean identity() {
    return without.isEmpty() && external.isEmpty();
  }

  /** Returns {@code series} rewritten. */
  Labels apply(Labels series) {
    if (identity()) {
      return series;
    }
    int n = series.size();
    int m = external.size();
    String[] out = new String[2 * (n + m)];
    int o = 0;
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && without.contains(series.name(i))) {
        i++;
        continue;
      }
      int c;
      if (i == n) {
        c = 1;
      } else if (j == m) {
        c = -1;
      } else {
        c = Utf8Order.compare(series.name(i), external.name(j));
      }
      if (c < 0) {
        out[o++] = series.name(i);
        out[o++] = series.value(i);
        i++;
      } else {
        out[o++] = external.name(j);
        out[o++] = external.value(j);
        j++;
        if (c == 0) {
          i++;
        }
      }
    }
    if (o < out.length) {
      out = Arrays.copyOf(out, o);
    }
    return Labels.ofSortedPairs(out);
  }
}
