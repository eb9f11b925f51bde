package io.argus.remote.proto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes protobuf into a growable, reusable byte array. Nested messages are written in place:
 * {@link #beginMessage} reserves one byte for the length, {@link #endMessage} fills it in and moves
 * the body when the length needs more bytes. Not thread-safe; {@link #clear} keeps the buffer.
 */
public final class ProtoWriter {
  private byte[] buf;
  private int size;

  public ProtoWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  public ProtoWriter() {
    this(256);
  }

  public void clear() {
    size = 0;
  }

  public int size() {
    return size;
  }

  /** The backing array; the first {@link #size()} bytes are the output. */
  public byte[] buffer() {
    return buf;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  public void writeVarint(long v) {
    ensure(10);
    while ((v & ~0x7fL) != 0) {
      buf[size++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  public void writeTag(int field, int wireType) {
    writeVarint(WireType.tag(field, wireType));
  }

  public void writeFixed64(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
  }

  /** A varint field, omitted when 0 (proto3 default). */
  public void varintField(int field, long v) {
    if (v != 0) {
      writeTag(field, WireType.VARINT);
      writeVarint(v);
    }
  }

  /** An int32 field: negative values take ten bytes, as protobuf writes them. */
  public void int32Field(int field, int v) {
    varintField(field, v);
  }

  /** A double field, omitted when its bits are +0.0 (proto3 default); NaN payloads are kept. */
  public void doubleField(int field, double v) {
    long bits = Double.doubleToRawLongBits(v);
    if (bits != 0) {
      writeTag(field, WireType.FIXED64);
      writeFixed64(bits);
    }
  }

  /** A string field, omitted when empty. */
  public void stringField(int field, String s) {
    if (!s.isEmpty()) {
      writeTag(field, WireType.LEN);
      writeString(s);
    }
  }

  /** A string element of a repeated field: written even when empty. */
  public void repeatedStringField(int field, String s) {
    writeTag(field, WireType.LEN);
    writeString(s);
  }

  /** A bytes field, omitted when empty. */
  public void bytesField(int field, byte[] b, int off, int len) {
    if (len > 0) {
      writeTag(field, WireType.LEN);
      writeVarint(len);
      ensure(len);
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }
  }

  /** Appends raw bytes. */
  public void writeRaw(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  private void writeString(String s) {
    int n = s.length();
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      writeVarint(n);
      ensure(n);
      for (int i = 0; i < n; i++) {
        buf[size++] = (byte) s.charAt(i);
      }
    } else {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      writeVarint(b.length);
      writeRaw(b, 0, b.length);
    }
  }

  /** Starts a length-delimited field {@code field}; returns a marker for {@link #endMessage}. */
  public int beginMessage(int field) {
    writeTag(field, WireType.LEN);
    ensure(1);
    int marker = size;
    size++;
    return marker;
  }

  /** Ends the field started by {@link #beginMessage}, writing its length. */
  public void endMessage(int marker) {
    int len = size - marker - 1;
    int lenBytes = varintSize(len);
    if (lenBytes > 1) {
      ensure(lenBytes - 1);
      System.arraycopy(buf, marker + 1, buf, marker + lenBytes, len);
      size += lenBytes - 1;
    }
    int p = marker;
    long v = len;
    while ((v & ~0x7fL) != 0) {
      buf[p++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[p] = (byte) v;
  }

  static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7fL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }
}
