package io.argus.alertmanager.silence;

import java.util.List;

/** The silences a query selected and the store version they reflect. Immutable. */
public record QueryResult(List<Silence> silences, long version) {
  public QueryResult {
    silences = List.copyOf(silences);
  }
}
