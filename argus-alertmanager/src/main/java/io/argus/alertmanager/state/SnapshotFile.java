package io.argus.alertmanager.state;

import io.argus.tsdb.fs.AtomicFiles;
import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The snapshot file format of a replicated state, version 1:
 *
 * <pre>
 * magic    "ARGS" (4 bytes)
 * version  1 (1 byte)
 * kind     varint length + UTF-8, e.g. "silences" or "nflog"
 * count    varint, the number of entries
 * entries  count × (varint length + entry bytes), as the state's gossip encoding
 * crc32c   4 bytes big-endian over everything before it
 * </pre>
 *
 * Files are replaced atomically (temporary file, fsync, rename, directory fsync) through {@link
 * FileOps}. Stateless and thread-safe; callers serialize writes to one path.
 */
public final class SnapshotFile {
  private static final byte[] MAGIC = "ARGS".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 1;

  private SnapshotFile() {}

  /**
   * Writes {@code entries} (a sequence of length-delimited entries, {@code count} of them) as the
   * snapshot of {@code kind} to {@code path}, replacing it atomically. Returns the file size.
   */
  public static long write(FileOps fs, Path path, String kind, int count, byte[] entries)
      throws IOException {
    byte[] file = encode(kind, count, entries);
    fs.createDirectories(path.toAbsolutePath().getParent());
    AtomicFiles.write(fs, path, file);
    return file.length;
  }

  /** Returns the file contents {@link #write} would write. */
  static byte[] encode(String kind, int count, byte[] entries) {
    EntryWriter w = new EntryWriter(entries.length + 64);
    w.writeBytes(MAGIC, 0, MAGIC.length);
    w.writeByte(VERSION);
    w.writeString(kind);
    w.writeUvarint(count);
    w.writeBytes(entries, 0, entries.length);
    byte[] body = w.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(body);
    w.writeInt32((int) crc.getValue());
    return w.toByteArray();
  }

  /**
   * Reads the snapshot of {@code kind} at {@code path}: returns its entries (a sequence of
   * length-delimited entries), or null when the file does not exist.
   *
   * @throws CorruptStateException when the file is not such a snapshot, has another kind or
   *     version, fails its checksum or is truncated; the message names the file
   */
  public static byte @Nullable [] read(FileOps fs, Path path, String kind) throws IOException {
    if (!fs.exists(path)) {
      return null;
    }
    byte[] file = fs.readAllBytes(path);
    try {
      return decode(file, kind);
    } catch (CorruptStateException e) {
      throw new CorruptStateException(
          "corrupted " + kind + " snapshot " + path + ": " + e.getMessage());
    }
  }

  static byte[] decode(byte[] file, String kind) throws CorruptStateException {
    if (file.length < MAGIC.length + 1 + 4) {
      throw new CorruptStateException("file too short (" + file.length + " bytes)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (file[i] != MAGIC[i]) {
        throw new CorruptStateException("not an Argus state snapshot (bad magic)");
      }
    }
    int version = file[MAGIC.length] & 0xFF;
    if (version != VERSION) {
      throw new CorruptStateException(
          "unsupported snapshot version " + version + " (want " + VERSION + ")");
    }
    int bodyLen = file.length - 4;
    CRC32C crc = new CRC32C();
    crc.update(file, 0, bodyLen);
    int want = new EntryReader(file, bodyLen, 4).readInt32();
    if (want != (int) crc.getValue()) {
      throw new CorruptStateException(
          String.format(
              "checksum mismatch (stored %08x, computed %08x)", want, (int) crc.getValue()));
    }
    EntryReader r = new EntryReader(file, MAGIC.length + 1, bodyLen - MAGIC.length - 1);
    String got = r.readString();
    if (!got.equals(kind)) {
      throw new CorruptStateException("snapshot holds " + got + ", not " + kind);
    }
    long count = r.readUvarint();
    int start = r.position();
    long seen = 0;
    while (r.hasRemaining()) {
      r.readDelimited();
      seen++;
    }
    if (seen != count) {
      throw new CorruptStateException("expected " + count + " entries, found " + seen);
    }
    byte[] entries = new byte[bodyLen - start];
    System.arraycopy(file, start, entries, 0, entries.length);
    return entries;
  }
}
