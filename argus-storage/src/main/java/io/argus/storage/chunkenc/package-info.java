/**
 * Chunk encodings in Prometheus' formats: XOR (Gorilla-style) float chunks and their iterators.
 * Byte layouts are documented in docs/format/chunks.md.
 */
@NullMarked
package io.argus.storage.chunkenc;

import org.jspecify.annotations.NullMarked;
