package io.argus.promql;

import io.argus.model.labels.Labels;

/**
 * One float sample of an instant vector.
 *
 * @param labels the series labels
 * @param t timestamp in Unix ms
 * @param v the value
 * @param dropName whether {@code __name__} (with {@code __type__} and {@code __unit__}) is due to
 *     be removed once evaluation finishes (delayed name removal); always false in final results
 */
public record Sample(Labels labels, long t, double v, boolean dropName) {
  public Sample(Labels labels, long t, double v) {
    this(labels, t, v, false);
  }
}
