package io.argus.remote.proto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over protobuf bytes in {@code buf[pos, limit)}. Nested messages are read by narrowing
 * the limit ({@link #pushLimit}) and restoring it ({@link #popLimit}). Every read checks bounds and
 * fails with a {@link ProtoException}. Not thread-safe; reusable through {@link #reset}.
 */
public final class ProtoReader {
  private byte[] buf = new byte[0];
  private int pos;
  private int limit;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  /** Points the reader at {@code buf[off, off + len)}. */
  public ProtoReader reset(byte[] buf, int off, int len) {
    if (off < 0 || len < 0 || off + len > buf.length) {
      throw new IndexOutOfBoundsException("bad range " + off + "+" + len);
    }
    this.buf = buf;
    this.pos = off;
    this.limit = off + len;
    return this;
  }

  public byte[] buffer() {
    return buf;
  }

  public int position() {
    return pos;
  }

  public void position(int p) {
    this.pos = p;
  }

  public int limit() {
    return limit;
  }

  public boolean hasRemaining() {
    return pos < limit;
  }

  /**
   * Reads a field tag; returns it ({@code field << 3 | wireType}).
   *
   * @throws ProtoException on field number 0 or a wire type that is not defined
   */
  public int readTag() {
    long tag = readVarint64();
    if (tag > Integer.MAX_VALUE || (tag >>> 3) == 0) {
      throw new ProtoException("invalid field number " + (tag >>> 3));
    }
    int wt = (int) (tag & 7);
    if (wt == 6 || wt == 7) {
      throw new ProtoException("invalid wire type " + wt + " for field " + (tag >>> 3));
    }
    return (int) tag;
  }

  public long readVarint64() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        throw new ProtoException("unexpected end of input in varint");
      }
      byte b = buf[pos++];
      if (shift == 63 && (b & 0xfe) != 0) {
        throw new ProtoException("varint overflows 64 bits");
      }
      result |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new ProtoException("varint overflows 64 bits");
  }

  /** Reads a uint32 varint; values above 2^32-1 are an error. Returned as a non-negative long. */
  public long readUint32() {
    long v = readVarint64();
    if ((v >>> 32) != 0) {
      throw new ProtoException("uint32 value out of range: " + Long.toUnsignedString(v));
    }
    return v;
  }

  /** Reads an int32 varint (negative values are sign-extended to 64 bits on the wire). */
  public int readInt32() {
    return (int) readVarint64();
  }

  public long readFixed64() {
    if (limit - pos < 8) {
      throw new ProtoException("unexpected end of input in fixed64");
    }
    long v =
        (buf[pos] & 0xffL)
            | (buf[pos + 1] & 0xffL) << 8
            | (buf[pos + 2] & 0xffL) << 16
            | (buf[pos + 3] & 0xffL) << 24
            | (buf[pos + 4] & 0xffL) << 32
            | (buf[pos + 5] & 0xffL) << 40
            | (buf[pos + 6] & 0xffL) << 48
            | (buf[pos + 7] & 0xffL) << 56;
    pos += 8;
    return v;
  }

  public double readDouble() {
    return Double.longBitsToDouble(readFixed64());
  }

  /** Reads the length prefix of a length-delimited field and checks it fits; returns it. */
  public int readLength() {
    long len = readVarint64();
    if (len < 0 || len > limit - pos) {
      throw new ProtoException(
          "length " + Long.toUnsignedString(len) + " exceeds the " + (limit - pos) + " bytes left");
    }
    return (int) len;
  }

  /** Reads a length prefix and narrows the limit to it; returns the old limit for popLimit. */
  public int pushLimit() {
    int len = readLength();
    int old = limit;
    limit = pos + len;
    return old;
  }

  /**
   * Moves to the nested message {@code buf[off, off + len)} (inside the current limit, e.g. one
   * read earlier) and narrows the limit to it; returns the old limit for popLimit.
   */
  public int pushLimit(int off, int len) {
    int old = limit;
    pos = off;
    limit = off + len;
    return old;
  }

  /** Restores the limit saved by {@link #pushLimit} after the nested message was consumed. */
  public void popLimit(int oldLimit) {
    pos = limit;
    limit = oldLimit;
  }

  /** Reads a length-delimited UTF-8 string; invalid UTF-8 is an error. */
  public String readString() {
    int len = readLength();
    String s = string(pos, len);
    pos += len;
    return s;
  }

  /** Decodes {@code buf[off, off+len)} as strict UTF-8. */
  public String string(int off, int len) {
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (buf[i] < 0) {
        return decodeUtf8(off, len);
      }
    }
    return new String(buf, off, len, StandardCharsets.ISO_8859_1);
  }

  private String decodeUtf8(int off, int len) {
    try {
      CharBuffer cb = utf8.reset().decode(ByteBuffer.wrap(buf, off, len));
      return cb.toString();
    } catch (CharacterCodingException e) {
      throw new ProtoException("invalid UTF-8 in string field");
    }
  }

  /** Skips the value of a field with {@code wireType}; groups are rejected. */
  public void skip(int tag) {
    int wt = tag & 7;
    switch (wt) {
      case WireType.VARINT -> readVarint64();
      case WireType.FIXED64 -> skipBytes(8);
      case WireType.LEN -> {
        int n = readLength(); // read before pos: a compound assignment would use the old pos
        pos += n;
      }
      case WireType.FIXED32 -> skipBytes(4);
      default ->
          throw new ProtoException(
              "unsupported " + WireType.name(wt) + " for field " + (tag >>> 3));
    }
  }

  private void skipBytes(int n) {
    if (limit - pos < n) {
      throw new ProtoException("unexpected end of input");
    }
    pos += n;
  }

  /** Fails unless {@code tag} has {@code wireType}; {@code what} names the field. */
  public static void expect(int tag, int wireType, String what) {
    if ((tag & 7) != wireType) {
      throw new ProtoException(
          "wrong wire type "
              + WireType.name(tag & 7)
              + " for "
              + what
              + " (field "
              + (tag >>> 3)
              + "), want "
              + WireType.name(wireType));
    }
  }
}
