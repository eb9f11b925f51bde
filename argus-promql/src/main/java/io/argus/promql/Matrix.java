package io.argus.promql;

import java.util.List;

/** A range vector: series with points, sorted by labels when returned by a range query. */
public record Matrix(List<SeriesPoints> series) implements Value {
  public Matrix {
    series = List.copyOf(series);
  }

  public int size() {
    return series.size();
  }

  public SeriesPoints get(int i) {
    return series.get(i);
  }

  @Override
  public String typeName() {
    return "matrix";
  }
}
