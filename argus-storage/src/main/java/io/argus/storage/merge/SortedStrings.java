package io.argus.storage.merge;

import io.argus.model.labels.Utf8Order;
import java.util.ArrayList;
import java.util.List;

/** Set operations on string lists sorted by UTF-8 bytes. */
final class SortedStrings {
  private SortedStrings() {}

  /** Returns the sorted, distinct union of lists each sorted by {@link Utf8Order}. */
  static List<String> union(List<List<String>> lists) {
    if (lists.isEmpty()) {
      return List.of();
    }
    List<String> acc = lists.get(0);
    for (int i = 1; i < lists.size(); i++) {
      acc = union(acc, lists.get(i));
    }
    return acc;
  }

  private static List<String> union(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a.size() + b.size());
    int i = 0;
    int j = 0;
    while (i < a.size() && j < b.size()) {
      int c = Utf8Order.compare(a.get(i), b.get(j));
      if (c < 0) {
        out.add(a.get(i++));
      } else if (c > 0) {
        out.add(b.get(j++));
      } else {
        out.add(a.get(i++));
        j++;
      }
    }
    out.addAll(a.subList(i, a.size()));
    out.addAll(b.subList(j, b.size()));
    return out;
  }
}
