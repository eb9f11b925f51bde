package io.argus.promql;

import io.argus.model.labels.Labels;

/**
 * An instant-vector series during evaluation: a value per evaluation step, present or not. The
 * arrays have one slot per step. Mutable, confined to one evaluation.
 */
final class StepSeries {
  Labels labels;
  boolean dropName;
  final double[] values;
  final boolean[] present;
  int count;

  StepSeries(Labels labels, boolean dropName, int steps) {
    this.labels = labels;
    this.dropName = dropName;
    this.values = new double[steps];
    this.present = new boolean[steps];
  }

  void set(int step, double v) {
    if (!present[step]) {
      present[step] = true;
      count++;
    }
    values[step] = v;
  }
}
