package io.argus.store.dedup;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Thanos' penalty algorithm ({@code --deduplication.func=penalty}), kept for compatibility.
 *
 * <p>Two replicas A and B are merged with this state: {@code lastT}, the timestamp (ms) of the last
 * emitted sample (unset at first); penalties {@code penA} and {@code penB} (ms, 0 at first). Each
 * step seeks A to its first sample at or after {@code lastT + 1 + penA} and B likewise; if one is
 * exhausted the other is emitted and its penalty reset to 0; otherwise the earlier sample is
 * emitted (ties go to A), its input's penalty is reset to 0 and the other input's penalty becomes
 * {@code 2 × (t − lastT)}, or {@value PenaltySampleIterator#INITIAL_PENALTY} ms for the first
 * sample. While a replica keeps its interval {@code d} the other is held back by {@code 2d}, so the
 * output stays on one replica; it switches only across a gap longer than about {@code 2d}, and
 * samples of the other replica inside {@code (lastT, lastT + 2d]} are skipped, so a gap shrinks but
 * stays visible (a 50 s gap at a 10 s interval becomes about 23 s). More than two replicas are
 * folded from the left: {@code merge(merge(r0, r1), r2)…}. {@code seek(t)} steps with {@code
 * next()} so it cannot jump over the gap logic.
 *
 * <p>Counter mode applies when {@link SelectHints#func()} is one of {@code rate}, {@code irate},
 * {@code increase}, {@code resets} (a heuristic on the function name, as upstream). Each input then
 * carries an offset, 0 at first, added to its float values; whenever the output switches input
 * after a float sample, each input positioned on a float sample whose offset value is below the
 * last emitted value has its offset raised by the difference, for the rest of the series. So {@code
 * rate()} sees no reset where the output switches replica. Unlike upstream, stale markers keep
 * their exact bits under an offset.
 *
 * <p>Native histogram samples pass through as the picked input's, never adjusted. Stateless and
 * thread-safe; the returned set and its iterators are single-threaded.
 */
public final class PenaltyDeduplicator implements SeriesDeduplicator {
  /** The PromQL functions whose argument is treated as a counter. */
  static final Set<String> COUNTER_FUNCTIONS = Set.of("rate", "irate", "increase", "resets");

  @Override
  public SeriesSet deduplicate(SeriesSet sorted, SelectHints hints) {
    String func = hints.func();
    boolean counter = func != null && COUNTER_FUNCTIONS.contains(func);
    return new ReplicaGroupingSeriesSet(
        sorted, (labels, replicas) -> new PenaltySeries(labels, replicas, counter));
  }

  /** The replicas of one label set seen through the penalty merge. */
  private record PenaltySeries(Labels labels, Series[] replicas, boolean counter)
      implements Series {
    @Override
    public SampleIterator iterator(@Nullable SampleIterator reuse) {
      return fold(replicas.length - 1, reuse);
    }

    /** Returns the merge of replicas 0..last, reusing the iterators of {@code reuse}'s tree. */
    private SampleIterator fold(int last, @Nullable SampleIterator reuse) {
      if (last == 0) {
        return replicas[0].iterator(reuse);
      }
      PenaltySampleIterator node =
          reuse instanceof PenaltySampleIterator p ? p : new PenaltySampleIterator();
      SampleIterator left = fold(last - 1, node.a());
      SampleIterator right = replicas[last].iterator(node.b());
      node.reset(left, right, counter);
      return node;
    }
  }
}
