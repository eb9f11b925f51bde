package io.argus.alertmanager.state;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Appends primitive values to a growing byte array in the state codec's encoding: unsigned LEB128
 * varints, zig-zag signed varints, length-prefixed UTF-8 strings and instants as (seconds,
 * nanoseconds). Not thread-safe; reusable through {@link #reset()}.
 */
public final class EntryWriter {
  private byte[] buf;
  private int size;

  public EntryWriter() {
    this(256);
  }

  public EntryWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Forgets everything written so far. */
  public void reset() {
    size = 0;
  }

  public int size() {
    return size;
  }

  /** Returns a copy of the bytes written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  public void writeByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  public void writeBytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  /** Writes {@code v} as an unsigned varint (negative values take ten bytes). */
  public void writeUvarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  /** Writes {@code v} zig-zag encoded, so small negative values stay short. */
  public void writeVarint(long v) {
    writeUvarint((v << 1) ^ (v >> 63));
  }

  public void writeBoolean(boolean b) {
    writeByte(b ? 1 : 0);
  }

  public void writeString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeUvarint(b.length);
    writeBytes(b, 0, b.length);
  }

  public void writeInstant(Instant t) {
    writeVarint(t.getEpochSecond());
    writeUvarint(t.getNano());
  }

  /** Writes a fixed 4-byte big-endian integer. */
  public void writeInt32(int v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  /** Writes the bytes another writer holds, prefixed by their length. */
  public void writeDelimited(EntryWriter entry) {
    writeUvarint(entry.size);
    writeBytes(entry.buf, 0, entry.size);
  }
}
