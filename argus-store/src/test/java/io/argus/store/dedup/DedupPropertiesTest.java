package io.argus.store.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.storage.FloatSamples;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.storage.merge.SeriesSets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random replica sets: 1–4 replicas of one target scraped at a common interval (sometimes one
 * replica at twice it), each with its own phase, jitter, gaps, stale markers and, for counters, its
 * own lag behind the target; the counter has 0–2 resets.
 */
class DedupPropertiesTest {
  private static final Labels COUNTER = Labels.of("__name__", "jobs_total", "job", "a");
  private static final Labels GAUGE = Labels.of("__name__", "queue_length", "job", "a");
  private static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

  /** A generated replica set. */
  record Scenario(
      long seed, boolean counter, boolean resets, long interval, List<List<Sample>> replicas) {
    Labels labels() {
      return counter ? COUNTER : GAUGE;
    }

    List<Series> series() {
      List<Series> out = new ArrayList<>();
      for (List<Sample> r : replicas) {
        out.add(ArraySeries.of(labels(), r));
      }
      return out;
    }

    @Override
    public String toString() {
      return "seed=" + seed + " counter=" + counter + " resets=" + resets + " " + replicas;
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Arbitraries.longs().map(DedupPropertiesTest::generate);
  }

  static Scenario generate(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int k = 1 + rnd.nextInt(4);
    long interval = 1000L * (1 + rnd.nextInt(30));
    int scrapes = 5 + rnd.nextInt(80);
    long span = interval * scrapes;
    boolean counter = rnd.nextBoolean();
    boolean resets = counter && rnd.nextInt(3) == 0;
    long[] resetAt = new long[resets ? 1 + rnd.nextInt(2) : 0];
    for (int i = 0; i < resetAt.length; i++) {
      resetAt[i] = rnd.nextLong(span);
    }
    double ratePerMs = rnd.nextDouble() * 0.05;
    double base = rnd.nextInt(1000);
    List<List<Sample>> replicas = new ArrayList<>();
    for (int r = 0; r < k; r++) {
      long step = rnd.nextInt(8) == 0 ? interval * 2 : interval;
      long phase = rnd.nextLong(step);
      long jitter = rnd.nextInt(4) == 0 ? 0 : rnd.nextLong(step / 10 + 1);
      long lag = rnd.nextInt(3) == 0 ? rnd.nextLong(5000) : 0;
      int gapCount = rnd.nextInt(4);
      long[] gapFrom = new long[gapCount];
      long[] gapTo = new long[gapCount];
      for (int g = 0; g < gapCount; g++) {
        gapFrom[g] = rnd.nextLong(span);
        gapTo[g] = gapFrom[g] + rnd.nextLong(interval * (1 + rnd.nextInt(10)));
      }
      List<Sample> samples = new ArrayList<>();
      boolean wasInGap = false;
      for (long nominal = phase; nominal < span; nominal += step) {
        long t = nominal + (jitter == 0 ? 0 : rnd.nextLong(-jitter, jitter + 1));
        boolean inGap = false;
        for (int g = 0; g < gapCount; g++) {
          inGap |= t >= gapFrom[g] && t < gapTo[g];
        }
        if (inGap) {
          if (!wasInGap && rnd.nextBoolean()) {
            samples.add(new Sample(t, STALE_NAN));
          }
        } else {
          double v;
          if (rnd.nextInt(40) == 0) {
            v = STALE_NAN;
          } else if (counter) {
            long since = -1;
            for (long reset : resetAt) {
              if (reset <= t - lag && reset > since) {
                since = reset;
              }
            }
            v = since < 0 ? base + (t - lag) * ratePerMs : (t - lag - since) * ratePerMs;
          } else {
            v = rnd.nextInt(100);
          }
          samples.add(new Sample(t, v));
        }
        wasInGap = inGap;
      }
      replicas.add(samples);
    }
    return new Scenario(seed, counter, resets, interval, replicas);
  }

  private static List<Sample> run(SeriesDeduplicator dedup, Scenario s, SelectHints hints) {
    SeriesSet set = dedup.deduplicate(SeriesSets.from(s.series()), hints);
    assertThat(set.next()).isTrue();
    List<Sample> out = Sample.drain(set.at().iterator(null));
    assertThat(set.next()).isFalse();
    return out;
  }

  private static List<Sample> gapFill(Scenario s) {
    return run(new GapFillDeduplicator(), s, SelectHints.NONE);
  }

  /** Compares samples bit for bit (stale markers included). */
  private static List<String> bits(List<Sample> samples) {
    return samples.stream()
        .map(x -> x.t() + "=" + Long.toHexString(Double.doubleToRawLongBits(x.v())))
        .toList();
  }

  @Property(tries = 400)
  void gapFill_equalsReferenceMerge(@ForAll("scenarios") Scenario s) {
    List<Sample> expected = ReferenceGapFill.merge(s.replicas(), s.counter());
    assertThat(bits(gapFill(s))).isEqualTo(bits(expected));
  }

  /**
   * Bulk reads ({@code readFloats} with random bounds, mixed with single steps) over a gap-fill
   * that reads its replicas ahead in random, often tiny, windows give the reference merge.
   */
  @Property(tries = 300)
  void gapFill_readFloatsInWindows_equalsReferenceMerge(@ForAll("scenarios") Scenario s) {
    SplittableRandom rnd = new SplittableRandom(s.seed());
    long window = 1 + rnd.nextLong(s.interval() * 4);
    CounterClassifier classifier = new SuffixCounterClassifier();
    SeriesSet set =
        new GapFillDeduplicator(classifier, window)
            .deduplicate(SeriesSets.from(s.series()), SelectHints.NONE);
    assertThat(set.next()).isTrue();
    SampleIterator it = set.at().iterator(null);
    FloatSamples read = new FloatSamples(1);
    ValueType type = it.next();
    while (type == ValueType.FLOAT) {
      if (rnd.nextInt(4) == 0) {
        read.ensureRoom();
        read.times[read.size] = it.atT();
        read.values[read.size] = it.atFloat();
        read.size++;
        type = it.next();
      } else {
        type = it.readFloats(it.atT() + rnd.nextLong(s.interval() * 6), read);
      }
    }
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < read.size; i++) {
      out.add(new Sample(read.times[i], read.values[i]));
    }
    List<Sample> expected = ReferenceGapFill.merge(s.replicas(), s.counter());
    assertThat(bits(out)).isEqualTo(bits(expected));
  }

