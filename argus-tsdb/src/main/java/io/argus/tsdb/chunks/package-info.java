/**
 * Chunk segment files of blocks (chunks/000001 …): writer, mmap-backed reader, chunk references;
 * and the head chunk files (chunks_head/) that hold the head's full chunks outside the Java heap.
 */
@NullMarked
package io.argus.tsdb.chunks;

import org.jspecify.annotations.NullMarked;
