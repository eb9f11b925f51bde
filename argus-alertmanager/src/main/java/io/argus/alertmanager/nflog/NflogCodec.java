package io.argus.alertmanager.nflog;

import io.argus.alertmanager.state.CorruptStateException;
import io.argus.alertmanager.state.EntryReader;
import io.argus.alertmanager.state.EntryWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The binary encoding of notification-log entries, used by snapshots and gossip alike: a sequence
 * of length-delimited entries, each {@code groupKey, groupName, integration, idx, timestamp, firing
 * count, firing hashes (8 bytes each), resolved count, resolved hashes, expiresAt}. Stateless and
 * thread-safe.
 */
public final class NflogCodec {
  private NflogCodec() {}

  /** Encodes entries as a sequence of length-delimited entries. */
  public static byte[] encode(Collection<NflogEntry> entries) {
    EntryWriter out = new EntryWriter();
    EntryWriter one = new EntryWriter();
    for (NflogEntry e : entries) {
      one.reset();
      one.writeString(e.groupKey());
      one.writeString(e.receiver().groupName());
      one.writeString(e.receiver().integration());
      one.writeUvarint(e.receiver().idx());
      one.writeInstant(e.timestamp());
      writeHashes(one, e.firingAlerts());
      writeHashes(one, e.resolvedAlerts());
      one.writeInstant(e.expiresAt());
      out.writeDelimited(one);
    }
    return out.toByteArray();
  }

  private static void writeHashes(EntryWriter w, long[] hashes) {
    w.writeUvarint(hashes.length);
    for (long h : hashes) {
      w.writeInt32((int) (h >>> 32));
      w.writeInt32((int) h);
    }
  }

  private static long[] readHashes(EntryReader r) throws CorruptStateException {
    int n = r.readLength(Integer.MAX_VALUE / 8);
    long[] res = new long[n];
    for (int i = 0; i < n; i++) {
      res[i] = ((long) r.readInt32() << 32) | (r.readInt32() & 0xFFFFFFFFL);
    }
    return res;
  }

  /**
   * Decodes a sequence of length-delimited entries.
   *
   * @throws CorruptStateException on truncated or malformed data
   */
  public static List<NflogEntry> decode(byte[] data) throws CorruptStateException {
    List<NflogEntry> res = new ArrayList<>();
    EntryReader in = new EntryReader(data);
    while (in.hasRemaining()) {
      EntryReader r = in.readDelimited();
      String groupKey = r.readString();
      String groupName = r.readString();
      String integration = r.readString();
      long idx = r.readUvarint();
      if (idx > Integer.MAX_VALUE) {
        throw new CorruptStateException("invalid receiver index " + idx);
      }
      Instant ts = r.readInstant();
      long[] firing = readHashes(r);
      long[] resolved = readHashes(r);
      Instant expiresAt = r.readInstant();
      if (r.hasRemaining()) {
        throw new CorruptStateException("trailing bytes in entry " + groupKey);
      }
      res.add(
          new NflogEntry(
              groupKey,
              new ReceiverKey(groupName, integration, (int) idx),
              ts,
              firing,
              resolved,
              expiresAt));
    }
    return res;
  }
}
