package io.argus.template;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A Go map with string keys as templates see it: field access and {@code index} look keys up,
 * {@code range} visits keys in sorted order, and it prints as {@code map[k:v ...]}. Immutable.
 *
 * @param typeName the Go type, e.g. {@code map[string]string}
 * @param zero the element type's zero value, returned for missing keys under {@code
 *     missingkey=zero} ({@code null} for interface elements)
 * @param methods the methods of a named map type (e.g. Alertmanager's {@code KV.SortedPairs}),
 *     which take precedence over keys of the same name; null for none
 */
public record GoMap(
    String typeName,
    @Nullable Object zero,
    SortedMap<String, Object> entries,
    @Nullable GoMethods methods) {

  /** A map type without methods. */
  public GoMap(String typeName, @Nullable Object zero, SortedMap<String, Object> entries) {
    this(typeName, zero, entries, null);
  }

  /** A {@code map[string]string}. */
  public static GoMap ofStrings(Map<String, String> map) {
    return new GoMap(
        "map[string]string", "", Collections.unmodifiableSortedMap(new TreeMap<>(map)));
  }

  /** A {@code map[string]interface {}}; values are template values. */
  public static GoMap ofValues(Map<String, ?> map) {
    return new GoMap(
        "map[string]interface {}", null, Collections.unmodifiableSortedMap(new TreeMap<>(map)));
  }

  /** Whether {@code zero} stands for a nil interface, so a missing entry has no value. */
  boolean interfaceElements() {
    return typeName.endsWith("interface {}");
  }
}
