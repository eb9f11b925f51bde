package io.argus.store.metadata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metric metadata by family name (in name order), each family's distinct triples in the order they
 * were first seen, with the warnings gathered while collecting them. Immutable.
 */
public record MetadataResult(Map<String, List<MetricMeta>> metadata, List<String> warnings) {
  /** Nothing known, no warnings. */
  public static final MetadataResult EMPTY = new MetadataResult(Map.of(), List.of());

  public MetadataResult {
    Map<String, List<MetricMeta>> copy = new LinkedHashMap<>();
    new TreeMap<>(metadata).forEach((k, v) -> copy.put(k, List.copyOf(v)));
    metadata = java.util.Collections.unmodifiableMap(copy);
    warnings = List.copyOf(warnings);
  }
}
