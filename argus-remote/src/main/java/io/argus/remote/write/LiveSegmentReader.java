package io.argus.remote.write;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.xerial.snappy.Snappy;

/**
 * Reads the records of one WAL segment that may still be growing: {@link #next()} returns a record
 * once all of its fragments are on disk and false while the segment ends inside a record (or holds
 * no further record yet), so callers poll again later. The page and fragment layout is Prometheus'
 * (storage-formats.md §4.1–4.2): 32 KiB pages, 7-byte fragment headers, CRC-32C per fragment,
 * whole-record snappy compression.
 *
 * <p>Not thread-safe. Owns the channel it is given and closes it.
 */
final class LiveSegmentReader implements Closeable {
  static final int PAGE_SIZE = 32 * 1024;
  private static final int HEADER_SIZE = 7;
  private static final int FLAG_SNAPPY = 0x08;
  private static final int FLAG_ZSTD = 0x10;

  private final SeekableByteChannel channel;
  private final String name;
  private final CRC32C crc = new CRC32C();

  /** Bytes of the file from {@link #bufStart} on; {@code bufLen} of them are valid. */
  private byte[] buf = new byte[2 * PAGE_SIZE];

  private long bufStart;
  private int bufLen;

  /** Start of the next unread record (or padding). */
  private long consumed;

  private byte[] rec = new byte[4096];
  private int recLen;
  private byte[] joined = new byte[4096];

  /**
   * @param name the segment's path, for error messages
   */
  LiveSegmentReader(SeekableByteChannel channel, String name) {
    this.channel = channel;
    this.name = name;
  }

  /**
   * Advances to the next complete record.
   *
   * @return false when no complete record follows yet
   * @throws IOException on damaged data (the segment cannot be read on) or a failed read
   */
  boolean next() throws IOException {
    while (true) {
      int r = tryRecord();
      if (r > 0) {
        return true;
      }
      if (r == 0) {
        if (fill() == 0) {
          return false;
        }
      }
    }
  }

  /** The current record's bytes, valid in {@code [0, recordLength())} until the next call. */
  byte[] record() {
    return rec;
  }

  int recordLength() {
    return recLen;
  }

  /** The offset after the last record (or page padding) read. */
  long offset() {
    return consumed;
  }

  /** Bytes on disk after {@link #offset()}: non-zero at the end of a segment means a torn tail. */
  long unreadBytes() throws IOException {
    return channel.size() - consumed;
  }

  /**
   * Parses one record at {@link #consumed} from the buffered bytes.
   *
   * @return 1 for a record, 0 when more bytes are needed, -1 after skipping page padding
   */
  private int tryRecord() throws IOException {
    long pos = consumed;
    int joinedLen = 0;
    int fragments = 0;
    int compression = 0;
    while (true) {
      int at = (int) (pos - bufStart);
      if (at >= bufLen) {
        return 0;
      }
      int header = buf[at] & 0xFF;
      int type = header & 0x07;
      if (type == 0) {
        if (fragments > 0) {
          throw corrupt(pos, "page padding inside a record");
        }
        long pageEnd = (pos / PAGE_SIZE + 1) * PAGE_SIZE;
        if (pageEnd - bufStart > bufLen) {
          return 0;
        }
        for (int i = at + 1; i < pageEnd - bufStart; i++) {
          if (buf[i] != 0) {
            throw corrupt(pos, "unexpected non-zero byte in padded page");
          }
        }
        consumed = pageEnd;
        return -1;
      }
      if (at + HEADER_SIZE > bufLen) {
        return 0;
      }
      long inPage = pos % PAGE_SIZE;
      int length = ((buf[at + 1] & 0xFF) << 8) | (buf[at + 2] & 0xFF);
      int want =
          ((buf[at + 3] & 0xFF) << 24)
              | ((buf[at + 4] & 0xFF) << 16)
              | ((buf[at + 5] & 0xFF) << 8)
              | (buf[at + 6] & 0xFF);
      if (inPage + HEADER_SIZE + length > PAGE_SIZE) {
        throw corrupt(pos, "fragment crosses a page boundary");
      }
      if (at + HEADER_SIZE + length > bufLen) {
        return 0;
      }
      crc.reset();
      crc.update(buf, at + HEADER_SIZE, length);
      if ((int) crc.getValue() != want) {
        throw corrupt(pos, "unexpected checksum");
      }
      boolean first = type == 1 || type == 2;
      if (first != (fragments == 0) || type > 4) {
        throw corrupt(pos, "unexpected fragment type " + type);
      }
      int flags = header & (FLAG_SNAPPY | FLAG_ZSTD);
      if (fragments == 0) {
        compression = flags;
      } else if (flags != compression) {
        throw corrupt(pos, "compression changes within a record");
      }
      joined = ensure(joined, joinedLen + length);
      System.arraycopy(buf, at + HEADER_SIZE, joined, joinedLen, length);
      joinedLen += length;
      fragments++;
      pos += HEADER_SIZE + length;
      if (type == 1 || type == 4) {
        finish(joinedLen, compression, consumed);
        consumed = pos;
        return 1;
      }
    }
  }

  private void finish(int len, int compression, long start) throws IOException {
    if ((compression & FLAG_ZSTD) != 0) {
      throw corrupt(start, "zstd-compressed wal records are not supported");
    }
    if (compression == 0) {
      rec = ensure(rec, len);
      System.arraycopy(joined, 0, rec, 0, len);
      recLen = len;
      return;
    }
    try {
      int n = Snappy.uncompressedLength(joined, 0, len);
      if (n < 0 || n > len * 64L + 64) {
        throw corrupt(start, "invalid snappy length " + n);
      }
      rec = ensure(rec, n);
      recLen = Snappy.uncompress(joined, 0, len, rec, 0);
    } catch (IOException | IllegalArgumentException e) {
      throw corrupt(start, "decode snappy record: " + e.getMessage());
    }
  }

  /** Drops consumed bytes and reads what the file has beyond the buffer; returns bytes added. */
  private int fill() throws IOException {
    long size = channel.size();
    if (size < bufStart + bufLen) {
      throw new IOException(
          "wal segment " + name + " shrank to " + size + " bytes while being read");
    }
    int drop = (int) (consumed - bufStart);
    if (drop > 0) {
      System.arraycopy(buf, drop, buf, 0, bufLen - drop);
      bufLen -= drop;
      bufStart = consumed;
    }
    long available = size - (bufStart + bufLen);
    if (available <= 0) {
      return 0;
    }
    int want = (int) Math.min(available, 4L * PAGE_SIZE);
    buf = ensure(buf, bufLen + want);
    int added = 0;
    ByteBuffer dst = ByteBuffer.wrap(buf, bufLen, want);
    while (dst.hasRemaining()) {
      int n = channel.position(bufStart + bufLen + added).read(dst);
      if (n <= 0) {
        break;
      }
      added += n;
    }
    bufLen += added;
    return added;
  }

  private IOException corrupt(long offset, String why) {
    return new IOException(
        "corruption in wal segment " + name + " at offset " + offset + ": " + why);
  }

  private static byte[] ensure(byte[] b, int capacity) {
    return capacity <= b.length ? b : Arrays.copyOf(b, Math.max(capacity, b.length * 2));
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
