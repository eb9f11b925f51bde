package io.argus.template.prometheus;

import java.util.List;
import java.util.Map;

/**
 * Evaluates a PromQL instant query for the template function {@code query}. Implementations must be
 * thread-safe if one template expansion may run concurrently with another.
 */
@FunctionalInterface
public interface QueryFunction {

  /**
   * Evaluates {@code expression} at {@code timeMillis} (Unix milliseconds).
   *
   * @return the instant vector's samples in the engine's order (a scalar as one sample without
   *     labels)
   * @throws QueryException with the engine's message, which templates report as {@code error
   *     calling query: <message>}
   */
  List<Sample> query(String expression, long timeMillis) throws QueryException;

  /**
   * One sample of a query result.
   *
   * @param labels the series labels, the metric name under {@code __name__}
   */
  record Sample(Map<String, String> labels, double value) {
    public Sample {
      labels = Map.copyOf(labels);
    }
  }

  /** A query failed. */
  final class QueryException extends Exception {
    private static final long serialVersionUID = 1L;

    public QueryException(String message) {
      super(message);
    }
  }
}
