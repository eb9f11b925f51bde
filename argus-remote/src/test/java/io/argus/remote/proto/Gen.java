package io.argus.remote.proto;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Utf8Order;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Arbitraries for random remote-write content. */
final class Gen {
  private Gen() {}

  /** A label set as sorted (UTF-8 order), unique name/value pairs; values may be empty. */
  record RawLabels(List<String> names, List<String> values) {
    /** What the decoders return: empty values dropped. */
    Labels expected() {
      List<String> pairs = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        if (!values.get(i).isEmpty()) {
          pairs.add(names.get(i));
          pairs.add(values.get(i));
        }
      }
      return Labels.ofSortedPairs(pairs.toArray(new String[0]));
    }

    /** The same labels as a {@link Labels} (values all non-empty). */
    Labels nonEmpty() {
      return expected();
    }
  }

  static Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Arbitraries.of("__name__", "job", "instance", "a", "b", "cluster", "__replica__", "zé"),
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12),
        Arbitraries.strings()
            .all()
            .ofMinLength(1)
            .ofMaxLength(6)
            .filter(s -> s.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF)));
  }

  static Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.just(""),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20),
        Arbitraries.strings().withChars("äöü€\"\\\n").ofMaxLength(5),
        Arbitraries.of("😀", "a😀b", "日本"));
  }

  static Arbitrary<RawLabels> labels(int max) {
    return Arbitraries.maps(names(), values())
        .ofMaxSize(max)
        .map(
            m -> {
              TreeMap<String, String> sorted = new TreeMap<>(Utf8Order.COMPARATOR);
              sorted.putAll(m);
              return new RawLabels(
                  new ArrayList<>(sorted.keySet()), new ArrayList<>(sorted.values()));
            });
  }

  static Arbitrary<Double> doubles() {
    return Arbitraries.oneOf(
        Arbitraries.doubles(),
        Arbitraries.of(
            0.0,
            -0.0,
            Double.NaN,
            Double.longBitsToDouble(0x7ff0000000000002L),
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE,
            Double.MAX_VALUE));
  }

  static Arbitrary<Long> timestamps() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1_600_000_000_000L, 1_900_000_000_000L),
        Arbitraries.longs(),
        Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
  }

  record RawSample(double v, long t) {}

  static Arbitrary<List<RawSample>> samples(int max) {
    return Combinators.combine(doubles(), timestamps()).as(RawSample::new).list().ofMaxSize(max);
  }
}
