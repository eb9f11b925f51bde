package io.argus.store.dedup;

import io.argus.model.labels.Labels;
import io.argus.model.textparse.MetricType;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Calls a series a counter from scraped metadata ({@code # TYPE}), falling back to {@link
 * SuffixCounterClassifier}'s name rule for metrics without known metadata.
 *
 * <p>For metric name {@code m}: if {@code m} itself has a known type, the series is a counter
 * exactly when that type is {@code counter} (the text format names a counter family with its {@code
 * _total}). Otherwise, if {@code m} is a family name plus a suffix and that family has a known
 * type: {@code _total} is a counter for {@code counter} families; {@code _count} and {@code _sum}
 * for {@code histogram} and {@code summary}; {@code _bucket} for {@code histogram} (a gauge
 * histogram's buckets are gauges); any other combination, e.g. {@code _created}, is not. A type of
 * {@code unknown} (or {@code untyped}) counts as no metadata. Thread-safe if the lookup is.
 */
public final class MetadataCounterClassifier implements CounterClassifier {
  private final Function<String, @Nullable MetricType> typeOf;

  /**
   * @param typeOfFamily returns the type a metric family (or sample) name was declared with, or
   *     null when unknown; must be thread-safe
   */
  public MetadataCounterClassifier(Function<String, @Nullable MetricType> typeOfFamily) {
    this.typeOf = typeOfFamily;
  }

  /** Returns a classifier over a fixed map from metric family name to type (copied). */
  public static MetadataCounterClassifier of(Map<String, MetricType> typeOfFamily) {
    Map<String, MetricType> copy = Map.copyOf(typeOfFamily);
    return new MetadataCounterClassifier(copy::get);
  }

  @Override
  public boolean isCounter(Labels series) {
    String name = series.get("__name__");
    if (name == null) {
      return false;
    }
    MetricType own = known(name);
    if (own != null) {
      return own == MetricType.COUNTER;
    }
    int underscore = name.lastIndexOf('_');
    if (underscore > 0) {
      MetricType family = known(name.substring(0, underscore));
      if (family != null) {
        return switch (name.substring(underscore)) {
          case "_total" -> family == MetricType.COUNTER;
          case "_count", "_sum" -> family == MetricType.HISTOGRAM || family == MetricType.SUMMARY;
          case "_bucket" -> family == MetricType.HISTOGRAM;
          default -> false;
        };
      }
    }
    return SuffixCounterClassifier.hasCounterSuffix(name);
  }

  private @Nullable MetricType known(String name) {
    MetricType type = typeOf.apply(name);
    return type == MetricType.UNKNOWN ? null : type;
  }
}
