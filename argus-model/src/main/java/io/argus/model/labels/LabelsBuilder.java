package io.argus.model.labels;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A mutable builder of {@link Labels}. Not thread-safe; reuse one per loop with {@link #reset()}.
 * Setting an empty value deletes the label.
 */
public final class LabelsBuilder {
  private final List<String> names = new ArrayList<>();
  private final List<String> values = new ArrayList<>();

  /** Sets {@code name} to {@code value}; an empty value removes the label. */
  public LabelsBuilder set(String name, String value) {
    int i = names.indexOf(name);
    if (value.isEmpty()) {
      if (i >= 0) {
        names.remove(i);
        values.remove(i);
      }
    } else if (i >= 0) {
      values.set(i, value);
    } else {
      names.add(name);
      values.add(value);
    }
    return this;
  }

  /** Removes the named labels. */
  public LabelsBuilder delete(String... toDelete) {
    for (String n : toDelete) {
      set(n, "");
    }
    return this;
  }

  public @Nullable String get(String name) {
    int i = names.indexOf(name);
    return i < 0 ? null : values.get(i);
  }

  /** Removes every label. */
  public LabelsBuilder reset() {
    names.clear();
    values.clear();
    return this;
  }

  /** Returns the labels set so far, sorted by name. */
  public Labels build() {
    int n = names.size();
    if (n == 0) {
      return Labels.EMPTY;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Utf8Order.compare(names.get(a), names.get(b)));
    String[] pairs = new String[n * 2];
    for (int i = 0; i < n; i++) {
      pairs[2 * i] = names.get(order[i]);
      pairs[2 * i + 1] = values.get(order[i]);
    }
    return Labels.ofSortedPairs(pairs);
  }
}
