package io.argus.alertmanager.nflog;

import io.argus.model.labels.Labels;
import java.nio.charset.StandardCharsets;

/**
 * The hash identifying an alert in the notification log, as upstream's notification pipeline
 * computes it: XXH64 (seed 0) over the labels sorted by name, each written as {@code name 0xff
 * value 0xff} in UTF-8. Stateless and thread-safe.
 */
public final class AlertHash {
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private AlertHash() {}

  /** Returns the notification-log hash of an alert with these labels. */
  public static long of(Labels labels) {
    int len = 0;
    byte[][] parts = new byte[labels.size() * 2][];
    for (int i = 0; i < labels.size(); i++) {
      parts[2 * i] = labels.name(i).getBytes(StandardCharsets.UTF_8);
      parts[2 * i + 1] = labels.value(i).getBytes(StandardCharsets.UTF_8);
      len += parts[2 * i].length + parts[2 * i + 1].length + 2;
    }
    byte[] buf = new byte[len];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, buf, pos, p.length);
      pos += p.length;
      buf[pos++] = (byte) 0xff;
    }
    return xxh64(buf, 0, len);
  }

  /** XXH64 with seed 0 over {@code b[off, off+len)}. */
  public static long xxh64(byte[] b, int off, int len) {
    int end = off + len;
    int p = off;
    long h;
    if (len >= 32) {
      long v1 = P1 + P2;
      long v2 = P2;
      long v3 = 0;
      long v4 = -P1;
      while (p <= end - 32) {
        v1 = round(v1, le64(b, p));
        v2 = round(v2, le64(b, p + 8));
        v3 = round(v3, le64(b, p + 16));
        v4 = round(v4, le64(b, p + 24));
        p += 32;
      }
      h =
          Long.rotateLeft(v1, 1)
              + Long.rotateLeft(v2, 7)
              + Long.rotateLeft(v3, 12)
              + Long.rotateLeft(v4, 18);
      h = mergeRound(h, v1);
      h = mergeRound(h, v2);
      h = mergeRound(h, v3);
      h = mergeRound(h, v4);
    } else {
      h = P5;
    }
    h += len;
    while (p <= end - 8) {
      h ^= round(0, le64(b, p));
      h = Long.rotateLeft(h, 27) * P1 + P4;
      p += 8;
    }
    if (p <= end - 4) {
      h ^= (le32(b, p) & 0xFFFFFFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      p += 4;
    }
    while (p < end) {
      h ^= (b[p] & 0xFFL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
      p++;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  private static long round(long acc, long input) {
    acc += input * P2;
    acc = Long.rotateLeft(acc, 31);
    return acc * P1;
  }

  private static long mergeRound(long acc, long val) {
    acc ^= round(0, val);
    return acc * P1 + P4;
  }

  private static long le64(byte[] b, int p) {
    return (b[p] & 0xFFL)
        | (b[p + 1] & 0xFFL) << 8
        | (b[p + 2] & 0xFFL) << 16
        | (b[p + 3] & 0xFFL) << 24
        | (b[p + 4] & 0xFFL) << 32
        | (b[p + 5] & 0xFFL) << 40
        | (b[p + 6] & 0xFFL) << 48
        | (b[p + 7] & 0xFFL) << 56;
  }

  private static int le32(byte[] b, int p) {
    return (b[p] & 0xFF)
        | (b[p + 1] & 0xFF) << 8
        | (b[p + 2] & 0xFF) << 16
        | (b[p + 3] & 0xFF) << 24;
  }
}
