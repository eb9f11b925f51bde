package io.argus.template;

import java.util.SequencedMap;

/**
 * A Go struct (or pointer to one) as templates see it: exported fields by name, printed as {@code
 * {v1 v2}} (or {@code &{v1 v2}} for a pointer inside {@code print}). Immutable.
 *
 * @param typeName the Go type as {@code %T} prints it
 * @param pointer whether the value is a pointer to the struct
 * @param fields exported field values in declaration order
 */
public record GoStruct(String typeName, boolean pointer, SequencedMap<String, Object> fields) {}
