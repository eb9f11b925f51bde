package io.argus.alertmanager.silence;

import io.argus.alertmanager.state.CorruptStateException;
import io.argus.alertmanager.state.EntryReader;
import io.argus.alertmanager.state.EntryWriter;
import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The binary encoding of silence entries, used by snapshots and gossip alike: a sequence of
 * length-delimited entries, each {@code id, matcher count, (type byte, name, value)*, startsAt,
 * endsAt, updatedAt, createdBy, comment, expiresAt}. Stateless and thread-safe.
 */
public final class SilenceCodec {
  private static final MatchType[] TYPES = MatchType.values();

  private SilenceCodec() {}

  /** Encodes entries as a sequence of length-delimited entries. */
  public static byte[] encode(Collection<SilenceEntry> entries) {
    EntryWriter out = new EntryWriter();
    EntryWriter one = new EntryWriter();
    for (SilenceEntry e : entries) {
      one.reset();
      write(one, e);
      out.writeDelimited(one);
    }
    return out.toByteArray();
  }

  /** Returns the encoded size of one entry, without its length prefix. */
  static int encodedSize(SilenceEntry e) {
    EntryWriter one = new EntryWriter();
    write(one, e);
    return one.size();
  }

  private static void write(EntryWriter w, SilenceEntry e) {
    Silence s = e.silence();
    w.writeString(s.id());
    w.writeUvarint(s.matchers().size());
    for (Matcher m : s.matchers()) {
      w.writeByte(m.type().ordinal());
      w.writeString(m.name());
      w.writeString(m.value());
    }
    w.writeInstant(s.startsAt());
    w.writeInstant(s.endsAt());
    w.writeInstant(s.updatedAt());
    w.writeString(s.createdBy());
    w.writeString(s.comment());
    w.writeInstant(e.expiresAt());
  }

  /**
   * Decodes a sequence of length-delimited entries.
   *
   * @throws CorruptStateException on truncated or malformed data, an unknown matcher type or an
   *     invalid regular expression
   */
  public static List<SilenceEntry> decode(byte[] data) throws CorruptStateException {
    List<SilenceEntry> res = new ArrayList<>();
    EntryReader in = new EntryReader(data);
    while (in.hasRemaining()) {
      EntryReader r = in.readDelimited();
      String id = r.readString();
      if (id.isEmpty()) {
        throw new CorruptStateException("silence without id at offset " + r.position());
      }
      int n = r.readLength(1 << 16);
      List<Matcher> matchers = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int type = r.readByte();
        if (type >= TYPES.length) {
          throw new CorruptStateException("unknown matcher type " + type + " in silence " + id);
        }
        String name = r.readString();
        String value = r.readString();
        try {
          matchers.add(Matcher.of(TYPES[type], name, value));
        } catch (IllegalArgumentException ex) {
          throw new CorruptStateException("silence " + id + ": " + ex.getMessage());
        }
      }
      Instant startsAt = r.readInstant();
      Instant endsAt = r.readInstant();
      Instant updatedAt = r.readInstant();
      String createdBy = r.readString();
      String comment = r.readString();
      Instant expiresAt = r.readInstant();
      if (r.hasRemaining()) {
        throw new CorruptStateException("trailing bytes in silence " + id);
      }
      res.add(
          new SilenceEntry(
              new Silence(id, matchers, startsAt, endsAt, updatedAt, createdBy, comment),
              expiresAt));
    }
    return res;
  }
}
