package io.argus.alertmanager.cluster;

import io.argus.alertmanager.nflog.ReceiverKey;
import io.argus.alertmanager.state.CorruptStateException;
import io.argus.alertmanager.state.EntryReader;
import io.argus.alertmanager.state.EntryWriter;
import io.argus.alertmanager.state.ReplicatedState;
import io.argus.util.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Short-lived "sending" claims, replicated under the key {@code "snd"}: before a peer starts a
 * notification for an aggregation group and receiver integration it claims it, and it releases the
 * claim once the send finished (after logging it in the notification log on success).
 *
 * <p>Why: upstream only staggers peers by {@code position × peer_timeout} and then checks the
 * notification log. A receiver slower than the peer timeout leaves the log empty when the next
 * peer's wait ends, and that peer sends a duplicate. With claims, the next peer sees the live claim
 * and waits for its release instead, then re-checks the notification log.
 *
 * <p>Protocol for the notification pipeline, after the position wait and when the notification log
 * says "send": if {@link #otherActiveClaim} finds a claim, {@link #awaitNoOtherClaim} and query the
 * notification log again; otherwise {@link #claim}, send, log the success in the notification log,
 * then {@link Claim#release()}. Local changes of all states go out in order over one FIFO channel,
 * so a peer that sees the release has already merged the notification-log entry written before it.
 *
 * <p>A claim counts only while it is not released, not expired (its TTL bounds a stuck sender; use
 * the flush deadline) and its holder is a live cluster member (a crashed holder stops counting as
 * soon as failure detection excludes it). Two peers that claim within the propagation delay (well
 * under the peer timeout that separates their waits) may both send: the guarantee stays
 * at-least-once. Entries are keyed by group key, receiver and holder; the newer timestamp wins.
 * Thread-safe.
 */
public final class SendingClaims implements ReplicatedState {
  /** The state key on the wire. */
  public static final String KEY = "snd";

  /** One claim as held; {@code released} claims are tombstones kept until their expiry. */
  public record ClaimEntry(
      String groupKey,
      ReceiverKey receiver,
      String holder,
      Instant timestamp,
      Instant expiresAt,
      boolean released) {
    String stateKey() {
      return groupKey + ":" + receiver + "@" + holder;
    }
  }

  /** A claim this peer holds; closing releases it. */
  public interface Claim extends AutoCloseable {
    /** Releases the claim and broadcasts the release; idempotent. */
    void release();

    @Override
    default void close() {
      release();
    }
  }

  private final Clock clock;
  private final String self;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, ClaimEntry> entries = new HashMap<>();
  private final List<Consumer<byte[]>> listeners = new CopyOnWriteArrayList<>();
  private volatile Predicate<String> isMember = name -> true;

  /**
   * @param self this peer's name (the holder of its claims), see {@link ClusterPeer#name()}
   */
  public SendingClaims(Clock clock, String self) {
    this.clock = clock;
    this.self = self;
  }

  /** Sets which holders are live cluster members; the cluster updates it on each view. */
  void setMembership(Predicate<String> members) {
    lock.lock();
    try {
      isMember = members;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  /** Claims a send for {@code ttl} (positive; the flush deadline is a good value). */
  public Claim claim(String groupKey, ReceiverKey receiver, Duration ttl) {
    if (!ttl.isPositive()) {
      throw new IllegalArgumentException("claim ttl must be positive, got " + ttl);
    }
    Instant now = now();
    ClaimEntry e = new ClaimEntry(groupKey, receiver, self, now, now.plus(ttl), false);
    putLocal(e);
    return new Claim() {
      private boolean released;

      @Override
      public synchronized void release() {
        if (released) {
          return;
        }
        released = true;
        Instant t = now();
        if (!t.isAfter(e.timestamp())) {
          t = e.timestamp().plusMillis(1);
        }
        putLocal(new ClaimEntry(groupKey, receiver, self, t, e.expiresAt(), true));
      }
    };
  }

  private void putLocal(ClaimEntry e) {
    lock.lock();
    try {
      entries.put(e.stateKey(), e);
      byte[] enc = encode(List.of(e));
      for (Consumer<byte[]> l : listeners) {
        l.accept(enc);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The earliest live claim another member holds on this group and receiver, if any. */
  public Optional<ClaimEntry> otherActiveClaim(String groupKey, ReceiverKey receiver) {
    Instant now = now();
    lock.lock();
    try {
      return otherActive(groupKey, receiver, now);
    } finally {
      lock.unlock();
    }
  }

  private Optional<ClaimEntry> otherActive(String groupKey, ReceiverKey receiver, Instant now) {
    ClaimEntry best = null;
    for (ClaimEntry e : entries.values()) {
      if (e.released()
          || e.holder().equals(self)
          || !e.expiresAt().isAfter(now)
          || !e.groupKey().equals(groupKey)
          || !e.receiver().equals(receiver)
          || !isMember.test(e.holder())) {
        continue;
      }
      if (best == null || e.timestamp().isBefore(best.timestamp())) {
        best = e;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Blocks until no other member holds a live claim on this group and receiver (released, expired
   * or its holder left), at most {@code maxWait}. Returns true when none is left, false on timeout.
   */
  public boolean awaitNoOtherClaim(String groupKey, ReceiverKey receiver, Duration maxWait)
      throws InterruptedException {
    long remaining = maxWait.toNanos(); // counted by the condition's own waiting time
    lock.lock();
    try {
      while (true) {
        Optional<ClaimEntry> other = otherActive(groupKey, receiver, now());
        if (other.isEmpty()) {
          return true;
        }
        if (remaining <= 0) {
          return false;
        }
        long untilExpiry =
            TimeUnit.MILLISECONDS.toNanos(
                Math.max(1, other.get().expiresAt().toEpochMilli() - clock.millis()));
        long wait = Math.min(remaining, untilExpiry);
        remaining -= wait - Math.max(0, changed.awaitNanos(wait));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Drops claims past their expiry; returns how many. */
  public int gc() {
    Instant now = now();
    int n = 0;
    lock.lock();
    try {
      for (Iterator<ClaimEntry> it = entries.values().iterator(); it.hasNext(); ) {
        if (!it.next().expiresAt().isAfter(now)) {
          it.remove();
          n++;
        }
      }
    } finally {
      lock.unlock();
    }
    return n;
  }

  /** Every entry held, released ones included. */
  public List<ClaimEntry> entries() {
    lock.lock();
    try {
      return new ArrayList<>(entries.values());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public byte[] encodeState() {
    return encode(entries());
  }

  @Override
  public byte[] merge(byte[] data) throws CorruptStateException {
    List<ClaimEntry> remote = decode(data);
    Instant now = now();
    List<ClaimEntry> changedEntries = new ArrayList<>();
    lock.lock();
    try {
      for (ClaimEntry e : remote) {
        if (!e.expiresAt().isAfter(now)) {
          continue;
        }
        ClaimEntry prev = entries.get(e.stateKey());
        if (prev == null || prev.timestamp().isBefore(e.timestamp())) {
          entries.put(e.stateKey(), e);
          changedEntries.add(e);
        }
      }
      if (!changedEntries.isEmpty()) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    return changedEntries.isEmpty() ? new byte[0] : encode(changedEntries);
  }

  @Override
  public AutoCloseable onLocalChange(Consumer<byte[]> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  static byte[] encode(Collection<ClaimEntry> claims) {
    EntryWriter out = new EntryWriter();
    EntryWriter one = new EntryWriter();
    for (ClaimEntry e : claims) {
      one.reset();
      one.writeString(e.groupKey());
      one.writeString(e.receiver().groupName());
      one.writeString(e.receiver().integration());
      one.writeUvarint(e.receiver().idx());
      one.writeString(e.holder());
      one.writeInstant(e.timestamp());
      one.writeInstant(e.expiresAt());
      one.writeBoolean(e.released());
      out.writeDelimited(one);
    }
    return out.toByteArray();
  }

  static List<ClaimEntry> decode(byte[] data) throws CorruptStateException {
    List<ClaimEntry> out = new ArrayList<>();
    EntryReader in = new EntryReader(data);
    while (in.hasRemaining()) {
      EntryReader r = in.readDelimited();
      String groupKey = r.readString();
      ReceiverKey receiver = new ReceiverKey(r.readString(), r.readString(), (int) r.readUvarint());
      out.add(
          new ClaimEntry(
              groupKey, receiver, r.readString(), r.readInstant(), r.readInstant(),
              r.readBoolean()));
    }
    return out;
  }
}
