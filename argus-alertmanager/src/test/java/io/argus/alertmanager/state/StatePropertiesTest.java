package io.argus.alertmanager.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.alertmanager.nflog.NflogCodec;
import io.argus.alertmanager.nflog.NflogEntry;
import io.argus.alertmanager.nflog.NotificationLog;
import io.argus.alertmanager.nflog.ReceiverKey;
import io.argus.alertmanager.silence.Silence;
import io.argus.alertmanager.silence.SilenceCodec;
import io.argus.alertmanager.silence.SilenceEntry;
import io.argus.alertmanager.silence.Silences;
import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import io.argus.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class StatePropertiesTest {
  private static final long NOW_MS = 1_767_225_600_000L;
  private static final Instant NOW = Instant.ofEpochMilli(NOW_MS);
  private static final Duration RETENTION = Duration.ofHours(120);

  private static Arbitrary<String> text() {
    return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(12);
  }

  private static Arbitrary<Instant> instants() {
    return Combinators.combine(
            Arbitraries.longs().between(-62_135_596_800L, 4_000_000_000L),
            Arbitraries.integers().between(0, 999_999_999))
        .as(Instant::ofEpochSecond);
  }

  /** Instants after NOW, so merges never drop the entries as expired. */
  private static Arbitrary<Instant> future() {
    return Arbitraries.longs().between(1, 10_000_000_000L).map(NOW::plusNanos);
  }

  private static Arbitrary<Matcher> matchers() {
    return Combinators.combine(
            Arbitraries.of(MatchType.values()),
            Arbitraries.of("job", "env", "alertname", "_x"),
            Arbitraries.of("api", "", "a.*", "x|y", "[0-9]+", "ü"))
        .as(Matcher::of);
  }

  @Provide
  Arbitrary<List<SilenceEntry>> silenceEntries() {
    Arbitrary<SilenceEntry> one =
        Combinators.combine(
                Arbitraries.of("s1", "s2", "s3", "7c9e6679-7425-40de-944b-e07fc1f90ae7"),
                matchers().list().ofMinSize(1).ofMaxSize(3),
                instants(),
                instants(),
                instants(),
                text(),
                text(),
                future())
            .as(
                (id, ms, start, end, updated, by, comment, exp) ->
                    new SilenceEntry(new Silence(id, ms, start, end, updated, by, comment), exp));
    return one.list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<NflogEntry>> nflogEntries() {
    Arbitrary<NflogEntry> one =
        Combinators.combine(
                Arbitraries.of("{}:{a=\"1\"}", "{}/{x=~\"y\"}:{}", "g"),
                Arbitraries.of("team", "ops"),
                Arbitraries.of("webhook", "email"),
                Arbitraries.integers().between(0, 2),
                instants(),
                Arbitraries.longs().array(long[].class).ofMaxSize(5),
                Arbitraries.longs().array(long[].class).ofMaxSize(5),
                future())
            .as(
                (gk, name, integ, idx, ts, firing, resolved, exp) ->
                    new NflogEntry(
                        gk, new ReceiverKey(name, integ, idx), ts, firing, resolved, exp));
    return one.list().ofMaxSize(8);
  }

  @Property(tries = 100)
  void silenceCodec_roundTrips(@ForAll("silenceEntries") List<SilenceEntry> entries)
      throws Exception {
    assertThat(SilenceCodec.decode(SilenceCodec.encode(entries))).isEqualTo(entries);
  }

  @Property(tries = 100)
  void nflogCodec_roundTrips(@ForAll("nflogEntries") List<NflogEntry> entries) throws Exception {
    assertThat(NflogCodec.decode(NflogCodec.encode(entries))).isEqualTo(entries);
  }

  @Property(tries = 50)
  void snapshots_roundTrip(
      @ForAll("silenceEntries") List<SilenceEntry> sils,
      @ForAll("nflogEntries") List<NflogEntry> nfl)
      throws Exception {
    byte[] silFile = SnapshotFile.encode("silences", sils.size(), SilenceCodec.encode(sils));
    assertThat(SilenceCodec.decode(SnapshotFile.decode(silFile, "silences"))).isEqualTo(sils);
    byte[] nflFile = SnapshotFile.encode("nflog", nfl.size(), NflogCodec.encode(nfl));
    assertThat(NflogCodec.decode(SnapshotFile.decode(nflFile, "nflog"))).isEqualTo(nfl);
  }

  @Property(tries = 30)
  void snapshots_detectEveryFlippedBit(
      @ForAll("silenceEntries") List<SilenceEntry> sils,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 1 << 20) int where) {
    byte[] file = SnapshotFile.encode("silences", sils.size(), SilenceCodec.encode(sils));
    int bit = where % (file.length * 8);
    file[bit / 8] ^= (byte) (1 << (bit % 8));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SnapshotFile.decode(file, "silences"))
        .isInstanceOf(CorruptStateException.class);
  }

  @Property(tries = 50)
  void nflogMerge_isCommutativeAndIdempotentWithoutTimestampTies(
      @ForAll("nflogEntries") List<NflogEntry> a, @ForAll("nflogEntries") List<NflogEntry> b) {
    net.jqwik.api.Assume.that(noTies(a, b, e -> e.stateKey(), NflogEntry::timestamp));
    ManualClock clock = new ManualClock(NOW_MS);
    NotificationLog ab = new NotificationLog(clock, RETENTION, null);
    ab.merge(a);
    ab.merge(b);
    NotificationLog ba = new NotificationLog(clock, RETENTION, null);
    ba.merge(b);
    ba.merge(a);
    assertThat(sortedNflog(ab.entries())).isEqualTo(sortedNflog(ba.entries()));
    assertThat(ab.merge(a)).isEmpty();
    assertThat(ab.merge(ab.entries())).isEmpty();
  }

  @Property(tries = 50)
  void silenceMerge_isCommutativeAndIdempotentWithoutTimestampTies(
      @ForAll("silenceEntries") List<SilenceEntry> a,
      @ForAll("silenceEntries") List<SilenceEntry> b) {
    net.jqwik.api.Assume.that(noTies(a, b, e -> e.silence().id(), e -> e.silence().updatedAt()));
    ManualClock clock = new ManualClock(NOW_MS);
    Silences ab = new Silences(clock, RETENTION, null);
    ab.merge(a);
    ab.merge(b);
    Silences ba = new Silences(clock, RETENTION, null);
    ba.merge(b);
    ba.merge(a);
    assertThat(sortedSilences(ab.entries())).isEqualTo(sortedSilences(ba.entries()));
    assertThat(ab.merge(b)).isEmpty();
  }

  /** True when no two different entries share a key and a timestamp. */
  private static <E> boolean noTies(
      List<E> a,
      List<E> b,
      java.util.function.Function<E, String> key,
      java.util.function.Function<E, Instant> ts) {
    List<E> all = new ArrayList<>(a);
    all.addAll(b);
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        E x = all.get(i);
        E y = all.get(j);
        if (key.apply(x).equals(key.apply(y)) && ts.apply(x).equals(ts.apply(y)) && !x.equals(y)) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<SilenceEntry> sortedSilences(List<SilenceEntry> l) {
    List<SilenceEntry> c = new ArrayList<>(l);
    c.sort(Comparator.comparing(e -> e.silence().id()));
    return c;
  }

  private static List<NflogEntry> sortedNflog(List<NflogEntry> l) {
    List<NflogEntry> c = new ArrayList<>(l);
    c.sort(Comparator.comparing(NflogEntry::stateKey));
    return c;
  }
}
