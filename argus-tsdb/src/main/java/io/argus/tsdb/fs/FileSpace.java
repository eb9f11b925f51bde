package io.argus.tsdb.fs;

/**
 * The size of a file system and the part of it this process may still write.
 *
 * @param totalBytes the size of the file system, in bytes
 * @param usableBytes the bytes available to this process (what {@code df} calls available)
 */
public record FileSpace(long totalBytes, long usableBytes) {}
