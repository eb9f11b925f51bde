package io.argus.web.query;

import io.argus.store.query.StoreQueryOptions;
import io.argus.store.query.StoreQueryable;
import io.argus.web.WebRequest;
import io.argus.web.api.ApiException;
import io.argus.web.api.RequestQueryables;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Thanos Query's per-request parameters into the options of one request: {@code dedup}
 * (default true), {@code replicaLabels[]} (default the {@code --query.replica-label} flags; the
 * older spelling {@code replicaLabels} is read too) and {@code partial_response} (default {@code
 * --query.partial-response}). Booleans are parsed as Go's {@code strconv.ParseBool}. Thread-safe.
 */
public final class QueryParams implements RequestQueryables {
  private final StoreQueryable queryable;

  /**
   * @param queryable the querier's storage with the defaults from the flags
   */
  public QueryParams(StoreQueryable queryable) {
    this.queryable = queryable;
  }

  @Override
  public StoreQueryable forRequest(WebRequest r) {
    return queryable.withOptions(options(r, queryable.options()));
  }

  /** The options of request {@code r} over {@code defaults}. */
  public static StoreQueryOptions options(WebRequest r, StoreQueryOptions defaults) {
    boolean dedup = bool(r, "dedup", defaults.dedup());
    boolean partial = bool(r, "partial_response", defaults.partialResponse());
    List<String> replicas = new ArrayList<>();
    for (String name : List.of("replicaLabels[]", "replicaLabels")) {
      for (String v : r.params(name)) {
        for (String part : v.split(",")) {
          if (!part.isBlank() && !replicas.contains(part.strip())) {
            replicas.add(part.strip());
          }
        }
      }
    }
    return new StoreQueryOptions(
        dedup, replicas.isEmpty() ? defaults.replicaLabels() : replicas, partial);
  }

  private static boolean bool(WebRequest r, String name, boolean fallback) {
    String v = r.param(name);
    return switch (v) {
      case "" -> fallback;
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default ->
          throw ApiException.invalidParam(
              name, "strconv.ParseBool: parsing \"" + v + "\": invalid syntax");
    };
  }
}
