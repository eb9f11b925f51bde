package io.argus.store.proxy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Removal of replica labels from series, for stores that cannot do it themselves. Sorting uses
 * {@link Labels#compareTo}, the comparator the deduplicators group by, so replicas end up adjacent.
 */
public final class ReplicaLabels {
  private ReplicaLabels() {}

  /** Returns {@code labels} without any of {@code replicaLabels} (the same instance if none). */
  public static Labels strip(Labels labels, List<String> replicaLabels) {
    boolean any = false;
    for (String r : replicaLabels) {
      if (labels.has(r)) {
        any = true;
        break;
      }
    }
    if (!any) {
      return labels;
    }
    LabelsBuilder b = labels.toBuilder();
    b.delete(replicaLabels.toArray(String[]::new));
    return b.build();
  }

  /**
   * Returns the series with {@code replicaLabels} stripped, stably sorted by the stripped labels
   * (so series that became equal keep their relative order).
   */
  public static List<ChunkSeries> stripAndSort(
      List<? extends ChunkSeries> series, List<String> replicaLabels) {
    List<ChunkSeries> out = new ArrayList<>(series.size());
    for (ChunkSeries s : series) {
      Labels stripped = strip(s.labels(), replicaLabels);
      out.add(stripped == s.labels() ? s : new Relabelled(stripped, s.chunks()));
    }
    out.sort(Comparator.comparing(ChunkSeries::labels));
    return out;
  }

  /** A chunk series under other labels. */
  record Relabelled(Labels labels, List<ChunkMeta> chunks) implements ChunkSeries {}
}
