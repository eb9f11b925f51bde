package io.argus.tsdb.wal;

import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared helpers for the WAL tests. */
final class WalTesting {
  private WalTesting() {}

  /** A record read back with its position. */
  record Located(int segment, long offset, byte[] data) {}

  static List<byte[]> readAll(FileOps ops, Path dir) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (WalReader r = WalReader.open(ops, dir)) {
      while (r.next()) {
        out.add(r.record());
      }
    }
    return out;
  }

  static List<Located> readLocated(FileOps ops, Path dir) throws IOException {
    List<Located> out = new ArrayList<>();
    try (WalReader r = WalReader.open(ops, dir)) {
      while (r.next()) {
        out.add(new Located(r.segment(), r.offset(), r.record()));
      }
    }
    return out;
  }

  /** A record of {@code len} bytes: random (incompressible) or repetitive (compressible). */
  static byte[] record(Random random, int len) {
    byte[] b = new byte[len];
    if (random.nextBoolean()) {
      random.nextBytes(b);
    } else {
      byte[] word = new byte[1 + random.nextInt(16)];
      random.nextBytes(word);
      for (int i = 0; i < len; i++) {
        b[i] = word[i % word.length];
      }
    }
    return b;
  }

  static List<byte[]> records(Random random, int count, int maxLen) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int len =
          switch (random.nextInt(4)) {
            case 0 -> random.nextInt(64);
            case 1 -> random.nextInt(4096);
            default -> random.nextInt(maxLen + 1);
          };
      out.add(record(random, len));
    }
    return out;
  }
}
