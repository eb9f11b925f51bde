package io.argus.promql;

import java.util.List;

/**
 * The outcome of a successful query.
 *
 * @param value the result
 * @param annotations warnings and infos raised while evaluating
 * @param query the query text the annotation positions refer to
 * @param stats simple statistics about the evaluation
 */
public record QueryResult(Value value, Annotations annotations, String query, QueryStats stats) {
  /** Returns the warnings as the HTTP API renders them: the storage's first, then PromQL's. */
  public List<String> warnings() {
    return annotations.render(Annotations.Kind.WARNING, query);
  }

  /** Returns the infos as the HTTP API renders them. */
  public List<String> infos() {
    return annotations.render(Annotations.Kind.INFO, query);
  }
}
