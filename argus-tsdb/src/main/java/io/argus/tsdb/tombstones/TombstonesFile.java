package io.argus.tsdb.tombstones;

import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.encoding.DecBuf;
import io.argus.tsdb.encoding.EncBuf;
import io.argus.tsdb.fs.AtomicFiles;
import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code tombstones} file of a block (storage-formats.md §2.5): magic {@code 0x0130BA30},
 * version 1, entries of uvarint series ref / varint mint / varint maxt, and a big-endian CRC32C
 * over the entries only. Stateless and thread-safe.
 */
public final class TombstonesFile {
  /** The file name inside a block directory. */
  public static final String FILENAME = "tombstones";

  public static final int MAGIC = 0x0130BA30;
  public static final int VERSION = 1;
  private static final int HEADER_SIZE = 5;
  private static final int CRC_SIZE = 4;

  private TombstonesFile() {}

  /** Returns the file bytes for {@code tr}; entries are ordered by series ref, then time. */
  public static byte[] encode(TombstoneReader tr) {
    TreeMap<Long, List<Interval>> sorted = new TreeMap<>();
    tr.forEach(sorted::put);
    EncBuf buf = new EncBuf();
    buf.putBe32(MAGIC).putByte(VERSION);
    for (Map.Entry<Long, List<Interval>> e : sorted.entrySet()) {
      for (Interval i : e.getValue()) {
        buf.putUvarint(e.getKey()).putVarint(i.minTime()).putVarint(i.maxTime());
      }
    }
    buf.putCrc32c(HEADER_SIZE);
    return buf.toByteArray();
  }

  /**
   * Writes {@code blockDir/tombstones} atomically and durably (via {@code tombstones.tmp}).
   *
   * @return the number of bytes written
   */
  public static int write(FileOps fs, Path blockDir, TombstoneReader tr) throws IOException {
    byte[] b = encode(tr);
    AtomicFiles.write(fs, blockDir.resolve(FILENAME), b);
    return b.length;
  }

  /**
   * Reads {@code blockDir/tombstones}; a missing file means no tombstones.
   *
   * @throws CorruptionException on a short file, wrong magic or version, bad checksum or malformed
   *     entries
   */
  public static MemTombstones read(FileOps fs, Path blockDir) throws IOException {
    Path path = blockDir.resolve(FILENAME);
    if (!fs.exists(path)) {
      return new MemTombstones();
    }
    return decode(fs.readAllBytes(path));
  }

  /** Decodes the bytes of a tombstones file. */
  public static MemTombstones decode(byte[] b) {
    if (b.length < HEADER_SIZE + CRC_SIZE) {
      throw new CorruptionException("tombstones header: invalid size " + b.length);
    }
    DecBuf d = DecBuf.of(b);
    int magic = d.getBe32();
    if (magic != MAGIC) {
      throw new CorruptionException(String.format("invalid magic number %x", magic));
    }
    int version = d.getByte();
    if (version != VERSION) {
      throw new CorruptionException("invalid tombstones version " + version);
    }
    MemorySegment seg = MemorySegment.ofArray(b);
    long crcAt = b.length - CRC_SIZE;
    DecBuf.verifyCrc32c(seg, HEADER_SIZE, crcAt, "tombstones");
    DecBuf entries = new DecBuf(seg, HEADER_SIZE, crcAt);
    MemTombstones out = new MemTombstones();
    while (entries.remaining() > 0) {
      long ref = entries.getUvarint();
      long mint = entries.getVarint();
      long maxt = entries.getVarint();
      if (mint > maxt) {
        throw new CorruptionException(
            "tombstones: interval [" + mint + ", " + maxt + "] of series " + ref + " is inverted");
      }
      out.addInterval(ref, new Interval(mint, maxt));
    }
    return out;
  }
}
