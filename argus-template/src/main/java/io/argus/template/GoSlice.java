package io.argus.template;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Go slice as templates see it: {@code range}, {@code index}, {@code len} and {@code slice} work
 * on it and it prints as {@code [a b]}. A named slice type may carry methods (e.g. Alertmanager's
 * {@code .Alerts.Firing}); a field-style access calls them. Immutable.
 *
 * @param typeName the Go type, e.g. {@code []interface {}}
 * @param methods the type's methods, or null for none
 */
public record GoSlice(String typeName, List<?> items, @Nullable GoMethods methods) {
  /** A slice type without methods. */
  public GoSlice(String typeName, List<?> items) {
    this(typeName, items, null);
  }
}
