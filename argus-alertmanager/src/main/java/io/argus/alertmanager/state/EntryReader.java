package io.argus.alertmanager.state;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Reads what {@link EntryWriter} wrote from a byte range, failing with a {@link
 * CorruptStateException} that names the offset on truncated or malformed input. Not thread-safe.
 */
public final class EntryReader {
  private final byte[] buf;
  private int pos;
  private final int end;

  public EntryReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public EntryReader(byte[] buf, int off, int len) {
    if (off < 0 || len < 0 || off + len > buf.length) {
      throw new IndexOutOfBoundsException("range " + off + "+" + len + " of " + buf.length);
    }
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
  }

  public boolean hasRemaining() {
    return pos < end;
  }

  public int position() {
    return pos;
  }

  private CorruptStateException corrupt(String what) {
    return new CorruptStateException(what + " at offset " + pos);
  }

  public int readByte() throws CorruptStateException {
    if (pos >= end) {
      throw corrupt("unexpected end of data");
    }
    return buf[pos++] & 0xFF;
  }

  public long readUvarint() throws CorruptStateException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw corrupt("varint too long");
  }

  public long readVarint() throws CorruptStateException {
    long u = readUvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  /** Reads an unsigned varint that must fit {@code [0, max]}. */
  public int readLength(int max) throws CorruptStateException {
    int at = pos;
    long n = readUvarint();
    if (n < 0 || n > max || n > end - pos) {
      pos = at;
      throw corrupt("invalid length " + n);
    }
    return (int) n;
  }

  public boolean readBoolean() throws CorruptStateException {
    int b = readByte();
    if (b > 1) {
      pos--;
      throw corrupt("invalid boolean " + b);
    }
    return b == 1;
  }

  public String readString() throws CorruptStateException {
    int n = readLength(Integer.MAX_VALUE);
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(buf, pos, n))
              .toString();
      pos += n;
      return s;
    } catch (CharacterCodingException e) {
      throw corrupt("invalid UTF-8 string");
    }
  }

  public Instant readInstant() throws CorruptStateException {
    long seconds = readVarint();
    long nanos = readUvarint();
    if (nanos > 999_999_999L) {
      throw corrupt("invalid nanoseconds " + nanos);
    }
    try {
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (DateTimeException e) {
      throw corrupt("timestamp out of range");
    }
  }

  public int readInt32() throws CorruptStateException {
    return (readByte() << 24) | (readByte() << 16) | (readByte() << 8) | readByte();
  }

  /** Reads a length-prefixed sub-range as its own reader and skips past it. */
  public EntryReader readDelimited() throws CorruptStateException {
    int n = readLength(Integer.MAX_VALUE);
    EntryReader r = new EntryReader(buf, pos, n);
    pos += n;
    return r;
  }
}
