package io.argus.store.dedup;

import java.util.ArrayList;
import java.util.List;

/**
 * The gap-filling merge written as plainly as possible from {@link GapFillDeduplicator}'s Javadoc,
 * over lists, sharing no code with the implementation: the reference of the property tests.
 */
final class ReferenceGapFill {
  private ReferenceGapFill() {}

  static List<Sample> merge(List<List<Sample>> replicas, boolean counter) {
    List<Sample> out = new ArrayList<>();
    double[] offset = new double[replicas.size()];
    // 1. the earliest first sample, lowest index on ties ...
    int c = -1;
    for (int r = 0; r < replicas.size(); r++) {
      if (!replicas.get(r).isEmpty()
          && (c < 0 || replicas.get(r).get(0).t() < replicas.get(c).get(0).t())) {
        c = r;
      }
    }
    if (c < 0) {
      return out;
    }
    // ... unless R0's first sample is at most 1.5 x R0's first interval later
    List<Sample> r0 = replicas.get(0);
    if (c != 0 && r0.size() >= 2) {
      long d0 = r0.get(1).t() - r0.get(0).t();
      long lead = r0.get(0).t() - replicas.get(c).get(0).t();
      if (2 * lead <= 3 * d0) {
        c = 0;
      }
    }
    out.add(replicas.get(c).get(0));
    while (true) {
      Sample last = out.get(out.size() - 1);
      long l = last.t();
      // 2. the interval of c at L
      List<Long> before = new ArrayList<>();
      for (Sample s : replicas.get(c)) {
        if (s.t() < l) {
          before.add(s.t());
        }
      }
      Long d = null;
      if (before.size() >= 1) {
        d = l - before.get(before.size() - 1);
      }
      if (before.size() >= 2) {
        d = Math.min(d, before.get(before.size() - 1) - before.get(before.size() - 2));
      }
      // 3. c's next sample and the gap test
      Sample n = null;
      for (Sample s : replicas.get(c)) {
        if (s.t() > l) {
          n = s;
          break;
        }
      }
      boolean gap = n == null || (d != null && 2 * (n.t() - l) > 3 * d);
      if (!gap) {
        out.add(valueOf(n, offset[c]));
        continue;
      }
      // 5. offers of the other replicas
      int bestReplica = -1;
      Sample best = null;
      for (int r = 0; r < replicas.size(); r++) {
        if (r == c) {
          continue;
        }
        for (Sample s : replicas.get(r)) {
          boolean far = d == null ? s.t() > l : 5 * (s.t() - l) > d;
          if (far) {
            if (best == null || s.t() < best.t()) {
              best = s;
              bestReplica = r;
            }
            break;
          }
        }
      }
      if (best != null && (n == null || best.t() < n.t())) {
        if (counter
            && !Double.isNaN(last.v())
            && !Double.isNaN(best.v())
            && best.v() + offset[bestReplica] < last.v()) {
          offset[bestReplica] = last.v() - best.v();
        }
        c = bestReplica;
        out.add(valueOf(best, offset[c]));
      } else if (n != null) {
        out.add(valueOf(n, offset[c]));
      } else {
        return out;
      }
    }
  }

  private static Sample valueOf(Sample raw, double offset) {
    return offset == 0 || Double.isNaN(raw.v()) ? raw : new Sample(raw.t(), raw.v() + offset);
  }
}
