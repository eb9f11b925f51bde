package io.argus.store.dedup;

import java.util.ArrayList;
import java.util.List;

/**
 * Thanos' penalty merge written plainly from ha-protocols.md §1.3–1.4 over lists (float samples
 * only), sharing no code with {@link PenaltySampleIterator}: the reference of a property test.
 */
final class ReferencePenalty {
  private ReferencePenalty() {}

  /** Folds the replicas from the left: merge(merge(r0, r1), r2)… */
  static List<Sample> merge(List<List<Sample>> replicas, boolean counter) {
    List<Sample> acc = replicas.get(0);
    for (int i = 1; i < replicas.size(); i++) {
      acc = mergeTwo(acc, replicas.get(i), counter);
    }
    return acc;
  }

  private static List<Sample> mergeTwo(List<Sample> a, List<Sample> b, boolean counter) {
    List<Sample> out = new ArrayList<>();
    boolean lastSet = false;
    long lastT = 0;
    long penA = 0;
    long penB = 0;
    double adjA = 0;
    double adjB = 0;
    boolean useA = true;
    int ia = 0; // index of A's candidate; never moves back
    int ib = 0;
    while (true) {
      // 1. advance each input to its first sample at or after lastT + 1 + penalty
      if (lastSet) {
        while (ia < a.size() && a.get(ia).t() < lastT + 1 + penA) {
          ia++;
        }
        while (ib < b.size() && b.get(ib).t() < lastT + 1 + penB) {
          ib++;
        }
      }
      boolean aOk = ia < a.size();
      boolean bOk = ib < b.size();
      boolean previousUseA = useA;
      Sample picked;
      if (!aOk && !bOk) {
        return out;
      } else if (!aOk) {
        useA = false;
        picked = b.get(ib);
        penB = 0;
      } else if (!bOk) {
        useA = true;
        picked = a.get(ia);
        penA = 0;
      } else {
        Sample sa = a.get(ia);
        Sample sb = b.get(ib);
        useA = sa.t() <= sb.t();
        picked = useA ? sa : sb;
        long penalty = lastSet ? 2 * (picked.t() - lastT) : PenaltySampleIterator.INITIAL_PENALTY;
        if (useA) {
          penB = penalty;
          penA = 0;
        } else {
          penA = penalty;
          penB = 0;
        }
      }
      // §1.4: after a switch, lift each input whose current value is below the last output
      if (counter && !out.isEmpty() && useA != previousUseA) {
        double last = out.get(out.size() - 1).v();
        if (aOk && last > a.get(ia).v() + adjA) {
          adjA += last - (a.get(ia).v() + adjA);
        }
        if (bOk && last > b.get(ib).v() + adjB) {
          adjB += last - (b.get(ib).v() + adjB);
        }
      }
      double adj = useA ? adjA : adjB;
      double v = adj == 0 || Double.isNaN(picked.v()) ? picked.v() : picked.v() + adj;
      out.add(new Sample(picked.t(), v));
      lastSet = true;
      lastT = picked.t();
    }
  }
}
