package io.argus.template.prometheus;

import io.argus.promql.Engine;
import io.argus.promql.EngineOptions;
import io.argus.promql.Scalar;
import io.argus.promql.Value;
import io.argus.promql.Vector;
import io.argus.promql.promqltest.InMemoryStorage;
import io.argus.promql.promqltest.PromqlScript;
import io.argus.promql.promqltest.SeriesValues;
import io.argus.storage.Appender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The template {@code query} function backed by the real PromQL engine over an in-memory storage,
 * converting results as Prometheus' rule manager does (a scalar becomes one sample without labels).
 */
final class EngineQueryFunction implements QueryFunction {
  private final Engine engine = new Engine(EngineOptions.DEFAULT);
  private final InMemoryStorage storage = new InMemoryStorage();

  /** Loads {@code series} (selector to promtool values notation) at a 1m interval from 0. */
  EngineQueryFunction(Map<String, String> series) {
    StringBuilder load = new StringBuilder("load 1m\n");
    series.forEach((k, v) -> load.append("  ").append(k).append(' ').append(v).append('\n'));
    PromqlScript script = PromqlScript.parse("template-series", load.toString());
    Appender app = storage.appender();
    for (PromqlScript.Command cmd : script.commands()) {
      PromqlScript.Load l = (PromqlScript.Load) cmd;
      for (PromqlScript.LoadedSeries s : l.series()) {
        for (int i = 0; i < s.values().size(); i++) {
          if (s.values().kind(i) == SeriesValues.Kind.FLOAT) {
            app.append(0, s.labels(), i * l.intervalMs(), s.values().value(i));
          }
        }
      }
    }
    app.commit();
  }

  @Override
  public List<Sample> query(String expression, long timeMillis) throws QueryException {
    Value value;
    try {
      value = engine.instantQuery(storage, expression, timeMillis).value();
    } catch (RuntimeException e) {
      throw new QueryException(e.getMessage());
    }
    return switch (value) {
      case Vector v -> {
        List<Sample> out = new ArrayList<>(v.size());
        for (io.argus.promql.Sample s : v.samples()) {
          Map<String, String> labels = new HashMap<>();
          s.labels().forEach(labels::put);
          out.add(new Sample(labels, s.v()));
        }
        yield out;
      }
      case Scalar s -> List.of(new Sample(Map.of(), s.v()));
      default -> throw new QueryException("rule result is not a vector or scalar");
    };
  }
}