  @Property(tries = 300)
  void penalty_equalsReferenceMerge(@ForAll("scenarios") Scenario s) {
    SelectHints rate = new SelectHints(0, Long.MAX_VALUE, 0, 60_000, "rate", List.of(), false, 0);
    List<Sample> raw = run(new PenaltyDeduplicator(), s, SelectHints.NONE);
    List<Sample> counter = run(new PenaltyDeduplicator(), s, rate);

    assertThat(bits(raw)).isEqualTo(bits(ReferencePenalty.merge(s.replicas(), false)));
    assertThat(bits(counter)).isEqualTo(bits(ReferencePenalty.merge(s.replicas(), true)));
  }

  @Property(tries = 200)
  void everyAlgorithm_timestampsStrictlyIncreasing(@ForAll("scenarios") Scenario s) {
    SelectHints rate = new SelectHints(0, Long.MAX_VALUE, 0, 60_000, "rate", List.of(), false, 0);
    for (List<Sample> out :
        List.of(
            gapFill(s),
            run(new PenaltyDeduplicator(), s, rate),
            run(new ChainDeduplicator(), s, SelectHints.NONE))) {
      for (int i = 1; i < out.size(); i++) {
        assertThat(out.get(i).t()).isGreaterThan(out.get(i - 1).t());
      }
    }
  }

  /** Between stale markers the merged counter never decreases unless the target reset. */
  @Property(tries = 300)
  void gapFill_counterWithoutReset_monotonic(@ForAll("scenarios") Scenario s) {
    if (!s.counter() || s.resets()) {
      return;
    }
    double previous = Double.NaN;
    for (Sample x : gapFill(s)) {
      if (!Double.isNaN(previous) && !Double.isNaN(x.v())) {
        assertThat(x.v()).as("at %d", x.t()).isGreaterThanOrEqualTo(previous);
      }
      previous = x.v();
    }
  }

  /** Gauges: a sample of some replica, bit for bit; counters: one raised by an offset >= 0. */
  @Property(tries = 300)
  void gapFill_everySampleFromSomeReplica(@ForAll("scenarios") Scenario s) {
    for (Sample x : gapFill(s)) {
      boolean found = false;
      for (List<Sample> r : s.replicas()) {
        for (Sample y : r) {
          if (y.t() != x.t()) {
            continue;
          }
          boolean nan = Double.isNaN(x.v()) || Double.isNaN(y.v());
          found |=
              nan
                  ? Double.doubleToRawLongBits(x.v()) == Double.doubleToRawLongBits(y.v())
                  : s.counter() ? x.v() >= y.v() : x.v() == y.v();
        }
      }
      assertThat(found).as("%s", x).isTrue();
    }
  }

  /**
   * Where two output samples L, M are more than 1.5·d apart (d: the interval of a replica that has
   * a sample at L), no other replica had a sample in (L + d/5, M).
   */
  @Property(tries = 300)
  void gapFill_noHoleWhereAnotherReplicaHadData(@ForAll("scenarios") Scenario s) {
    List<Sample> out = gapFill(s);
    for (int i = 1; i < out.size(); i++) {
      long l = out.get(i - 1).t();
      long m = out.get(i).t();
      boolean explained = false;
      boolean anySource = false;
      for (int c = 0; c < s.replicas().size(); c++) {
        List<Long> times = s.replicas().get(c).stream().map(Sample::t).toList();
        int at = times.indexOf(l);
        if (at < 1) {
          continue;
        }
        anySource = true;
        long d = l - times.get(at - 1);
        if (at >= 2) {
          d = Math.min(d, times.get(at - 1) - times.get(at - 2));
        }
        if (2 * (m - l) <= 3 * d) {
          explained = true;
          continue;
        }
        boolean otherHadData = false;
        for (int r = 0; r < s.replicas().size(); r++) {
          for (Sample y : s.replicas().get(r)) {
            otherHadData |= r != c && 5 * (y.t() - l) > d && y.t() < m;
          }
        }
        explained |= !otherHadData;
      }
      assertThat(explained || !anySource).as("step %d -> %d", l, m).isTrue();
    }
  }
}
