package io.argus.template;

import java.util.List;

/**
 * A Go slice as templates see it: {@code range}, {@code index}, {@code len} and {@code slice} work
 * on it and it prints as {@code [a b]}. Immutable.
 *
 * @param typeName the Go type, e.g. {@code []interface {}}
 */
public record GoSlice(String typeName, List<?> items) {}
