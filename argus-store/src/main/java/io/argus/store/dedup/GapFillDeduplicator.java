package io.argus.store.dedup;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import org.jspecify.annotations.Nullable;

/**
 * The default replica merge: follows one replica while it keeps its cadence and fills each of its
 * gaps from whichever other replica has samples inside the gap; counters (decided by a {@link
 * CounterClassifier} from the series' type, not from the PromQL function) stay monotonic where the
 * output switches replica.
 *
 * <p><b>Definition.</b> Replicas {@code R0…Rk-1} are each a sequence of samples in strictly
 * ascending time order. The output is built one sample at a time; {@code c} is the <em>current
 * replica</em> and {@code L} the timestamp (ms) of the last emitted sample.
 *
 * <ol>
 *   <li>The first sample is {@code R0}'s first sample when {@code R0} has at least two samples and
 *       no replica's first sample is more than {@code 1.5·d0} earlier, {@code d0} being the
 *       distance between {@code R0}'s first two samples (exactly: {@code 2·(f0 − f) ≤ 3·d0} for
 *       the earliest first sample {@code f}); otherwise it is the earliest first sample of any
 *       replica (the lowest replica index on equal timestamps). Its replica becomes {@code c}.
 *       {@code R0} is thus preferred over replicas that merely scrape at another phase, which lets
 *       the querier read the other replicas only where {@code R0} lacks samples.
 *   <li>The <em>interval</em> {@code d} of {@code c} at {@code L} is the smaller of the last two
 *       distances between consecutive samples of {@code c} up to {@code L}, i.e. {@code min(L − p1,
 *       p1 − p2)} where {@code p1 > p2} are {@code c}'s two samples before {@code L} (all of {@code
 *       c}'s samples count, emitted or not); {@code L − p1} when {@code c} has one sample before
 *       {@code L}; undefined when it has none.
 *   <li>Let {@code n} be {@code c}'s first sample after {@code L}. {@code c} has a <em>gap</em> at
 *       {@code L} when {@code n} does not exist or {@code n.t − L > 1.5·d} (exactly: {@code 2·(n.t
 *       − L) > 3·d}); never when {@code d} is undefined and {@code n} exists.
 *   <li>Without a gap the next output sample is {@code n} (stay on {@code c}).
 *   <li>With a gap, every other replica offers its first sample {@code s} with {@code s.t − L >
 *       d/5} (exactly: {@code 5·(s.t − L) > d}; when {@code d} is undefined, {@code s.t > L}). The
 *       earliest offer (lowest index on equal timestamps) that is earlier than {@code n} (or any
 *       offer when {@code n} does not exist) is the next output sample and its replica becomes
 *       {@code c} (a <em>switch</em>). Without such an offer the next sample is {@code n}, or the
 *       output ends when {@code n} does not exist.
 * </ol>
 *
 * <p>Consequences: while {@code c} keeps its cadence the output is exactly {@code c}'s samples (no
 * zig-zag between jittered replicas, one replica's density). A step longer than {@code 1.5·d}
 * remains only where no other replica has a sample more than {@code d/5} after {@code L}: a hole in
 * {@code c} is filled from another replica at once, and at a switch the output steps by at most the
 * other replica's own interval plus {@code d/5} (with equal intervals {@code 1.2·d}), where Thanos'
 * penalty algorithm leaves about {@code 2·d} of every gap empty. The {@code d/5} spacing skips
 * another replica's sample taken shortly after {@code L}: {@code rate()} extrapolates to a window's
 * edges only when they are within 1.1 average intervals of its first and last samples, so both a
 * very short step (which lowers the average) and a long one make it dip; over every phase of two
 * replicas at equal intervals, {@code d/5} keeps the dip of {@code rate(x[4d])} across a failover
 * smallest (about 17% at worst, against 31% for {@code d/20} and 62% for penalty). There is no
 * preference for a replica that comes back. The step after the first sample of {@code c} (at the
 * start, or after a switch to a replica's first sample) is never judged a gap, since no interval is
 * known yet.
 *
 * <p><b>Counters.</b> For a series the classifier calls a counter, each replica carries an offset,
 * 0 at first, added to its float values (stale markers and other NaNs are emitted unchanged). At a
 * switch, if the last emitted value and the new replica's raw value {@code x} are both numbers and
 * {@code x + offset < last}, the new replica's offset becomes {@code last − x}, so the output does
 * not decrease at the switch; the offset stays for the rest of the series. Decreases between
 * samples of one replica (genuine resets) are left as they are, so {@code rate()} still sees them.
 * The adjustment applies to raw selectors too: PromQL functions over the merged series see the same
 * monotonic counter whatever their name.
 *
 * <p>Native histogram samples take part in the timing like float samples and pass through as the
 * current replica's; they are never offset. {@code seek(t)} steps with {@code next()}, since the
 * output at {@code t} depends on every sample before it. Select hints are not used. Stateless and
 * thread-safe; the returned set and its iterators are single-threaded; an iterator passed back as
 * {@code reuse} is rewound and reused with its replicas' iterators.
 */
public final class GapFillDeduplicator implements SeriesDeduplicator {
  private final CounterClassifier counters;
  private final long readWindowMs;

  /** Creates a deduplicator that recognises counters by {@code classifier}. */
  public GapFillDeduplicator(CounterClassifier classifier) {
    this(classifier, GapFillSampleIterator.WINDOW_MS);
  }

  /** As {@link #GapFillDeduplicator(CounterClassifier)}, reading replicas ahead by the window. */
  GapFillDeduplicator(CounterClassifier classifier, long readWindowMs) {
    this.counters = classifier;
    this.readWindowMs = readWindowMs;
  }

  /** Creates a deduplicator that recognises counters by their name's suffix. */
  public GapFillDeduplicator() {
    this(new SuffixCounterClassifier());
  }

  /**
   * True: a replica other than the current one is read only at the start (its first sample time),
   * where the current one has a gap, and where it might extend past the current one's end (its
   * {@link io.argus.storage.SampleIterator#maxTimeBound()}).
   */
  @Override
  public boolean readsLaterReplicasOnDemand() {
    return true;
  }

  @Override
  public SeriesSet deduplicate(SeriesSet sorted, SelectHints hints) {
    return new ReplicaGroupingSeriesSet(
        sorted,
        (labels, replicas) ->
            new GapFillSeries(labels, replicas, counters.isCounter(labels), readWindowMs));
  }

  /** The replicas of one label set seen through the gap-filling merge. */
  private record GapFillSeries(Labels labels, Series[] replicas, boolean counter, long readWindowMs)
      implements Series {
    @Override
    public SampleIterator iterator(@Nullable SampleIterator reuse) {
      GapFillSampleIterator it =
          reuse instanceof GapFillSampleIterator g ? g : new GapFillSampleIterator(readWindowMs);
      it.prepare(replicas.length, counter);
      for (int i = 0; i < replicas.length; i++) {
        it.setChild(i, replicas[i].iterator(it.child(i)));
      }
      return it;
    }
  }
}
