/** Chunk segment files of blocks (chunks/000001 …): writer, mmap-backed reader, chunk references. */
@NullMarked
package io.argus.tsdb.chunks;

import org.jspecify.annotations.NullMarked;
