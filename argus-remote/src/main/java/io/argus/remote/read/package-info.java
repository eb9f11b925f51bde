/**
 * The remote-read endpoint ({@code POST /api/v1/read}): decodes a snappy-compressed {@code
 * ReadRequest}, selects from local storage and answers either one snappy-compressed {@code
 * ReadResponse} (SAMPLES) or a stream of CRC32C-checked {@code ChunkedReadResponse} frames holding
 * the stored XOR chunks (STREAMED_XOR_CHUNKS), within the sample, concurrency and frame limits of
 * Prometheus' {@code --storage.remote.read-*} flags.
 */
@NullMarked
package io.argus.remote.read;

import org.jspecify.annotations.NullMarked;
