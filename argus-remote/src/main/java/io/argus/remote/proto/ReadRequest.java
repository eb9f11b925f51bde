package io.argus.remote.proto;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A decoded remote-read {@code prometheus.ReadRequest}.
 *
 * @param queries the queries in request order
 * @param acceptedResponseTypes the wire numbers of the accepted response types in preference order
 *     ({@link #SAMPLES}, {@link #STREAMED_XOR_CHUNKS}; others may appear)
 */
public record ReadRequest(List<Query> queries, List<Integer> acceptedResponseTypes) {
  public static final int SAMPLES = 0;
  public static final int STREAMED_XOR_CHUNKS = 1;

  public ReadRequest {
    queries = List.copyOf(queries);
    acceptedResponseTypes = List.copyOf(acceptedResponseTypes);
  }

  /**
   * One query: an inclusive time range in Unix ms, label matchers and optional hints.
   *
   * @param matchers matchers as on the wire: type 0 EQ, 1 NEQ, 2 RE, 3 NRE
   */
  public record Query(
      long startTimestampMs,
      long endTimestampMs,
      List<LabelMatcher> matchers,
      @Nullable ReadHints hints) {
    public Query {
      matchers = List.copyOf(matchers);
    }
  }

  /** A label matcher; {@code type} is the wire number (EQ=0, NEQ=1, RE=2, NRE=3). */
  public record LabelMatcher(int type, String name, String value) {}

  /** Query hints as Prometheus sends them (times in Unix ms). */
  public record ReadHints(
      long stepMs,
      String func,
      long startMs,
      long endMs,
      List<String> grouping,
      boolean by,
      long rangeMs) {
    public ReadHints {
      grouping = List.copyOf(grouping);
    }
  }
}
