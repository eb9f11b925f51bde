package io.argus.promql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Warnings and infos collected while evaluating a query, with upstream Prometheus' texts. Each
 * annotation remembers the byte offset in the query text of the expression node that caused it;
 * {@link #render(String)} formats them as the HTTP API does. Annotations with the same text are
 * kept once. Thread-safe.
 */
public final class Annotations {
  /** The annotation levels. */
  public enum Kind {
    WARNING("PromQL warning: "),
    INFO("PromQL info: ");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  /** One annotation; {@code position} is a 0-based offset into the query text, or -1. */
  public record Annotation(Kind kind, String text, int position) {}

  private final Map<String, Annotation> byText = new LinkedHashMap<>();

  /** Warnings of the storage (e.g. a store that did not answer), rendered as they are. */
  private final Set<String> storageWarnings = new LinkedHashSet<>();

  /**
   * Adds a warning the storage reported while a selector was read; it is rendered without prefix or
   * position, before the PromQL warnings, as upstream passes storage warnings through.
   */
  public synchronized void addStorageWarning(String text) {
    storageWarnings.add(text);
  }

  /** Returns the storage warnings in the order first seen. */
  public synchronized List<String> storageWarnings() {
    return List.copyOf(storageWarnings);
  }

  /** Adds an annotation unless one with the same level and text exists. */
  public synchronized void add(Kind kind, String text, int position) {
    byText.putIfAbsent(kind.prefix + text, new Annotation(kind, text, position));
  }

  /** Adds every annotation of {@code other}. */
  public void addAll(Annotations other) {
    for (String w : other.storageWarnings()) {
      addStorageWarning(w);
    }
    for (Annotation a : other.all()) {
      add(a.kind(), a.text(), a.position());
    }
  }

  public synchronized List<Annotation> all() {
    return List.copyOf(byText.values());
  }

  public synchronized boolean isEmpty() {
    return byText.isEmpty() && storageWarnings.isEmpty();
  }

  /**
   * Returns the rendered annotations of {@code kind}: {@code PromQL warning: <text> (line:col)},
   * where line and column are 1-based and the column counts bytes, as upstream does.
   */
  public synchronized List<String> render(Kind kind, String query) {
    List<String> out = new ArrayList<>();
    if (kind == Kind.WARNING) {
      out.addAll(storageWarnings);
    }
    for (Annotation a : byText.values()) {
      if (a.kind() == kind) {
        out.add(format(a, query));
      }
    }
    return out;
  }

  /** Formats one annotation against the query text it was raised for. */
  public static String format(Annotation a, String query) {
    StringBuilder sb = new StringBuilder(a.kind().prefix()).append(a.text());
    if (a.position() >= 0) {
      int line = 1;
      int lineStart = 0;
      int end = Math.min(a.position(), query.length());
      for (int i = 0; i < end; i++) {
        if (query.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      int col =
          query.substring(lineStart, end).getBytes(java.nio.charset.StandardCharsets.UTF_8).length
              + 1;
      sb.append(" (").append(line).append(':').append(col).append(')');
    }
    return sb.toString();
  }

  // Upstream texts, to keep wording in one place.

  /** "metric might not be a counter, name does not end in _total/_sum/_count/_bucket". */
  public static String possibleNonCounter(String metricName) {
    return "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \""
        + metricName
        + "\"";
  }

  public static String invalidQuantile(double q) {
    return "quantile value should be between 0 and 1, got " + Format.goFloat(q);
  }

  public static String badBucketLabel(String le) {
    return "bucket label \"le\" is missing or has a malformed value of \"" + le + "\"";
  }

  public static String bucketsNotMonotonic(String metricName) {
    return "input to histogram_quantile needed to be fixed for monotonicity (see "
        + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) "
        + "for metric name \""
        + metricName
        + "\"";
  }

  public static String ineffectiveSort() {
    return "sort is ineffective for range queries since results are always ordered by labels";
  }
}
