/**
 * Encoding helpers for the on-disk formats: big-endian integers, Go-compatible varints,
 * length-prefixed strings and CRC32C framing.
 */
@NullMarked
package io.argus.tsdb.encoding;

import org.jspecify.annotations.NullMarked;
