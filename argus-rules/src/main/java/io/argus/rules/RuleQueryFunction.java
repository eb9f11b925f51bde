package io.argus.rules;

import io.argus.model.labels.Labels;
import io.argus.promql.Engine;
import io.argus.promql.QueryResult;
import io.argus.promql.Sample;
import io.argus.promql.Scalar;
import io.argus.promql.Vector;
import io.argus.storage.Queryable;
import io.argus.template.prometheus.QueryFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the instant queries of rules (and of the {@code query} template function). A scalar
 * result is turned into a vector of one sample without labels. Implementations are thread-safe:
 * every rule group calls it from its own thread.
 */
@FunctionalInterface
public interface RuleQueryFunction {
  /**
   * Evaluates {@code query} at {@code timeMillis} (Unix ms).
   *
   * @throws RuntimeException with the engine's message (a parse error, a failed evaluation, or
   *     {@code rule result is not a vector or scalar})
   */
  Vector query(String query, long timeMillis);

  /** Runs instant queries with {@code engine} over {@code storage}, as Prometheus' rules do. */
  static RuleQueryFunction engine(Engine engine, Queryable storage) {
    return (query, timeMillis) -> {
      QueryResult result = engine.instantQuery(storage, query, timeMillis);
      return switch (result.value()) {
        case Vector v -> v;
        case Scalar s -> new Vector(List.of(new Sample(Labels.EMPTY, s.t(), s.v())));
        default -> throw new RuleEvaluationException("rule result is not a vector or scalar");
      };
    };
  }

  /** This function as the template engine's {@code query} function. */
  default QueryFunction asTemplateQuery() {
    return (expression, timeMillis) -> {
      Vector v;
      try {
        v = query(expression, timeMillis);
      } catch (RuntimeException e) {
        throw new QueryFunction.QueryException(String.valueOf(e.getMessage()));
      }
      List<QueryFunction.Sample> out = new ArrayList<>(v.size());
      for (Sample s : v.samples()) {
        Map<String, String> labels = new HashMap<>();
        s.labels().forEach(labels::put);
        out.add(new QueryFunction.Sample(labels, s.v()));
      }
      return out;
    };
  }
}
