package io.argus.storage.merge;

import io.argus.model.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The merge of several cursors of series ({@code C}, yielding series {@code S}) that are each
 * sorted by labels; itself sorted. Series with equal labels from several cursors become one, built
 * by a merge function from the group in ascending cursor order. Subclasses bind it to a concrete
 * set interface. Single-threaded.
 */
abstract class SortedSetMerge<C, S> {
  private final List<C> sets;
  private final Function<C, S> seriesAt;
  private final Function<S, Labels> labelsOf;
  private final Function<C, List<String>> warningsOf;
  private final BiFunction<Labels, List<S>, S> mergeGroup;
  private final LabelledMerge merge;
  private @Nullable S current;

  /**
   * @param next advances a cursor, false when it is exhausted
   * @param seriesAt the series a cursor is positioned on
   * @param labelsOf a series' labels
   * @param warningsOf a cursor's warnings
   * @param mergeGroup makes one series of several (two or more) with the given labels
   */
  SortedSetMerge(
      List<C> sets,
      Predicate<C> next,
      Function<C, S> seriesAt,
      Function<S, Labels> labelsOf,
      Function<C, List<String>> warningsOf,
      BiFunction<Labels, List<S>, S> mergeGroup) {
    this.sets = List.copyOf(sets);
    this.seriesAt = seriesAt;
    this.labelsOf = labelsOf;
    this.warningsOf = warningsOf;
    this.mergeGroup = mergeGroup;
    this.merge =
        new LabelledMerge(this.sets.size()) {
          @Override
          boolean advance(int i) {
            return next.test(SortedSetMerge.this.sets.get(i));
          }

          @Override
          Labels labelsAt(int i) {
            return labelsOf.apply(seriesAt.apply(SortedSetMerge.this.sets.get(i)));
          }
        };
  }

  public final boolean next() {
    current = null;
    if (!merge.nextGroup()) {
      return false;
    }
    int n = merge.groupSize();
    S first = seriesAt.apply(sets.get(merge.groupMember(0)));
    if (n == 1) {
      current = first;
    } else {
      List<S> group = new ArrayList<>(n);
      for (int g = 0; g < n; g++) {
        group.add(seriesAt.apply(sets.get(merge.groupMember(g))));
      }
      current = mergeGroup.apply(labelsOf.apply(first), group);
    }
    return true;
  }

  public final S at() {
    return Objects.requireNonNull(current, "series set is not positioned on a series");
  }

  public final List<String> warnings() {
    List<String> all = new ArrayList<>();
    for (C s : sets) {
      all.addAll(warningsOf.apply(s));
    }
    return all;
  }
}
