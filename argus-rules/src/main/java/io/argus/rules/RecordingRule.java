package io.argus.rules;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.promql.Sample;
import io.argus.promql.Vector;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A recording rule: writes the result of its expression as series named {@link #name()}, with the
 * rule's labels set on every sample.
 */
public final class RecordingRule extends EvaluatedRule {
  static final String DUPLICATE_LABELSET =
      "vector contains metrics with the same labelset after applying rule labels";

  private final String name;
  private final String query;
  private final Labels labels;

  /**
   * @param name the metric name written
   * @param query the expression, as printed by the PromQL printer
   * @param labels labels set on every result (overriding those of the result)
   */
  public RecordingRule(String name, String query, Labels labels) {
    this.name = name;
    this.query = query;
    this.labels = labels;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public String query() {
    return query;
  }

  @Override
  public String definition() {
    return "record: " + name + "\nexpr: " + query + "\nlabels: " + labels;
  }

  @Override
  public List<Sample> eval(
      long evalMillis,
      long queryOffsetMillis,
      RuleQueryFunction queryFunction,
      @Nullable URI externalUrl,
      int limit) {
    Vector result = queryFunction.query(query, evalMillis - queryOffsetMillis);
    List<Sample> out = new ArrayList<>(result.size());
    Set<Labels> seen = new HashSet<>();
    boolean duplicate = false;
    for (Sample s : result.samples()) {
      LabelsBuilder b = s.labels().toBuilder().set("__name__", name);
      labels.forEach(b::set);
      Labels l = b.build();
      duplicate |= !seen.add(l);
      out.add(new Sample(l, s.t(), s.v()));
    }
    if (duplicate) {
      throw new RuleEvaluationException(DUPLICATE_LABELSET);
    }
    if (limit > 0 && out.size() > limit) {
      throw new RuleEvaluationException(
          "exceeded limit of " + limit + " with " + out.size() + " series");
    }
    return out;
  }
}
