package io.argus.store.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.FloatSamples;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.store.MemoryStore;
import io.argus.store.dedup.GapFillDeduplicator;
import io.argus.store.proxy.ProxyStore;
import io.argus.store.proxy.StoreEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The querier reading later replicas on demand (sample bounds first, chunks when the gap-fill merge
 * needs them) gives exactly the output of reading every replica in full.
 */
class OnDemandReplicaTest {
  private static final StoreQueryOptions DEDUP =
      new StoreQueryOptions(true, List.of("replica"), true);

  /** A generated set of replica stores, with or without sample-bounds answers. */
  private record Setup(List<MemoryStore> stores, long mint, long maxt) {}

  private static Setup generate(long seed, boolean bounds) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int replicas = 2 + rnd.nextInt(2);
    int seriesCount = 1 + rnd.nextInt(4);
    long interval = 1000L * (1 + rnd.nextInt(20));
    int scrapes = 3 + rnd.nextInt(150);
    List<MemoryStore> stores = new ArrayList<>();
    for (int r = 0; r < replicas; r++) {
      MemoryStore store = MemoryStore.of("r" + r, Labels.of("replica", "r" + r));
      if (bounds) {
        store.answeringSampleBounds();
      }
      stores.add(store);
    }
    for (int s = 0; s < seriesCount; s++) {
      boolean counter = rnd.nextBoolean();
      Labels labels = Labels.of("__name__", counter ? "x_total" : "x", "i", Integer.toString(s));
      for (int r = 0; r < replicas; r++) {
        if (rnd.nextInt(8) == 0) {
          continue; // this replica lacks the series
        }
        long phase = rnd.nextLong(interval);
        long jitter = rnd.nextInt(3) == 0 ? 0 : interval / 10 + 1;
        List<Long> times = new ArrayList<>();
        long gapFrom = rnd.nextInt(3) == 0 ? rnd.nextLong(interval * scrapes) : Long.MAX_VALUE;
        long gapTo = gapFrom == Long.MAX_VALUE ? 0 : gapFrom + rnd.nextLong(interval * 20);
        long start = rnd.nextInt(5) == 0 ? rnd.nextLong(interval * scrapes / 2 + 1) : 0;
        long end = rnd.nextInt(5) == 0 ? rnd.nextLong(interval * scrapes + 1) : Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < scrapes; i++) {
          long t = phase + i * interval + (jitter == 0 ? 0 : rnd.nextLong(jitter));
          if (t <= last || t < start || t > end || (t >= gapFrom && t < gapTo)) {
            continue;
          }
          times.add(t);
          last = t;
        }
        if (times.isEmpty()) {
          continue;
        }
        long[] ts = times.stream().mapToLong(Long::longValue).toArray();
        double offset = rnd.nextInt(100);
        stores.get(r).add(labels, ts, t -> counter ? t / 1000.0 + offset : (t * 7 + offset) % 13);
      }
    }
    long span = interval * scrapes;
    long mint = rnd.nextInt(3) == 0 ? rnd.nextLong(span / 2 + 1) : 0;
    long maxt = rnd.nextInt(3) == 0 ? mint + rnd.nextLong(span) : span + interval;
    return new Setup(stores, mint, maxt);
  }

  private static List<String> query(Setup setup, boolean bulk) {
    List<StoreEndpoint> endpoints = new ArrayList<>();
    for (MemoryStore s : setup.stores()) {
      endpoints.add(StoreEndpoint.healthy(s, s.info()));
    }
    StoreQueryable q =
        new StoreQueryable(
            new ProxyStore(() -> endpoints, Duration.ZERO, 4), new GapFillDeduplicator(), DEDUP);
    List<String> out = new ArrayList<>();
    try (Querier querier = q.querier(setup.mint(), setup.maxt())) {
      SeriesSet set =
          querier.select(
              true,
              SelectHints.range(setup.mint(), setup.maxt()),
              Matcher.regex("__name__", "x.*"));
      while (set.next()) {
        // A series without samples in the range (its chunks only straddle it) is answered by the
        // chunk read and left out of a bounds answer; PromQL sees neither, so it is not compared.
        String labels = set.at().labels().toString();
        int before = out.size();
        out.add(labels);
        SampleIterator it = set.at().iterator(null);
        if (bulk) {
          FloatSamples buf = new FloatSamples(4);
          ValueType vt = it.next();
          while (vt == ValueType.FLOAT) {
            vt = it.readFloats(Long.MAX_VALUE, buf);
          }
          for (int i = 0; i < buf.size; i++) {
            out.add(buf.times[i] + "=" + Double.doubleToRawLongBits(buf.values[i]));
          }
        } else {
          for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
            out.add(it.atT() + "=" + Double.doubleToRawLongBits(it.atFloat()));
          }
        }
        if (out.size() == before + 1) {
          out.remove(before);
        }
      }
      out.add("warnings " + set.warnings());
    }
    return out;
  }

  @Property(tries = 1000)
  void laterReplicasOnDemand_sameOutputAsFullReads(@ForAll long seed) {
    List<String> full = query(generate(seed, false), false);

    assertThat(query(generate(seed, true), false)).isEqualTo(full);
    assertThat(query(generate(seed, true), true)).isEqualTo(full);
  }

  @Test
  void replicasAtOtherPhases_noGaps_laterReplicaNeverFetched() {
    List<MemoryStore> stores = new ArrayList<>();
    long[] phases = {7_000, 0, 11_000};
    for (int r = 0; r < phases.length; r++) {
      MemoryStore s =
          MemoryStore.of("r" + r, Labels.of("replica", "r" + r)).answeringSampleBounds();
      for (int i = 0; i < 50; i++) {
        s.add(
            Labels.of("__name__", "x_total", "i", Integer.toString(i)),
            MemoryStore.times(phases[r], 3_600_000 + phases[r], 15_000),
            t -> t / 1000.0);
      }
      stores.add(s);
    }
    // up to r0's last sample, so that no replica extends past r0's end
    Setup setup = new Setup(stores, 0, 3_607_000);

    List<String> out = query(setup, true);

    assertThat(out).hasSize(50 * (1 + 241) + 1);
    // replica r0 is read in full; the others answered bounds and were never asked for chunks
    assertThat(stores.get(0).chunkRequests()).isEqualTo(1);
    assertThat(stores.get(0).boundsRequests()).isZero();
    for (MemoryStore s : stores.subList(1, 3)) {
      assertThat(s.boundsRequests()).isEqualTo(1);
      assertThat(s.chunkRequests()).isZero();
    }
    // the output is replica r0's samples (phase 7 s), though r1 starts 7 s earlier
    assertThat(out.get(1)).startsWith("7000=");
  }

  @Test
  void firstReplicaMissingAStretch_laterReplicaFetchedOnce() {
    MemoryStore a = MemoryStore.of("a", Labels.of("replica", "a")).answeringSampleBounds();
    MemoryStore b = MemoryStore.of("b", Labels.of("replica", "b")).answeringSampleBounds();
    for (int i = 0; i < 20; i++) {
      Labels labels = Labels.of("__name__", "x_total", "i", Integer.toString(i));
      long[] all = MemoryStore.times(0, 600_000, 15_000);
      boolean hole = i == 5;
      long[] holed =
          java.util.Arrays.stream(all).filter(t -> !hole || t < 200_000 || t > 300_000).toArray();
      a.add(labels, holed, t -> t / 1000.0);
      b.add(labels, MemoryStore.times(5_000, 605_000, 15_000), t -> t / 1000.0);
    }
    Setup setup = new Setup(List.of(a, b), 0, 605_000);

    List<String> onDemand = query(setup, false);

    assertThat(b.boundsRequests()).isEqualTo(1);
    assertThat(b.chunkRequests()).isEqualTo(1);
    // series 5's hole is filled from b
    int start = onDemand.indexOf("{__name__=\"x_total\", i=\"5\"}");
    assertThat(onDemand.subList(start, start + 42)).anyMatch(s -> s.startsWith("215000="));
  }
}
