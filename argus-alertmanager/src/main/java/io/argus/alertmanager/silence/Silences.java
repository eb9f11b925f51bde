package io.argus.alertmanager.silence;

import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.state.EncodedEntries;
import io.argus.alertmanager.state.EntryState;
import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import io.argus.util.Clock;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The silence store (upstream's {@code silence.Silences}).
 *
 * <p>{@link #set} creates a silence or, given the id of a stored one, updates it in place when
 * upstream allows (same matchers; for an active silence the same start second and an end not in the
 * past; for a pending one a start not in the past), and otherwise expires the old silence and
 * creates a new one with a new id. Every entry is kept until its end plus the retention ({@code
 * --data.retention}, 120h), then {@link #gc} drops it. A version counter grows with every change,
 * so that callers ({@link Silencer}) can cache what matched.
 *
 * <p>Replication: {@link #merge(Collection)} applies peers' entries last-writer-wins by {@code
 * updatedAt}; local changes are reported to {@link #addListener listeners}. Persistence: {@link
 * #loadSnapshot} and {@link #writeSnapshot}. Thread-safe.
 */
public final class Silences implements EntryState<SilenceEntry> {
  /** The snapshot kind and file name in the data directory. */
  public static final String SNAPSHOT_NAME = "silences";

  private final Clock clock;
  private final Duration retention;
  private final Supplier<String> idGenerator;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Stored> byId = new HashMap<>();
  private final TreeMap<Long, String> byVersion = new TreeMap<>();
  private final List<Consumer<SilenceEntry>> listeners = new CopyOnWriteArrayList<>();
  private long version;
  private volatile int maxSilences;
  private volatile int maxSilenceSizeBytes;

  private final Summary gcDuration;
  private final Summary snapshotDuration;
  private final Gauge snapshotSize;
  private final Counter queriesTotal;
  private final Counter queryErrorsTotal;
  private final Histogram queryDuration;
  private final Counter propagatedTotal;
  private final EncodedEntries<SilenceEntry> encoded;

  private record Stored(SilenceEntry entry, long version) {}

  /**
   * Returns an empty store.
   *
   * @param retention how long silences are kept after their end
   * @param registry where the {@code alertmanager_silences*} metrics go, or null
   */
  public Silences(Clock clock, Duration retention, @Nullable PrometheusRegistry registry) {
    this(clock, retention, registry, () -> UUID.randomUUID().toString());
  }

  /** As {@link #Silences(Clock, Duration, PrometheusRegistry)} with a source of new ids. */
  public Silences(
      Clock clock,
      Duration retention,
      @Nullable PrometheusRegistry registry,
      Supplier<String> idGenerator) {
    this.clock = clock;
    this.retention = retention;
    this.idGenerator = idGenerator;
    PrometheusRegistry r = registry == null ? new PrometheusRegistry() : registry;
    GaugeWithCallback.builder()
        .name("alertmanager_silences")
        .help("How many silences by state.")
        .labelNames("state")
        .callback(
            cb -> {
              int[] counts = countByState();
              for (SilenceState st : SilenceState.values()) {
                cb.call(counts[st.ordinal()], st.value());
              }
            })
        .register(r);
    gcDuration =
        Summary.builder()
            .name("alertmanager_silences_gc_duration_seconds")
            .help("Duration of the last silence garbage collection cycle.")
            .register(r);
    snapshotDuration =
        Summary.builder()
            .name("alertmanager_silences_snapshot_duration_seconds")
            .help("Duration of the last silence snapshot.")
            .register(r);
    snapshotSize =
        Gauge.builder()
            .name("alertmanager_silences_snapshot_size_bytes")
            .help("Size of the last silence snapshot in bytes.")
            .register(r);
    queriesTotal =
        Counter.builder()
            .name("alertmanager_silences_queries_total")
            .help("How many silence queries were received.")
            .register(r);
    queryErrorsTotal =
        Counter.builder()
            .name("alertmanager_silences_query_errors_total")
            .help("How many silence received queries did not succeed.")
            .register(r);
    queryDuration =
        Histogram.builder()
            .name("alertmanager_silences_query_duration_seconds")
            .help("Duration of silence query evaluation.")
            .classicOnly()
            .register(r);
    propagatedTotal =
        Counter.builder()
            .name("alertmanager_silences_gossip_messages_propagated_total")
            .help("Number of received gossip messages that have been further gossiped.")
            .register(r);
    encoded =
        new EncodedEntries<>(
            SNAPSHOT_NAME,
            SilenceCodec::encode,
            SilenceCodec::decode,
            clock,
            propagatedTotal,
            snapshotDuration,
            snapshotSize);
  }

  /**
   * Sets upstream's {@code --silences.max-silences} (stored silences, expired ones included) and
   * {@code --silences.max-silence-size-bytes}; 0 or less disables a limit.
   */
  public void setLimits(int maxSilences, int maxSilenceSizeBytes) {
    this.maxSilences = maxSilences;
    this.maxSilenceSizeBytes = maxSilenceSizeBytes;
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  /** The retention after a silence's end. */
  public Duration retention() {
    return retention;
  }

  /** A number that grows whenever an entry is stored or replaced. */
  public long version() {
    lock.readLock().lock();
    try {
      return version;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Checks a silence as upstream does before storing it.
   *
   * @throws SilenceException of kind INVALID with "silence invalid: " and upstream's reason
   */
  public static void validate(Silence s) throws SilenceException {
    String problem = problem(s);
    if (problem != null) {
      throw new SilenceException(SilenceException.Kind.INVALID, "silence invalid: " + problem);
    }
  }

  private static @Nullable String problem(Silence s) {
    if (s.matchers().isEmpty()) {
      return "at least one matcher required";
    }
    boolean allMatchEmpty = true;
    for (int i = 0; i < s.matchers().size(); i++) {
      Matcher m = s.matchers().get(i);
      if (!Alert.isValidLabelName(m.name())) {
        return "invalid label matcher " + i + ": invalid label name \"" + m.name() + "\"";
      }
      boolean matchesEmpty =
          (m.type() == MatchType.EQUAL || m.type() == MatchType.REGEX) && m.matches("");
      allMatchEmpty &= matchesEmpty;
    }
    if (allMatchEmpty) {
      return "at least one matcher must not match the empty string";
    }
    if (Alert.isZero(s.startsAt())) {
      return "invalid zero start timestamp";
    }
    if (Alert.isZero(s.endsAt())) {
      return "invalid zero end timestamp";
    }
    if (s.endsAt().isBefore(s.startsAt())) {
      return "end time must not be before start time";
    }
    return null;
  }

  /**
   * Creates or updates a silence and returns its id: the given one when updated in place, a new one
   * otherwise. A start of {@link Alert#ZERO} means now; a new silence never starts in the past.
   *
   * @throws SilenceException NOT_FOUND for an unknown id, INVALID for an invalid silence, LIMIT
   *     when a limit is exceeded; nothing changes then
   */
  public String set(Silence silence) throws SilenceException {
    Instant now = now();
    Silence sil = silence;
    if (Alert.isZero(sil.startsAt())) {
      sil = sil.withTimes(now, sil.endsAt());
    }
    validate(sil);
    lock.writeLock().lock();
    try {
      Stored prev = sil.id().isEmpty() ? null : byId.get(sil.id());
      if (!sil.id().isEmpty() && prev == null) {
        throw SilenceException.notFound();
      }
      if (prev != null && canUpdate(prev.entry().silence(), sil, now)) {
        SilenceEntry e = entryOf(sil.withUpdatedAt(now));
        checkSize(e);
        storeLocal(e);
        return sil.id();
      }
      int max = maxSilences;
      if (max > 0 && byId.size() + 1 > max) {
        throw new SilenceException(
            SilenceException.Kind.LIMIT,
            "exceeded maximum number of silences: " + byId.size() + " (limit: " + max + ")");
      }
      Instant start = sil.startsAt().isBefore(now) ? now : sil.startsAt();
      Silence fresh = sil.withId(idGenerator.get()).withTimes(start, sil.endsAt());
      // Moving the start to now can put it after the end.
      validate(fresh);
      SilenceEntry e = entryOf(fresh.withUpdatedAt(now));
      checkSize(e);
      if (prev != null && prev.entry().silence().state(now) != SilenceState.EXPIRED) {
        expireLocked(prev.entry().silence().id(), now);
      }
      storeLocal(e);
      return fresh.id();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void checkSize(SilenceEntry e) throws SilenceException {
    int max = maxSilenceSizeBytes;
    if (max > 0) {
      int size = SilenceCodec.encodedSize(e);
      if (size > max) {
        throw new SilenceException(
            SilenceException.Kind.LIMIT,
            "silence exceeded maximum size: " + size + " bytes (limit: " + max + " bytes)");
      }
    }
  }

  /** Upstream's rule for updating a stored silence {@code a} in place with {@code b}. */
  static boolean canUpdate(Silence a, Silence b, Instant now) {
    if (!a.matchers().equals(b.matchers())) {
      return false;
    }
    return switch (a.state(now)) {
      case ACTIVE ->
          a.startsAt().getEpochSecond() == b.startsAt().getEpochSecond()
              && !b.endsAt().isBefore(now);
      case PENDING -> !b.startsAt().isBefore(now);
      case EXPIRED -> false;
    };
  }

  /**
   * Expires a silence: an active one ends now, a pending one starts and ends now, an expired one
   * stays as it is.
   *
   * @throws SilenceException NOT_FOUND for an unknown id
   */
  public void expire(String id) throws SilenceException {
    lock.writeLock().lock();
    try {
      expireLocked(id, now());
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void expireLocked(String id, Instant now) throws SilenceException {
    Stored st = byId.get(id);
    if (st == null) {
      throw SilenceException.notFound();
    }
    Silence s = st.entry().silence();
    Silence expired =
        switch (s.state(now)) {
          case EXPIRED -> null;
          case ACTIVE -> s.withTimes(s.startsAt(), now);
          case PENDING -> s.withTimes(now, now);
        };
    if (expired != null) {
      storeLocal(entryOf(expired.withUpdatedAt(now)));
    }
  }

  private SilenceEntry entryOf(Silence s) {
    return new SilenceEntry(s, s.endsAt().plus(retention));
  }

  private void storeLocal(SilenceEntry e) {
    put(e);
    for (Consumer<SilenceEntry> l : listeners) {
      l.accept(e);
    }
  }

  private void put(SilenceEntry e) {
    String id = e.silence().id();
    Stored old = byId.get(id);
    if (old != null) {
      byVersion.remove(old.version());
    }
    version++;
    byId.put(id, new Stored(e, version));
    byVersion.put(version, id);
  }

  /** Returns the stored silence with this id. */
  public Optional<Silence> get(String id) {
    lock.readLock().lock();
    try {
      Stored st = byId.get(id);
      return st == null ? Optional.empty() : Optional.of(st.entry().silence());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Returns the silences {@code q} selects, in no particular order, and the current version. */
  public QueryResult query(SilenceQuery q) {
    queriesTotal.inc();
    long start = clock.nanoTime();
    Instant now = now();
    lock.readLock().lock();
    try {
      List<Silence> res = new ArrayList<>();
      if (q.ids() != null) {
        for (String id : q.ids()) {
          Stored st = byId.get(id);
          if (st != null) {
            addIfSelected(res, st, q, now);
          }
        }
      } else if (q.sinceVersion() >= 0) {
        for (String id : byVersion.tailMap(q.sinceVersion(), false).values()) {
          addIfSelected(res, byId.get(id), q, now);
        }
      } else {
        for (Stored st : byId.values()) {
          addIfSelected(res, st, q, now);
        }
      }
      return new QueryResult(res, version);
    } finally {
      lock.readLock().unlock();
      queryDuration.observe((clock.nanoTime() - start) / 1e9);
    }
  }

  private static void addIfSelected(List<Silence> res, Stored st, SilenceQuery q, Instant now) {
    if (st.version() <= q.sinceVersion()) {
      return;
    }
    Silence s = st.entry().silence();
    if (q.states() != null && !q.states().contains(s.state(now))) {
      return;
    }
    if (q.matching() != null && !s.matches(q.matching())) {
      return;
    }
    res.add(s);
  }

  /** Counts the silences in {@code state} now. */
  public int count(SilenceState state) {
    return countByState()[state.ordinal()];
  }

  private int[] countByState() {
    Instant now = now();
    int[] counts = new int[SilenceState.values().length];
    lock.readLock().lock();
    try {
      for (Stored st : byId.values()) {
        counts[st.entry().silence().state(now).ordinal()]++;
      }
    } finally {
      lock.readLock().unlock();
    }
    return counts;
  }

  /** The number of stored silences, expired ones included. */
  public int size() {
    lock.readLock().lock();
    try {
      return byId.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Drops every entry whose expiry is not after now; returns how many. */
  @Override
  public int gc() {
    long start = clock.nanoTime();
    Instant now = now();
    int n = 0;
    lock.writeLock().lock();
    try {
      for (Iterator<Stored> it = byId.values().iterator(); it.hasNext(); ) {
        Stored st = it.next();
        if (!st.entry().expiresAt().isAfter(now)) {
          it.remove();
          byVersion.remove(st.version());
          n++;
        }
      }
    } finally {
      lock.writeLock().unlock();
      gcDuration.observe((clock.nanoTime() - start) / 1e9);
    }
    return n;
  }

  /** Returns every stored entry, in no particular order. */
  @Override
  public List<SilenceEntry> entries() {
    lock.readLock().lock();
    try {
      List<SilenceEntry> res = new ArrayList<>(byId.size());
      for (Stored st : byId.values()) {
        res.add(st.entry());
      }
      return res;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Merges entries from a peer or a snapshot, last writer wins: an entry replaces the stored one
   * with its id when its {@code updatedAt} is later (or none is stored); entries already expired
   * are ignored. Returns the entries that changed this store, in input order. Listeners of local
   * changes are not called.
   */
  @Override
  public List<SilenceEntry> merge(Collection<SilenceEntry> remote) {
    Instant now = now();
    List<SilenceEntry> changed = new ArrayList<>();
    lock.writeLock().lock();
    try {
      for (SilenceEntry e : remote) {
        if (e.expiresAt().isBefore(now)) {
          continue;
        }
        Stored prev = byId.get(e.silence().id());
        if (prev == null || prev.entry().silence().updatedAt().isBefore(e.silence().updatedAt())) {
          put(e);
          changed.add(e);
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    return changed;
  }

  /**
   * Registers a listener for entries this peer creates, updates or expires itself; it runs while
   * the store is locked and must not call back into it. Close the handle to unregister.
   */
  @Override
  public AutoCloseable addListener(Consumer<SilenceEntry> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public String snapshotName() {
    return SNAPSHOT_NAME;
  }

  @Override
  public String key() {
    return "sil";
  }

  @Override
  public EncodedEntries<SilenceEntry> encodedEntries() {
    return encoded;
  }

}
